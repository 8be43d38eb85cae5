/**
 * Fold each BatchNorm into the Dense or convolution before it (when it is
 * that layer's only reader), as the lowering does, so that compression steps
 * that need plain layers (QAT) see what the hardware computes:
 *   s = γ / √(variance + ε),  W'[…][o] = W[…][o] · s[o],  b' = (b − mean) · s + β.
 * Every kernel layout of the graph IR has the output channel last; a
 * separable conv scales its pointwise kernel. The folded layer keeps its
 * name; readers of the BatchNorm read it instead.
 */
import type { BatchNormNode, Graph, GraphNode } from '../../ir/graph/types.js';
import { consumersOf, nodeByName } from '../graph-edit.js';

function scaleColumns(kernel: readonly number[], s: readonly number[]): number[] {
  const cols = s.length;
  return kernel.map((w, i) => w * (s[i % cols] ?? 1));
}

function folded(src: GraphNode, bn: BatchNormNode): GraphNode | undefined {
  const s = bn.gamma.map((g, c) => g / Math.sqrt((bn.variance[c] ?? 1) + bn.epsilon));
  const shifted = (old: readonly number[] | null): number[] => s.map((sc, c) => ((old?.[c] ?? 0) - (bn.mean[c] ?? 0)) * sc + (bn.beta[c] ?? 0));
  switch (src.op) {
    case 'dense':
    case 'conv':
    case 'depthwise_conv':
      return { ...src, kernel: scaleColumns(src.kernel, s), bias: shifted(src.bias) };
    case 'separable_conv':
      return { ...src, pointwiseKernel: scaleColumns(src.pointwiseKernel, s), bias: shifted(src.bias) };
    default:
      return undefined;
  }
}

export function foldBatchnorms(graph: Graph): Graph {
  let g = graph;
  for (const bn of graph.nodes) {
    if (bn.op !== 'batchnorm') continue;
    const src = nodeByName(g, bn.inputs[0] ?? '');
    if (src === undefined || consumersOf(g, src.name).length !== 1 || g.outputs.includes(src.name)) continue;
    // as the lowering: weights already quantized are exact; they are not disturbed
    if (src.quant?.weight !== undefined) continue;
    const f = folded(src, bn);
    if (f === undefined) continue;
    const nodes = g.nodes
      .filter((n) => n.name !== bn.name)
      .map((n) => (n.name === src.name ? f : n.inputs.includes(bn.name) ? { ...n, inputs: n.inputs.map((i) => (i === bn.name ? src.name : i)) } : n));
    g = { ...g, nodes, outputs: g.outputs.map((o) => (o === bn.name ? src.name : o)) };
  }
  return g;
}
