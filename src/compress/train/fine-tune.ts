/**
 * Fine-tuning a graph in tfjs (after pruning units or factorizing a layer):
 * train all its variables and return the graph with the new values. Zero
 * weights are kept at zero when `keepZeros` is set (for pruned graphs).
 */
import * as tf from '@tensorflow/tfjs';
import type { Graph } from '../../ir/graph/types.js';
import { denseNodes } from '../graph-edit.js';
import type { LabelledData } from './dataset.js';
import { fitGraphNet, type FitOptions } from './fit.js';
import { GraphNet } from './graph-net.js';

export function fineTune(graph: Graph, data: LabelledData, fit: Omit<FitOptions, 'afterStep'>, keepZeros = false): Graph {
  const net = new GraphNet(graph);
  const masks = new Map<string, tf.Tensor2D>();
  if (keepZeros) {
    for (const d of denseNodes(graph)) {
      const v = net.denseVars(d.name);
      masks.set(d.name, tf.tensor2d(Float32Array.from(d.kernel, (w) => (w === 0 ? 0 : 1)), v.kernel.shape as [number, number]));
    }
  }
  try {
    fitGraphNet(net, data, {
      ...fit,
      afterStep: () => {
        for (const [name, m] of masks) {
          const v = net.denseVars(name);
          tf.tidy(() => v.kernel.assign(tf.mul(v.kernel, m)));
        }
      },
    });
    return net.toGraph();
  } finally {
    for (const m of masks.values()) m.dispose();
    net.dispose();
  }
}
