/**
 * What the Conv2D factorizations share: the checked layer (a 2D conv with
 * groups = 1) and its window, indexing of the Keras kernel W[ky][kx][c][o],
 * the thin conv nodes of the chains, the rank choice from singular values,
 * and the relative error of an approximated kernel.
 */
import type { ConvNode, DepthwiseConvNode, Padding } from '../../ir/graph/conv-types.js';
import type { Graph } from '../../ir/graph/types.js';
import { window2d, type Window2d } from '../conv/window.js';
import { nodeByName } from '../graph-edit.js';
import { checkRange, invalidRequest } from '../request-error.js';

/** Exactly one way of choosing the rank(s). */
export type ConvRankChoice =
  | { readonly rank: number }
  /** Tucker-2 only: [input rank, output rank] */
  | { readonly ranks: readonly [number, number] }
  /** kept fraction of Σσ² (per unfolded mode for Tucker-2; for CP, 1 − relative squared error) */
  | { readonly energy: number }
  /** the largest rank whose chain needs at most this many MACs per sample */
  | { readonly macBudget: number };

export interface ConvFactorizeResult {
  readonly graph: Graph;
  /** the chosen rank (Tucker-2: [input rank, output rank]) */
  readonly ranks: readonly number[];
  /** ‖W − Ŵ‖_F / ‖W‖_F of the kernel the chain computes */
  readonly relativeError: number;
  readonly macsBefore: number;
  readonly macsAfter: number;
}

export interface ConvLayer {
  readonly node: ConvNode;
  readonly win: Window2d;
  readonly KH: number;
  readonly KW: number;
  readonly C: number;
  readonly F: number;
}

/** The conv called `name`, which must be 2D with groups = 1; FF019 otherwise. */
export function convLayer(graph: Graph, name: string, inShapeOf: (n: string) => readonly number[]): ConvLayer {
  const node = nodeByName(graph, name);
  if (node === undefined) throw invalidRequest(`no layer named '${name}'`, name);
  if (node.op !== 'conv') throw invalidRequest(`layer '${name}' is a ${node.op}, not a conv layer`, name);
  if (node.groups !== 1) throw invalidRequest(`conv factorization needs groups = 1; '${name}' has ${node.groups}`, name, 'groups');
  if (node.kernelSize.length !== 2) throw invalidRequest(`conv factorization needs a 2D conv; '${name}' has ${node.kernelSize.length} spatial axes`, name, 'kernelSize');
  const win = window2d(name, inShapeOf(node.inputs[0] ?? ''), node.kernelSize, node.strides, node.padding);
  return { node, win, KH: win.KH, KW: win.KW, C: win.C, F: node.filters };
}

export function inShapes(graph: Graph): (n: string) => readonly number[] {
  const m = new Map(graph.nodes.map((n) => [n.name, n.shape]));
  return (n) => m.get(n) ?? [];
}

/** Index of W[ky][kx][c][o] in the flat Keras kernel. */
export function kIndex(l: ConvLayer, ky: number, kx: number, c: number, o: number): number {
  return ((ky * l.KW + kx) * l.C + c) * l.F + o;
}

/** MACs per sample of the original layer. */
export function layerMacs(l: ConvLayer): number {
  return l.win.OH * l.win.OW * l.KH * l.KW * l.C * l.F;
}

export function relativeError(w: ArrayLike<number>, approx: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < w.length; i++) {
    num += ((w[i] ?? 0) - (approx[i] ?? 0)) ** 2;
    den += (w[i] ?? 0) ** 2;
  }
  return den === 0 ? 0 : Math.sqrt(num / den);
}

/** Smallest r whose leading σ² hold `energy` of the total (1 ≤ r ≤ s.length). */
export function rankForEnergy(s: ArrayLike<number>, energy: number, layer: string): number {
  checkRange(energy, 0, 1, 'energy', layer, { lo: true });
  let total = 0;
  for (let i = 0; i < s.length; i++) total += (s[i] ?? 0) ** 2;
  if (total === 0) throw invalidRequest(`layer '${layer}' has an all-zero kernel; nothing to factorize`, layer, 'kernel');
  let acc = 0;
  for (let r = 1; r <= s.length; r++) {
    acc += (s[r - 1] ?? 0) ** 2;
    if (acc / total >= energy * (1 - 1e-12)) return r;
  }
  return s.length;
}

/** Largest r in [1, maxRank] with macsOf(r) ≤ budget (macsOf increasing); FF019 when even rank 1 does not fit. */
export function rankForBudget(budget: number, maxRank: number, macsOf: (r: number) => number, layer: string): number {
  if (!Number.isFinite(budget) || budget < macsOf(1)) {
    throw invalidRequest(`macBudget ${budget} is below the ${macsOf(1)} MACs of a rank-1 factorization of '${layer}'`, layer, 'macBudget');
  }
  let r = 1;
  while (r < maxRank && macsOf(r + 1) <= budget) r++;
  return r;
}

export function pointwise(name: string, input: string, shape: readonly number[], filters: number, kernel: ArrayLike<number>, bias: readonly number[] | null): ConvNode {
  return { op: 'conv', name, inputs: [input], shape, kernelSize: [1, 1], strides: [1, 1], padding: 'valid', groups: 1, filters, kernel: Array.from(kernel), bias };
}

export function spatialConv(
  name: string,
  input: string,
  shape: readonly number[],
  kernelSize: readonly number[],
  strides: readonly number[],
  padding: Padding,
  filters: number,
  kernel: ArrayLike<number>,
  bias: readonly number[] | null,
): ConvNode {
  return { op: 'conv', name, inputs: [input], shape, kernelSize, strides, padding, groups: 1, filters, kernel: Array.from(kernel), bias };
}

export function depthwise(name: string, input: string, shape: readonly number[], kernelSize: readonly number[], strides: readonly number[], padding: Padding, kernel: ArrayLike<number>): DepthwiseConvNode {
  return { op: 'depthwise_conv', name, inputs: [input], shape, kernelSize, strides, padding, depthMultiplier: 1, kernel: Array.from(kernel), bias: null };
}

/** Explicit padding of the row axis only (first of a k×1 / 1×k pair) and of the column axis only. */
export function rowPadding(w: Window2d): Padding {
  return { before: [w.PT, 0], after: [w.PB, 0] };
}

export function colPadding(w: Window2d): Padding {
  return { before: [0, w.PL], after: [0, w.PR] };
}

/** The original layer's quant annotation, for the chain's last node (which keeps the name). */
export function keepQuant(node: ConvNode): Pick<ConvNode, 'quant'> {
  return node.quant !== undefined ? { quant: node.quant } : {};
}

export function checkChoice(choice: ConvRankChoice, layer: string, allowPair: boolean): void {
  const keys = Object.keys(choice).filter((k) => ['rank', 'ranks', 'energy', 'macBudget'].includes(k));
  if (keys.length !== 1) throw invalidRequest(`give exactly one of rank, ranks, energy, macBudget (got ${keys.join(', ') || 'none'})`, layer, 'rank');
  if ('ranks' in choice && !allowPair) throw invalidRequest(`'ranks' (a pair) is for Tucker-2 only; give 'rank'`, layer, 'ranks');
}
