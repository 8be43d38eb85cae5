/**
 * Structured pruning that physically removes units of Dense layers: the
 * layer keeps only the chosen columns of its kernel and entries of its bias;
 * every per-channel node between it and the next Dense (BatchNorm,
 * activation, clip, leaky ReLU) keeps the matching channels; the next Dense
 * loses the matching rows of its kernel.
 *
 * A removed unit still fed the next layer a value; its part that does not
 * depend on the input is folded into the next layer's bias: the unit's output
 * with its incoming weights taken as zero (the chain applied to its bias; with
 * bn-slim, γ taken as zero, which is exact when γ = 0), or, given calibration
 * data, the unit's mean output over it.
 */
import { assertNever } from '../../core/assert-never.js';
import type { DenseNode, Graph, GraphNode } from '../../ir/graph/types.js';
import { consumersOf, denseByName, denseInSize, denseNodes, replaceNodes } from '../graph-edit.js';
import { evaluateGraph, type Batch } from '../graph-eval.js';
import { checkRange, invalidRequest } from '../request-error.js';
import { unitScores, unitsToKeep, type UnitCriterion } from './unit-scores.js';

export interface UnitPruneOptions {
  readonly criterion: UnitCriterion;
  /** fraction of units to remove, in [0, 1); per layer name, or one for all chosen layers */
  readonly ratio: number | Readonly<Record<string, number>>;
  /** layers to prune (default: the keys of a per-layer ratio, or every Dense that feeds another Dense) */
  readonly layers?: readonly string[];
  /** optional data: removed units are replaced by their mean output */
  readonly calibration?: Batch;
}

export interface UnitPruneLayer {
  readonly layer: string;
  readonly unitsBefore: number;
  readonly unitsAfter: number;
  readonly kept: readonly number[];
}

export interface UnitPruneResult {
  readonly graph: Graph;
  readonly layers: readonly UnitPruneLayer[];
}

export type ChannelNode = Extract<GraphNode, { op: 'batchnorm' | 'activation' | 'clip' | 'leaky_relu' }>;

/** The per-channel nodes after `node` and the Dense that reads them; FF019 if the path is anything else. */
export function channelPath(graph: Graph, node: DenseNode): { chain: ChannelNode[]; next: DenseNode } {
  const chain: ChannelNode[] = [];
  let cur: GraphNode = node;
  for (;;) {
    if (graph.outputs.includes(cur.name)) {
      throw invalidRequest(`units of '${node.name}' reach the graph output '${cur.name}'; they cannot be removed`, node.name, 'layers');
    }
    const readers = consumersOf(graph, cur.name);
    const next = readers[0];
    if (readers.length !== 1 || next === undefined) {
      throw invalidRequest(`units of '${node.name}' are read by ${readers.length} nodes after '${cur.name}'; structured pruning needs one reader`, node.name, 'layers');
    }
    switch (next.op) {
      case 'dense':
        return { chain, next };
      case 'batchnorm':
      case 'activation':
      case 'clip':
      case 'leaky_relu':
        chain.push(next);
        cur = next;
        break;
      case 'input':
      case 'softmax':
      case 'reshape':
        throw invalidRequest(`units of '${node.name}' feed a ${next.op} ('${next.name}'); structured pruning supports only per-channel nodes before the next Dense`, node.name, 'layers');
      case 'conv':
      case 'depthwise_conv':
      case 'separable_conv':
      case 'pool':
      case 'global_pool':
      case 'zero_pad':
      case 'add':
      case 'concat':
      case 'upsample':
      case 'channel_shuffle':
        throw invalidRequest(`units of '${node.name}' feed a ${next.op} ('${next.name}'); structured pruning supports only per-channel nodes before the next Dense`, node.name, 'layers');
      default:
        return assertNever(next, 'graph node');
    }
  }
}

export function channelValue(n: ChannelNode, c: number, v: number, zeroGamma: boolean): number {
  switch (n.op) {
    case 'batchnorm': {
      const g = zeroGamma ? 0 : (n.gamma[c] ?? 1);
      return (g * (v - (n.mean[c] ?? 0))) / Math.sqrt((n.variance[c] ?? 1) + n.epsilon) + (n.beta[c] ?? 0);
    }
    case 'activation':
      return n.fn === 'relu' ? Math.max(v, 0) : n.fn === 'sigmoid' ? 1 / (1 + Math.exp(-v)) : n.fn === 'tanh' ? Math.tanh(v) : v;
    case 'clip':
      return Math.min(Math.max(v, n.min), n.max);
    case 'leaky_relu':
      return v >= 0 ? v : n.alpha * v;
    default:
      return assertNever(n, 'channel node');
  }
}

