/**
 * Training with binary or ternary weights (BinaryConnect; ternary weight
 * networks): the forward uses quantizeLowBit of the latent float weights,
 * the backward is straight-through (for binary, only where |w| ≤ 1, and the
 * latent weights are clipped to [−1, 1] after each step, as in
 * BinaryConnect). The result's kernels are the binary/ternary values.
 */
import * as tf from '@tensorflow/tfjs';
import type { DenseNode, Graph } from '../../ir/graph/types.js';
import { denseByName, denseNodes } from '../graph-edit.js';
import type { LabelledData } from '../train/dataset.js';
import { fitGraphNet, type FitOptions } from '../train/fit.js';
import { GraphNet, type ForwardHooks } from '../train/graph-net.js';
import { lowBitLayers, quantizeLowBit, type LowBitMode } from './low-bit-weights.js';

export function lowBitKernel(kernel: tf.Tensor2D, mode: LowBitMode, layer: string): tf.Tensor2D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const w = args[0] as tf.Tensor;
    (args[1] as tf.GradSaveFunc)([w]);
    const q = quantizeLowBit(w.dataSync(), mode, layer);
    return {
      value: tf.tensor(Float32Array.from(q.values), w.shape),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const s = saved[0] ?? w;
        return mode === 'binary' ? tf.mul(dy, tf.cast(tf.lessEqual(tf.abs(s), 1), 'float32')) : dy;
      },
    };
  });
  return f(kernel) as tf.Tensor2D;
}

export function lowBitHooks(mode: LowBitMode, layers: ReadonlySet<string>): ForwardHooks {
  return { kernel: (node: DenseNode, k: tf.Tensor2D) => (layers.has(node.name) ? lowBitKernel(k, mode, node.name) : k) };
}

export function trainLowBit(graph: Graph, data: LabelledData, mode: LowBitMode, fit: Omit<FitOptions, 'hooks' | 'afterStep'>, layers?: readonly string[]): Graph {
  const chosen = layers === undefined ? denseNodes(graph).map((n) => n.name) : layers.map((l) => denseByName(graph, l).name);
  const set = new Set(chosen);
  const net = new GraphNet(graph);
  try {
    fitGraphNet(net, data, {
      ...fit,
      hooks: lowBitHooks(mode, set),
      afterStep: () => {
        if (mode !== 'binary') return;
        for (const name of chosen) {
          const v = net.denseVars(name);
          tf.tidy(() => v.kernel.assign(tf.clipByValue(v.kernel, -1, 1)));
        }
      },
    });
    return lowBitLayers(net.toGraph(), mode, chosen);
  } finally {
    net.dispose();
  }
}
