/**
 * Structured pruning of convolution filters (Li 2017 by L1 norm, FPGM by
 * distance to the geometric median, network slimming by BatchNorm γ) that
 * physically removes output channels of a Conv (groups = 1) and the matching
 * channels everywhere they travel: through BatchNorm, activations, clip,
 * leaky ReLU, pooling, global pooling, zero padding, upsampling and
 * depthwise convs (which keep the M channels c·M … c·M + M − 1 of each kept
 * c), into the readers that mix channels: a Conv (groups = 1) or
 * SeparableConv loses the matching input channels of its kernel, a Dense
 * (after global pooling or a flatten) the matching rows. Readers may fan out
 * (every path is followed). A Concatenate passes the channels on at the
 * operand's offset (the other operands keep theirs). A residual Add on the
 * way is refused (FF019): removing channels on one branch only would
 * misalign the sum, so the channels would have to be pruned on every branch
 * alike; so is a channel shuffle, a grouped conv, softmax, or reaching a
 * graph output.
 *
 * A removed filter still fed its readers a value: with its weights taken as
 * zero it outputs its bias, carried through the per-channel nodes (with
 * bn-slim the first BatchNorm's γ is taken as zero, exact when γ = 0) and
 * through depthwise convs (bias + value · Σ taps) and folded into each
 * reader's bias (value · Σ of the reader's taps on that channel). This is
 * exact wherever the reader's window lies inside its input ('valid'
 * windows); at 'same' borders and after zero padding, the padded zeros make
 * the removed channel's contribution smaller than the folded constant.
 */
import { assertNever } from '../../core/assert-never.js';
import type { ConvNode, SeparableConvNode } from '../../ir/graph/conv-types.js';
import type { DenseNode, Graph, GraphNode } from '../../ir/graph/types.js';
import { shapeSize } from '../../ir/graph/types.js';
import { channelsOf } from '../conv/window.js';
import { consumersOf, nodeByName, replaceNodes } from '../graph-edit.js';
import { checkRange, invalidRequest } from '../request-error.js';
import { channelValue, type UnitPruneLayer } from './remove-units.js';
import { unitScores, unitsToKeep, type UnitCriterion } from './unit-scores.js';

export interface FilterPruneOptions {
  readonly criterion: UnitCriterion;
  /** fraction of filters to remove, in [0, 1); per layer name, or one for all chosen layers */
  readonly ratio: number | Readonly<Record<string, number>>;
  /** conv layers to prune (default: the keys of a per-layer ratio, or every conv whose filters can be removed) */
  readonly layers?: readonly string[];
}

export interface FilterPruneResult {
  readonly graph: Graph;
  readonly layers: readonly UnitPruneLayer[];
}

/** A node on the way, with the kept channels of its input (indices into `channels`). */
interface Step {
  readonly node: GraphNode;
  readonly from: string;
  readonly kept: readonly number[];
  readonly channels: number;
  /** a Concatenate: where the operand's channels start, and the kept channels of the output */
  readonly concat?: { readonly offset: number; readonly kept: readonly number[]; readonly channels: number };
}

