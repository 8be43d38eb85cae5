/**
 * Convolution and lightweight-network ops of the dataflow IR, kept as their
 * own union, a member of DfNode (docs/CONV.md).
 * Notation as in types.ts: cast_T(v) assigns the exact value v to type T.
 *
 * Tensors are per sample, row-major, channels last: element (y, x, c) of an
 * [H, W, C] tensor is at (y·W + x)·C + c; a 1D tensor [L, C] is the 2D case
 * with H = 1. Spatial attributes have one entry per spatial axis (rows, then
 * columns); window geometry is explicit: padBefore/padAfter per axis, and per
 * axis the output length is floor((in + padBefore + padAfter − k) / stride) + 1.
 * Padding positions are never read: they hold no value, not even zero.
 */
import type { FixedType } from '../../fixed/fixed-type.js';
import type { Shape } from '../graph/types.js';

/** The same fields as types.ts's DfBase (which it does not export). */
interface ConvDfBase {
  readonly name: string;
  readonly source: string;
  readonly inputs: readonly string[];
  readonly shape: Shape;
  readonly type: FixedType;
}

/** Sliding-window geometry, one entry per spatial axis. */
export interface WindowSpec {
  /** per-sample input shape, [L, C] or [H, W, C]: equal to the input's shape */
  readonly inShape: Shape;
  readonly kernelSize: readonly number[];
  readonly strides: readonly number[];
  readonly padBefore: readonly number[];
  readonly padAfter: readonly number[];
}

/**
 * Convolution (1D/2D, grouped, depthwise). With C = inShape's channels,
 * Cg = C / groups, Og = outChannels / groups, for each output position p and
 * output channel o in group g = floor(o / Og):
 *   acc = cast_accType(bias[o])
 *   for ky, kx, ci ascending (ci < Cg), skipping window positions in the
 *   padding and weights w[o][ky][kx][ci] = 0:
 *     acc = cast_accType(acc + cast_productType(x[p·stride + (ky, kx) − padBefore][g·Cg + ci] · w[o][ky][kx][ci]))
 *   y[p][o] = cast_type(acc)
 * The skips change no value: acc is already a value of accType, so
 * cast_accType(acc + cast_productType(0)) = acc; hardware may multiply
 * zeros instead. With the default accumulator (bit growth) and product (full
 * precision) no cast inside the loop changes a value and order does not
 * matter; a narrower accumulator is order-sensitive and the order is the one
 * above. Depthwise is groups = C with outChannels = C · depthMultiplier.
 */
export interface DfConv extends ConvDfBase, WindowSpec {
  readonly op: 'conv';
  readonly groups: number;
  readonly outChannels: number;
  /** raw codes of weightType, out-major: weights[((o·KH + ky)·KW + kx)·Cg + ci] (KH = 1 in 1D) */
  readonly weights: readonly bigint[];
  /** raw codes of biasType, one per output channel */
  readonly bias: readonly bigint[];
  readonly weightType: FixedType;
  readonly biasType: FixedType;
  readonly productType: FixedType;
  readonly accType: FixedType;
  /** hardware folding of each output pixel's multiplies; no effect on values */
  readonly reuseFactor: number;
}

/**
 * Average pooling's arithmetic. For each window, with n its count:
 *   s = Σ x over the window's input elements, exact (sumType holds every such sum)
 *   y = cast_type(s · recips[index of n in counts])   (the product is exact)
 * n is the number of input elements in the window (divisor 'valid': Keras,
 * ONNX count_include_pad = 0) or the whole window size (divisor 'window').
 * recips[i] = cast_recipType(1 / counts[i]) of the exact rational, so when
 * counts[i] is a power of two and recipType has at least log2(counts[i])
 * fractional bits the average is exact and y = cast_type(mean). Otherwise
 * |recip − 1/n| ≤ 2^−F (F = recipType's fractional bits; 2^−(F+1) when it
 * rounds), so |s · recip − s / n| ≤ n · max|x| · 2^−F before the final cast.
 */
export interface PoolAverage {
  readonly divisor: 'valid' | 'window';
  readonly sumType: FixedType;
  readonly recipType: FixedType;
  /** every divisor that occurs, ascending */
  readonly counts: readonly number[];
  /** raw codes of recipType, parallel to counts */
  readonly recips: readonly bigint[];
}

/**
 * Pooling, per channel, over each window's input elements (never padding;
 * every window holds at least one):
 *   kind 'max': y = cast_type(max x), compared exactly
 *   kind 'avg': see PoolAverage
 * Shape: [...outSpatial, C], or [C] when every output spatial length is 1
 * (global pooling).
 */
export interface DfPool extends ConvDfBase, WindowSpec {
  readonly op: 'pool';
  readonly kind: 'max' | 'avg';
  /** null for max */
  readonly average: PoolAverage | null;
}

/** y = cast_type(Σ_i x_i), element-wise over two or more inputs of one shape, summed exactly. */
export interface DfAdd extends ConvDfBase {
  readonly op: 'add';
}

/** Concatenation on the last axis, inputs in order: each element y = cast_type(x) from its own input's type. */
export interface DfConcat extends ConvDfBase {
  readonly op: 'concat';
}

/** Data movement: padBefore/padAfter zeros per spatial axis; type equals the input's. */
export interface DfZeroPad extends ConvDfBase {
  readonly op: 'zero_pad';
  readonly padBefore: readonly number[];
  readonly padAfter: readonly number[];
}

/** Data movement, nearest: y[i][c] = x[floor(i / factors)][c] per spatial axis; type equals the input's. */
export interface DfUpsample extends ConvDfBase {
  readonly op: 'upsample';
  readonly factors: readonly number[];
}

/** Data movement on the last axis: y[..., c] = x[..., perm[c]]; type equals the input's. */
export interface DfChannelShuffle extends ConvDfBase {
  readonly op: 'channel_shuffle';
  readonly perm: readonly number[];
}

export type ConvDfNode = DfConv | DfPool | DfAdd | DfConcat | DfZeroPad | DfUpsample | DfChannelShuffle;
export type ConvDfOp = ConvDfNode['op'];

const CONV_DF_OPS: ReadonlySet<string> = new Set<ConvDfOp>(['conv', 'pool', 'add', 'concat', 'zero_pad', 'upsample', 'channel_shuffle']);

export function isConvDfNode<T extends { readonly op: string }>(n: T | ConvDfNode): n is ConvDfNode {
  return CONV_DF_OPS.has(n.op);
}