function pick<T>(values: readonly T[], idx: readonly number[]): T[] {
  return idx.map((i) => values[i] as T);
}

function sliceChannel(n: ChannelNode, kept: readonly number[]): ChannelNode {
  const shape = [...n.shape.slice(0, -1), kept.length];
  if (n.op !== 'batchnorm') return { ...n, shape };
  return { ...n, shape, gamma: pick(n.gamma, kept), beta: pick(n.beta, kept), mean: pick(n.mean, kept), variance: pick(n.variance, kept) };
}

function pruneOne(graph: Graph, layer: string, ratio: number, opts: UnitPruneOptions): { graph: Graph; report: UnitPruneLayer } {
  checkRange(ratio, 0, 1, 'ratio', layer, { hi: true });
  const node = denseByName(graph, layer);
  const { chain, next } = channelPath(graph, node);
  const remove = Math.round(ratio * node.units);
  const keep = node.units - remove;
  if (keep < 1) throw invalidRequest(`pruning would leave layer '${layer}' with zero units`, layer, 'ratio');
  const kept = unitsToKeep(unitScores(graph, node, opts.criterion), keep);
  const keptSet = new Set(kept);
  const inSize = denseInSize(node);
  const lastName = chain.length > 0 ? (chain[chain.length - 1]?.name ?? layer) : layer;
  const means = opts.calibration !== undefined ? evaluateGraph(graph, opts.calibration).get(lastName) : undefined;
  const nextUnits = next.units;
  const nextBias = Array.from({ length: nextUnits }, (_, o) => next.bias?.[o] ?? 0);
  for (let c = 0; c < node.units; c++) {
    if (keptSet.has(c)) continue;
    let value: number;
    if (means !== undefined && opts.calibration !== undefined) {
      let s = 0;
      for (let k = 0; k < opts.calibration.n; k++) s += means[k * node.units + c] ?? 0;
      value = s / opts.calibration.n;
    } else {
      value = node.bias?.[c] ?? 0;
      for (const n of chain) value = channelValue(n, c, value, opts.criterion === 'bn-slim');
    }
    if (value !== 0) for (let o = 0; o < nextUnits; o++) nextBias[o] = (nextBias[o] ?? 0) + value * (next.kernel[c * nextUnits + o] ?? 0);
  }
  const kernel: number[] = [];
  for (let i = 0; i < inSize; i++) for (const o of kept) kernel.push(node.kernel[i * node.units + o] ?? 0);
  const nextKernel: number[] = [];
  for (const c of kept) for (let o = 0; o < nextUnits; o++) nextKernel.push(next.kernel[c * nextUnits + o] ?? 0);
  const repl = new Map<string, GraphNode>();
  repl.set(layer, {
    ...node,
    units: keep,
    shape: [...node.shape.slice(0, -1), keep],
    kernel,
    bias: node.bias === null ? null : pick(node.bias, kept),
  });
  for (const n of chain) repl.set(n.name, sliceChannel(n, kept));
  const nextHadBias = next.bias !== null || nextBias.some((b) => b !== 0);
  repl.set(next.name, { ...next, kernel: nextKernel, bias: nextHadBias ? nextBias : null });
  return { graph: replaceNodes(graph, repl), report: { layer, unitsBefore: node.units, unitsAfter: keep, kept } };
}

export function pruneUnits(graph: Graph, opts: UnitPruneOptions): UnitPruneResult {
  let layers: readonly string[];
  if (opts.layers !== undefined) layers = opts.layers;
  else if (typeof opts.ratio !== 'number') layers = Object.keys(opts.ratio);
  else layers = denseNodes(graph).filter((n) => !graph.outputs.includes(n.name) && consumersOf(graph, n.name).length > 0).map((n) => n.name).filter((name) => {
    try {
      channelPath(graph, denseByName(graph, name));
      return true;
    } catch {
      return false;
    }
  });
  if (layers.length === 0) throw invalidRequest('no layer to prune', undefined, 'layers');
  let g = graph;
  const reports: UnitPruneLayer[] = [];
  for (const layer of layers) {
    const r = typeof opts.ratio === 'number' ? opts.ratio : opts.ratio[layer];
    if (r === undefined) throw invalidRequest(`no ratio given for layer '${layer}'`, layer, 'ratio');
    const { graph: next, report } = pruneOne(g, layer, r, opts);
    g = next;
    reports.push(report);
  }
  return { graph: g, layers: reports };
}