/** Everything the filters of `conv` reach: per-channel nodes on the way, and the readers that mix channels. */
export function filterPaths(graph: Graph, conv: ConvNode, kept: readonly number[]): { path: Step[]; ends: Step[] } {
  const path: Step[] = [];
  const ends: Step[] = [];
  const refuse = (why: string): never => {
    throw invalidRequest(`filters of '${conv.name}' cannot be removed: ${why}`, conv.name, 'layers');
  };
  const queue: { name: string; kept: readonly number[]; channels: number; flat: boolean }[] = [{ name: conv.name, kept, channels: conv.filters, flat: false }];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    if (graph.outputs.includes(item.name)) refuse(`they reach the graph output '${item.name}'`);
    for (const r of consumersOf(graph, item.name)) {
      const step: Step = { node: r, from: item.name, kept: item.kept, channels: item.channels };
      if (path.some((p) => p.node.name === r.name) || ends.some((e) => e.node.name === r.name)) refuse(`they reach '${r.name}' along two paths`);
      if (item.flat && r.op !== 'dense') refuse(`the flattened '${item.name}' feeds a ${r.op} ('${r.name}'), not a dense layer`);
      switch (r.op) {
        case 'batchnorm':
        case 'activation':
        case 'clip':
        case 'leaky_relu':
        case 'pool':
        case 'global_pool':
        case 'zero_pad':
        case 'upsample':
          path.push(step);
          queue.push({ name: r.name, kept: item.kept, channels: item.channels, flat: false });
          break;
        case 'reshape':
          if (r.shape.length !== 1) refuse(`reshape '${r.name}' to [${r.shape.join(', ')}] mixes the channel axis`);
          path.push(step);
          queue.push({ name: r.name, kept: item.kept, channels: item.channels, flat: true });
          break;
        case 'depthwise_conv': {
          const m = r.depthMultiplier;
          path.push(step);
          queue.push({ name: r.name, kept: item.kept.flatMap((c) => Array.from({ length: m }, (_, j) => c * m + j)), channels: item.channels * m, flat: false });
          break;
        }
        case 'conv':
          if (r.groups !== 1) refuse(`they feed the grouped conv '${r.name}' (groups = ${r.groups})`);
          ends.push(step);
          break;
        case 'separable_conv':
        case 'dense':
          ends.push(step);
          break;
        case 'concat': {
          if (r.inputs.filter((i) => i === item.name).length !== 1) refuse(`'${item.name}' enters the Concatenate '${r.name}' more than once`);
          const at = r.inputs.indexOf(item.name);
          const offset = r.inputs.slice(0, at).reduce((a, i) => a + channelsOf(nodeByName(graph, i)?.shape ?? [1]), 0);
          const channels = channelsOf(r.shape);
          const removed = new Set(Array.from({ length: item.channels }, (_, c) => c).filter((c) => !item.kept.includes(c)).map((c) => c + offset));
          const kept = Array.from({ length: channels }, (_, c) => c).filter((c) => !removed.has(c));
          path.push({ ...step, concat: { offset, kept, channels } });
          queue.push({ name: r.name, kept, channels, flat: false });
          break;
        }
        case 'add':
          refuse(
            `they feed the residual Add '${r.name}', whose other operands would keep all their channels, so the sum would misalign; prune the same channels on every branch by hand, or choose a layer outside the block`,
          );
          break;
        case 'channel_shuffle':
        case 'softmax':
        case 'input':
          refuse(`they feed a ${r.op} ('${r.name}')`);
          break;
        default:
          assertNever(r, 'graph node');
      }
    }
  }
  return { path, ends };
}

function pick<T>(values: readonly T[], idx: readonly number[]): T[] {
  return idx.map((i) => values[i] as T);
}

/** Keep input channels `kept` (of C) of a kernel laid out [taps][C][inner]. */
function keepInputChannels(kernel: readonly number[], C: number, kept: readonly number[], inner: number): number[] {
  const taps = kernel.length / (C * inner);
  const out: number[] = [];
  for (let t = 0; t < taps; t++) for (const c of kept) for (let j = 0; j < inner; j++) out.push(kernel[(t * C + c) * inner + j] ?? 0);
  return out;
}

/** Σ over the taps of kernel[tap][c][j], for a kernel laid out [taps][C][inner]. */
function tapSum(kernel: readonly number[], C: number, c: number, j: number, inner: number): number {
  const taps = kernel.length / (C * inner);
  let s = 0;
  for (let t = 0; t < taps; t++) s += kernel[(t * C + c) * inner + j] ?? 0;
  return s;
}

