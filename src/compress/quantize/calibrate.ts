/**
 * Post-training calibration: per-layer fixed-point types from sample data.
 * For every tensor (the input, each layer's result, weights, biases) a range
 * is measured and turned into integer bits for the requested width:
 * - minmax: the full observed range;
 * - percentile: the p-th percentile of |v| (outliers saturate);
 * - mse: among I from the min-max choice down to 6 bits below it, the one
 *   whose cast minimises the squared error on the observed values.
 * Dense and conv layers get weight and bias types, from the folded weights
 * when a BatchNorm follows (the lowering folds it; conv/fold-batchnorm.ts
 * folds alike) (a separable conv one
 * weight type for both kernels; pooling none: its weight type would be the
 * average's reciprocal). Accumulators: with `accum: 'calibrated'`, fixed<I+F, I, WRAP> where F is the
 * exact product's fraction and I covers the observed sums plus `accumMargin`
 * bits (wrap-around arithmetic is exact modulo 2^W, so only the final sum
 * must fit); with 'exact' the lowering's bit-growth default is kept.
 */
import { formatType, fracBits, type FixedType } from '../../fixed/fixed-type.js';
import type { Graph, GraphNode } from '../../ir/graph/types.js';
import { checkBatch, evaluateGraph, type Batch } from '../graph-eval.js';
import { checkInteger, checkRange, invalidRequest } from '../request-error.js';
import { foldBatchnorms } from '../conv/fold-batchnorm.js';
import { floatCaster } from './float-cast.js';
import { shiftInt, typeForRange, type TypeModes } from './int-bits.js';
import { sortedConfig, type LayerPrecision, type PrecisionConfigObject } from './precision-config.js';

export type RangeMethod = 'minmax' | 'percentile' | 'mse';

export interface CalibrationOptions {
  readonly method: RangeMethod;
  /** for 'percentile', in (50, 100] */
  readonly percentile?: number;
  /** weight width, one for all or per layer name */
  readonly weightBits: number | Readonly<Record<string, number>>;
  readonly biasBits?: number;
  /** width of every activation (input, layer results) */
  readonly activationBits: number;
  readonly accum?: 'exact' | 'calibrated';
  readonly accumMargin?: number;
  /** modes of weight, bias and result types (default RND, SAT) */
  readonly modes?: TypeModes;
  /** cap on the number of activation values a range search reads per tensor */
  readonly maxSamples?: number;
}

export interface TensorRange {
  readonly tensor: string;
  readonly min: number;
  readonly max: number;
  readonly type: string;
}

export interface CalibrationResult {
  readonly config: PrecisionConfigObject;
  readonly ranges: readonly TensorRange[];
}

const DEFAULT_MODES: TypeModes = { quant: 'RND', overflow: 'SAT' };

/** Values used for the range search: evenly strided so the choice is deterministic. */
function sample(values: ArrayLike<number>, max: number): Float64Array {
  if (values.length <= max) return Float64Array.from(values);
  const out = new Float64Array(max);
  const stride = values.length / max;
  for (let k = 0; k < max; k++) out[k] = values[Math.floor(k * stride)] ?? 0;
  return out;
}

function percentileAbs(values: Float64Array, p: number): number {
  const abs = Float64Array.from(values, Math.abs).sort();
  const idx = Math.min(abs.length - 1, Math.max(0, Math.ceil((p / 100) * abs.length) - 1));
  return abs[idx] ?? 0;
}

export function squaredError(values: Float64Array, t: FixedType): number {
  const cast = floatCaster(t);
  const step = 2 ** -fracBits(t);
  let e = 0;
  for (const v of values) e += (v - cast(v) * step) ** 2;
  return e;
}

/** The type of `width` bits the method chooses for these values. */
export function chooseType(values: Float64Array, width: number, signed: boolean, opts: CalibrationOptions, modes: TypeModes): FixedType {
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const full = typeForRange(lo, hi, width, signed, modes);
  switch (opts.method) {
    case 'minmax':
      return full;
    case 'percentile': {
      const p = opts.percentile ?? 99.99;
      const a = percentileAbs(values, p);
      return typeForRange(signed ? -a : 0, a, width, signed, modes);
    }
    case 'mse': {
      let best = full;
      let bestErr = squaredError(values, full);
      for (let d = 1; d <= 6; d++) {
        const t = shiftInt(full, -d);
        const e = squaredError(values, t);
        if (e < bestErr) {
          best = t;
          bestErr = e;
        }
      }
      return best;
    }
    default:
      throw invalidRequest(`unknown calibration method '${String(opts.method)}' (minmax, percentile, mse)`, undefined, 'method');
  }
}

function checkOptions(opts: CalibrationOptions): void {
  checkInteger(opts.activationBits, 2, 32, 'activationBits');
  if (typeof opts.weightBits === 'number') checkInteger(opts.weightBits, 2, 32, 'weightBits');
  else for (const [l, b] of Object.entries(opts.weightBits)) checkInteger(b, 2, 32, 'weightBits', l);
  if (opts.biasBits !== undefined) checkInteger(opts.biasBits, 2, 48, 'biasBits');
  if (opts.percentile !== undefined) checkRange(opts.percentile, 50, 100, 'percentile', undefined, { lo: true });
  if (opts.accumMargin !== undefined) checkInteger(opts.accumMargin, 0, 16, 'accumMargin');
}

