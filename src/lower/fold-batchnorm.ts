/**
 * Fold a BatchNorm into the Dense that feeds it (when nothing else reads the
 * Dense): W'[i][o] = W[i][o]·s[o], b'[o] = (b[o] − mean[o])·s[o] + beta[o],
 * s = gamma / sqrt(var + eps). The folded layer keeps the Dense's name and
 * takes the BatchNorm's consumers. Other BatchNorms stay standalone.
 */
import type { BatchNormNode, DenseNode, Graph, GraphNode } from '../ir/graph/types.js';
import { fuseBatchnormIntoConv, isFoldableConv } from './conv/fold-conv-batchnorm.js';

export function batchnormScale(bn: BatchNormNode): { scale: number[]; shift: number[] } {
  const scale = bn.gamma.map((g, c) => g / Math.sqrt((bn.variance[c] ?? 0) + bn.epsilon));
  const shift = bn.beta.map((b, c) => b - (bn.mean[c] ?? 0) * (scale[c] ?? 0));
  return { scale, shift };
}

export interface FoldResult {
  readonly graph: Graph;
  /** BatchNorm name → the Dense it was folded into */
  readonly folded: ReadonlyMap<string, string>;
  /** Dense name → the BatchNorm folded into it */
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
    if (!src || (src.op !== 'dense' && !isFoldableConv(src)) || consumers.get(src.name) !== 1 || graph.outputs.includes(src.name)) continue;
    if (src.quant?.weight !== undefined) continue; // quantized weights are exact already: do not disturb them
    if (isFoldableConv(src)) {
      replaced.set(src.name, fuseBatchnormIntoConv(src, n));
      folded.set(n.name, src.name);
      foldedInto.set(src.name, n);
      continue;
    }
    const { scale, shift } = batchnormScale(n);
    const inF = src.kernel.length / src.units;
    const kernel = new Array<number>(src.kernel.length);
    for (let i = 0; i < inF; i++) {
      for (let o = 0; o < src.units; o++) kernel[i * src.units + o] = (src.kernel[i * src.units + o] ?? 0) * (scale[o] ?? 0);
    }
    const bias = scale.map((s, o) => (src.bias?.[o] ?? 0) * s + (shift[o] ?? 0));
    const fused: DenseNode = { ...src, kernel, bias, ...(n.quant?.result ? { quant: { ...src.quant, result: n.quant.result } } : {}) };
    replaced.set(src.name, fused);
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
