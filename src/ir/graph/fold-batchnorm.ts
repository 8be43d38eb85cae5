/**
 * Fold each BatchNorm into the Dense or convolution that feeds it, when that
 * layer has no other reader, is not an output and carries no weight
 * quantization (quantized weights are exact already: they are not disturbed).
 * With s = gamma / sqrt(variance + epsilon) and shift = beta − mean · s:
 *   W'[…][o] = W[…][o] · s[o],   b'[o] = b[o] · s[o] + shift[o],
 * o the output channel, the last axis of every kernel layout of the graph IR
 * (a SeparableConv scales its pointwise kernel). The folded layer keeps its
 * name, takes the BatchNorm's readers and its result quantization. Other
 * BatchNorms stay standalone.
 *
 * One fold for every caller: the lowering (src/pipeline.ts, src/lower), the
 * error bound (src/report) and compression steps that must see what the
 * hardware computes (src/compress: calibration, QAT).
 */
import type { FoldableConvNode } from './conv-types.js';
import type { BatchNormNode, DenseNode, Graph, GraphNode } from './types.js';

export function batchnormScale(bn: BatchNormNode): { scale: number[]; shift: number[] } {
  const scale = bn.gamma.map((g, c) => g / Math.sqrt((bn.variance[c] ?? 0) + bn.epsilon));
  const shift = bn.beta.map((b, c) => b - (bn.mean[c] ?? 0) * (scale[c] ?? 0));
  return { scale, shift };
}

export function isFoldableConv(n: { readonly op: string }): n is FoldableConvNode {
  return n.op === 'conv' || n.op === 'depthwise_conv' || n.op === 'separable_conv';
}

type Foldable = DenseNode | FoldableConvNode;

function isFoldable(n: GraphNode): n is Foldable {
  return n.op === 'dense' || isFoldableConv(n);
}

/** Each weight times the scale of its output channel (the last axis). */
function scaleLast(kernel: readonly number[], scale: readonly number[]): number[] {
  const f = scale.length;
  return kernel.map((w, i) => w * (scale[i % f] ?? 0));
}

/** The layer with the BatchNorm folded in. */
export function fuseBatchnorm<N extends Foldable>(src: N, bn: BatchNormNode): N {
  const { scale, shift } = batchnormScale(bn);
  const bias = scale.map((s, o) => (src.bias?.[o] ?? 0) * s + (shift[o] ?? 0));
  const quant = bn.quant?.result ? { quant: { ...src.quant, result: bn.quant.result } } : {};
  if (src.op === 'separable_conv') return { ...src, pointwiseKernel: scaleLast(src.pointwiseKernel, scale), bias, ...quant };
  return { ...src, kernel: scaleLast(src.kernel, scale), bias, ...quant };
}

export interface FoldResult {
  readonly graph: Graph;
  /** BatchNorm name → the layer it was folded into */
  readonly folded: ReadonlyMap<string, string>;
  /** layer name → the BatchNorm folded into it (its configuration gives the result type) */
  readonly foldedInto: ReadonlyMap<string, BatchNormNode>;
}

export function foldBatchnorm(graph: Graph): FoldResult {
  const consumers = new Map<string, number>();
  for (const n of graph.nodes) for (const i of n.inputs) consumers.set(i, (consumers.get(i) ?? 0) + 1);
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const folded = new Map<string, string>();
  const foldedInto = new Map<string, BatchNormNode>();
  const replaced = new Map<string, GraphNode>();
  for (const n of graph.nodes) {
    if (n.op !== 'batchnorm' || n.inputs.length !== 1) continue;
    const src = byName.get(n.inputs[0] ?? '');
    if (!src || !isFoldable(src) || consumers.get(src.name) !== 1 || graph.outputs.includes(src.name)) continue;
    if (src.quant?.weight !== undefined) continue;
    replaced.set(src.name, fuseBatchnorm(src, n));
    folded.set(n.name, src.name);
    foldedInto.set(src.name, n);
  }
  if (folded.size === 0) return { graph, folded, foldedInto };
  const nodes: GraphNode[] = [];
  for (const n of graph.nodes) {
    if (folded.has(n.name)) continue;
    const r = replaced.get(n.name) ?? n;
    nodes.push({ ...r, inputs: r.inputs.map((i) => folded.get(i) ?? i) } as GraphNode);
  }
  return { graph: { ...graph, nodes, outputs: graph.outputs.map((o) => folded.get(o) ?? o) }, folded, foldedInto };
}