function weightBitsOf(opts: CalibrationOptions, layer: string): number {
  if (typeof opts.weightBits === 'number') return opts.weightBits;
  const b = opts.weightBits[layer];
  if (b === undefined) throw invalidRequest(`no weight width given for layer '${layer}'`, layer, 'weightBits');
  return b;
}

/** Activations that never go negative get unsigned types. */
function nonNegativeOp(node: GraphNode): boolean {
  return node.op === 'input' || (node.op === 'activation' && (node.fn === 'relu' || node.fn === 'sigmoid')) || (node.op === 'clip' && node.min >= 0);
}

export function calibratePrecision(graph: Graph, batch: Batch, opts: CalibrationOptions): CalibrationResult {
  checkOptions(opts);
  checkBatch(graph, batch);
  const modes = opts.modes ?? DEFAULT_MODES;
  const maxSamples = opts.maxSamples ?? 200_000;
  const acts = evaluateGraph(graph, batch);
  // the lowering folds a BatchNorm into the layer before it: that layer's
  // weights and bias are the folded ones, and its sums are the BatchNorm's output
  const foldedGraph = foldBatchnorms(graph);
  const folded = new Map(foldedGraph.nodes.map((n) => [n.name, n]));
  const bnAfter = new Map<string, string>();
  for (const n of graph.nodes) if (n.op === 'batchnorm' && !folded.has(n.name)) bnAfter.set(n.inputs[0] ?? '', n.name);
  const layerName: Record<string, LayerPrecision> = {};
  const ranges: TensorRange[] = [];
  const resultTypes = new Map<string, FixedType>();
  const note = (tensor: string, values: Float64Array, t: FixedType): void => {
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    ranges.push({ tensor, min, max, type: formatType(t) });
  };
  for (const node of graph.nodes) {
    if (node.op === 'softmax' || node.op === 'reshape') continue;
    const entry: LayerPrecision = {};
    const values = sample(acts.get(node.name) ?? new Float64Array(0), maxSamples);
    const neg = values.some((v) => v < 0);
    const rt = chooseType(values, opts.activationBits, neg || !nonNegativeOp(node), opts, modes);
    entry.result = formatType(rt);
    resultTypes.set(node.name, rt);
    note(`${node.name}.result`, values, rt);
    const layer = folded.get(node.name) ?? node;
    const kernel = weightsOf(layer);
    if (kernel !== undefined && (layer.op === 'dense' || layer.op === 'conv' || layer.op === 'depthwise_conv' || layer.op === 'separable_conv')) {
      const wv = kernel;
      const wt = chooseType(wv, weightBitsOf(opts, node.name), true, opts, modes);
      entry.weight = formatType(wt);
      note(`${node.name}.weight`, wv, wt);
      let bt: FixedType | undefined;
      if (layer.bias !== null) {
        const bv = Float64Array.from(layer.bias);
        bt = chooseType(bv, opts.biasBits ?? Math.max(opts.activationBits, weightBitsOf(opts, node.name)) + 4, true, { ...opts, method: 'minmax' }, modes);
        entry.bias = formatType(bt);
        note(`${node.name}.bias`, bv, bt);
      }
      const sums = acts.get(bnAfter.get(node.name) ?? node.name);
      if (opts.accum === 'calibrated' && node.op !== 'separable_conv') entry.accum = formatType(accumType(node, sums, resultTypes, wt, bt, opts.accumMargin ?? 1));
    }
    layerName[node.name] = entry;
  }
  return { config: sortedConfig({ layerName }), ranges };
}

/** Every weight of a Dense or convolution (a separable conv's two kernels share one type). */
function weightsOf(node: GraphNode): Float64Array | undefined {
  switch (node.op) {
    case 'dense':
    case 'conv':
    case 'depthwise_conv':
      return Float64Array.from(node.kernel);
    case 'separable_conv':
      return Float64Array.from([...node.depthwiseKernel, ...node.pointwiseKernel]);
    default:
      return undefined;
  }
}

function accumType(node: GraphNode, sums: Float64Array | undefined, resultTypes: ReadonlyMap<string, FixedType>, wt: FixedType, bt: FixedType | undefined, margin: number): FixedType {
  const inName = node.inputs[0] ?? '';
  const xt = resultTypes.get(inName);
  if (xt === undefined) throw invalidRequest(`input '${inName}' of '${node.name}' has no calibrated type`, node.name, 'accum');
  let a = 0;
  for (const v of sums ?? []) a = Math.max(a, Math.abs(v));
  const frac = Math.max(fracBits(xt) + fracBits(wt), bt === undefined ? -Infinity : fracBits(bt));
  const int = Math.max(1, (a > 0 ? Math.ceil(Math.log2(a)) + 1 : 1) + margin);
  return { width: int + frac, int, signed: true, quant: 'TRN', overflow: 'WRAP' };
}