/** The constant output, per channel, of a per-channel node, depthwise conv or Concatenate whose input channels hold `v`. */
function carry(s: Step, v: Float64Array, zeroGamma: boolean): Float64Array {
  const node = s.node;
  switch (node.op) {
    case 'concat': {
      const out = new Float64Array(s.concat?.channels ?? 0);
      v.forEach((x, c) => (out[c + (s.concat?.offset ?? 0)] = x));
      return out;
    }
    case 'batchnorm':
    case 'activation':
    case 'clip':
    case 'leaky_relu':
      return v.map((x, c) => channelValue(node, c, x, zeroGamma));
    case 'depthwise_conv': {
      const m = node.depthMultiplier;
      const C = v.length;
      const out = new Float64Array(C * m);
      for (let c = 0; c < C; c++) for (let j = 0; j < m; j++) out[c * m + j] = (node.bias?.[c * m + j] ?? 0) + (v[c] ?? 0) * tapSum(node.kernel, C, c, j, m);
      return out;
    }
    default:
      return v;
  }
}

function sliced(s: Step): GraphNode {
  const n = s.node;
  const keep = s.kept.length;
  const shape = [...n.shape.slice(0, -1), keep];
  switch (n.op) {
    case 'batchnorm':
      return { ...n, shape, gamma: pick(n.gamma, s.kept), beta: pick(n.beta, s.kept), mean: pick(n.mean, s.kept), variance: pick(n.variance, s.kept) };
    case 'depthwise_conv': {
      const m = n.depthMultiplier;
      const outKept = s.kept.flatMap((c) => Array.from({ length: m }, (_, j) => c * m + j));
      return { ...n, shape: [...n.shape.slice(0, -1), outKept.length], kernel: keepInputChannels(n.kernel, s.channels, s.kept, m), bias: n.bias === null ? null : pick(n.bias, outKept) };
    }
    case 'reshape':
      return { ...n, shape: [(shapeSize(n.shape) / s.channels) * keep] };
    case 'concat':
      return { ...n, shape: [...n.shape.slice(0, -1), s.concat?.kept.length ?? keep] };
    default:
      return { ...n, shape };
  }
}

function withBias(bias: readonly number[] | null, add: Float64Array): number[] | null {
  if (bias === null && add.every((b) => b === 0)) return null;
  return Array.from(add, (b, o) => (bias?.[o] ?? 0) + b);
}

/** The reader with the kept input channels only, removed channels (holding `v`) folded into its bias. */
function trimmedEnd(s: Step, v: Float64Array): GraphNode {
  const removed = Array.from({ length: s.channels }, (_, c) => c).filter((c) => !s.kept.includes(c));
  const C = s.channels;
  const n = s.node as ConvNode | SeparableConvNode | DenseNode;
  switch (n.op) {
    case 'conv': {
      const F = n.filters;
      const add = new Float64Array(F);
      for (const c of removed) for (let o = 0; o < F; o++) add[o] = (add[o] ?? 0) + (v[c] ?? 0) * tapSum(n.kernel, C, c, o, F);
      return { ...n, kernel: keepInputChannels(n.kernel, C, s.kept, F), bias: withBias(n.bias, add) };
    }
    case 'separable_conv': {
      const m = n.depthMultiplier;
      const F = n.filters;
      const add = new Float64Array(F);
      for (const c of removed) {
        for (let j = 0; j < m; j++) {
          const dv = (v[c] ?? 0) * tapSum(n.depthwiseKernel, C, c, j, m);
          for (let o = 0; o < F; o++) add[o] = (add[o] ?? 0) + dv * (n.pointwiseKernel[(c * m + j) * F + o] ?? 0);
        }
      }
      const rows = s.kept.flatMap((c) => Array.from({ length: m }, (_, j) => c * m + j));
      return {
        ...n,
        depthwiseKernel: keepInputChannels(n.depthwiseKernel, C, s.kept, m),
        pointwiseKernel: rows.flatMap((r) => n.pointwiseKernel.slice(r * F, (r + 1) * F)),
        bias: withBias(n.bias, add),
      };
    }
    case 'dense': {
      const U = n.units;
      const positions = n.kernel.length / U / C;
      const add = new Float64Array(U);
      const kernel: number[] = [];
      for (let p = 0; p < positions; p++) {
        for (const c of removed) for (let o = 0; o < U; o++) add[o] = (add[o] ?? 0) + (v[c] ?? 0) * (n.kernel[(p * C + c) * U + o] ?? 0);
        for (const c of s.kept) for (let o = 0; o < U; o++) kernel.push(n.kernel[(p * C + c) * U + o] ?? 0);
      }
      return { ...n, kernel, bias: withBias(n.bias, add) };
    }
  }
}

