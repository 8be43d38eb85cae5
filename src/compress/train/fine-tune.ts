/**
 * Fine-tuning a graph in tfjs (after pruning units or factorizing a layer):
 * train all its variables and return the graph with the new values. Zero
 * weights are kept at zero when `keepZeros` is set (for pruned graphs).
 */
import * as tf from '@tensorflow/tfjs';
import type { Graph } from '../../ir/graph/types.js';
import { kernelNodes } from '../graph-edit.js';
import type { LabelledData } from './dataset.js';
import { fitGraphNet, type FitOptions } from './fit.js';
import { GraphNet } from './graph-net.js';

export function fineTune(graph: Graph, data: LabelledData, fit: Omit<FitOptions, 'afterStep'>, keepZeros = false): Graph {
  const net = new GraphNet(graph);
  const masks = new Map<string, tf.Tensor>();
  if (keepZeros) {
    for (const d of kernelNodes(graph)) {
      const v = net.kernelVar(d.name);
      masks.set(d.name, tf.tensor(Float32Array.from(d.kernel, (w) => (w === 0 ? 0 : 1)), v.shape));
    }
  }
  try {
    fitGraphNet(net, data, {
      ...fit,
      afterStep: () => {
        for (const [name, m] of masks) {
          const v = net.kernelVar(name);
          tf.tidy(() => v.assign(tf.mul(v, m)));
        }
      },
    });
    return net.toGraph();
  } finally {
    for (const m of masks.values()) m.dispose();
    net.dispose();
  }
}
