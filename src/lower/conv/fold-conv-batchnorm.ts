/**
 * Fold a BatchNorm into the convolution that feeds it (when nothing else
 * reads the conv and its weights carry no quantization annotation), as
 * fold-batchnorm.ts does for Dense: with s = gamma / sqrt(var + eps),
 * W'[…][o] = W[…][o] · s[o], b'[o] = (b[o] − mean[o]) · s[o] + beta[o],
 * o the output channel (the last axis of every Keras conv kernel). For a
 * SeparableConv the pointwise kernel and the bias take the scale. The folded
 * layer keeps the conv's name and takes the BatchNorm's consumers.
 */
import type { ConvGraphNode, FoldableConvNode } from '../../ir/graph/conv-types.js';
import type { BatchNormNode, GraphNode } from '../../ir/graph/types.js';
import { batchnormScale } from '../fold-batchnorm.js';

function scaleLast(kernel: readonly number[], scale: readonly number[]): number[] {
  const F = scale.length;
  return kernel.map((w, i) => w * (scale[i % F] ?? 0));
}

export function isFoldableConv(n: { readonly op: string }): n is FoldableConvNode {
  return n.op === 'conv' || n.op === 'depthwise_conv' || n.op === 'separable_conv';
}

/** The conv with the BatchNorm folded in (merge: fold-batchnorm.ts calls this for conv producers). */
export function fuseBatchnormIntoConv(src: FoldableConvNode, bn: BatchNormNode): FoldableConvNode {
  const { scale, shift } = batchnormScale(bn);
  const bias = scale.map((s, o) => (src.bias?.[o] ?? 0) * s + (shift[o] ?? 0));
  const quant = bn.quant?.result ? { quant: { ...src.quant, result: bn.quant.result } } : {};
  switch (src.op) {
    case 'conv':
    case 'depthwise_conv':
      return { ...src, kernel: scaleLast(src.kernel, scale), bias, ...quant };
    case 'separable_conv':
      return { ...src, pointwiseKernel: scaleLast(src.pointwiseKernel, scale), bias, ...quant };
  }
}

type AnyNode = GraphNode | ConvGraphNode;

export interface ConvFoldResult<N> {
  readonly nodes: N[];
  readonly outputs: string[];
  /** BatchNorm name → the conv it was folded into */
  readonly folded: ReadonlyMap<string, string>;
  /** conv name → the BatchNorm folded into it (its configuration gives the result type) */
  readonly foldedInto: ReadonlyMap<string, BatchNormNode>;
}

/** The fold over a node list that mixes graph and conv ops (before the merge). */
export function foldConvBatchnorm(nodes: readonly AnyNode[], outputs: readonly string[]): ConvFoldResult<AnyNode> {
  const consumers = new Map<string, number>();
  for (const n of nodes) for (const i of n.inputs) consumers.set(i, (consumers.get(i) ?? 0) + 1);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const folded = new Map<string, string>();
  const foldedInto = new Map<string, BatchNormNode>();
  const replaced = new Map<string, AnyNode>();
  for (const n of nodes) {
    if (n.op !== 'batchnorm' || n.inputs.length !== 1) continue;
    const src = byName.get(n.inputs[0] ?? '');
    if (!src || !isFoldableConv(src) || consumers.get(src.name) !== 1 || outputs.includes(src.name)) continue;
    if (src.quant?.weight !== undefined) continue; // quantized weights are exact already: do not disturb them
    replaced.set(src.name, fuseBatchnormIntoConv(src, n));
    folded.set(n.name, src.name);
    foldedInto.set(src.name, n);
  }
  const out: AnyNode[] = [];
  for (const n of nodes) {
    if (folded.has(n.name)) continue;
    const r = replaced.get(n.name) ?? n;
    out.push({ ...r, inputs: r.inputs.map((i) => folded.get(i) ?? i) } as AnyNode);
  }
  return { nodes: out, outputs: outputs.map((o) => folded.get(o) ?? o), folded, foldedInto };
}