function convByName(graph: Graph, name: string): ConvNode {
  const node = nodeByName(graph, name);
  if (node === undefined) throw invalidRequest(`no layer named '${name}'`, name);
  if (node.op !== 'conv') throw invalidRequest(`layer '${name}' is a ${node.op}, not a conv layer`, name);
  if (node.groups !== 1) throw invalidRequest(`filter pruning supports convs with groups = 1; '${name}' has ${node.groups}`, name, 'groups');
  return node;
}

function pruneOne(graph: Graph, layer: string, ratio: number, criterion: UnitCriterion): { graph: Graph; report: UnitPruneLayer } {
  checkRange(ratio, 0, 1, 'ratio', layer, { hi: true });
  const conv = convByName(graph, layer);
  const F = conv.filters;
  const keep = F - Math.round(ratio * F);
  if (keep < 1) throw invalidRequest(`pruning would leave layer '${layer}' with zero filters`, layer, 'ratio');
  const kept = unitsToKeep(unitScores(graph, { name: conv.name, kernel: conv.kernel, units: F }, criterion), keep);
  const { path, ends } = filterPaths(graph, conv, kept);
  const values = new Map<string, Float64Array>([[conv.name, Float64Array.from({ length: F }, (_, c) => conv.bias?.[c] ?? 0)]]);
  let firstBn = criterion === 'bn-slim';
  const repl = new Map<string, GraphNode>();
  for (const s of path) {
    const v = values.get(s.from) ?? new Float64Array(s.channels);
    const zeroGamma = firstBn && s.node.op === 'batchnorm';
    if (zeroGamma) firstBn = false;
    values.set(s.node.name, carry(s, v, zeroGamma));
    repl.set(s.node.name, sliced(s));
  }
  for (const s of ends) repl.set(s.node.name, trimmedEnd(s, values.get(s.from) ?? new Float64Array(s.channels)));
  repl.set(conv.name, {
    ...conv,
    filters: keep,
    shape: [...conv.shape.slice(0, -1), keep],
    kernel: pickColumns(conv.kernel, F, kept),
    bias: conv.bias === null ? null : pick(conv.bias, kept),
  });
  return { graph: replaceNodes(graph, repl), report: { layer, unitsBefore: F, unitsAfter: keep, kept } };
}

function pickColumns(kernel: readonly number[], cols: number, kept: readonly number[]): number[] {
  const out: number[] = [];
  for (let r = 0; r < kernel.length / cols; r++) for (const c of kept) out.push(kernel[r * cols + c] ?? 0);
  return out;
}

function prunable(graph: Graph, node: GraphNode): boolean {
  if (node.op !== 'conv' || node.groups !== 1) return false;
  try {
    filterPaths(graph, node, []);
    return true;
  } catch {
    return false;
  }
}

export function pruneFilters(graph: Graph, opts: FilterPruneOptions): FilterPruneResult {
  let layers: readonly string[];
  if (opts.layers !== undefined) layers = opts.layers;
  else if (typeof opts.ratio !== 'number') layers = Object.keys(opts.ratio);
  else layers = graph.nodes.filter((n) => prunable(graph, n)).map((n) => n.name);
  if (layers.length === 0) throw invalidRequest('no conv layer whose filters can be removed', undefined, 'layers');
  let g = graph;
  const reports: UnitPruneLayer[] = [];
  for (const layer of layers) {
    const r = typeof opts.ratio === 'number' ? opts.ratio : opts.ratio[layer];
    if (r === undefined) throw invalidRequest(`no ratio given for layer '${layer}'`, layer, 'ratio');
    const { graph: next, report } = pruneOne(g, layer, r, opts.criterion);
    g = next;
    reports.push(report);
  }
  return { graph: g, layers: reports };
}
