/**
 * The dataflow IR: the language of hardware. Every tensor has an exact
 * fixed-point type; weights are raw integer codes; the arithmetic of each op,
 * including the order and place of every cast, is defined here and
 * implemented identically by sim/, the HLS backend and the Verilog backend.
 *
 * Notation: cast_T(v) assigns the exact value v to type T (SEMANTICS.md).
 */
import type { FixedType } from '../../fixed/fixed-type.js';
import type { Shape } from '../graph/types.js';
import type { ConvDfNode } from './conv-types.js';

export const DATAFLOW_IR_VERSION = 1;

interface DfBase {
  /** unique, sanitized identifier (safe in C++, Verilog and TypeScript) */
  readonly name: string;
  /** the layer name in the source model, for messages and comments */
  readonly source: string;
  readonly inputs: readonly string[];
  /** output shape, per sample; data is row-major, channels last */
  readonly shape: Shape;
  /** type of every element of the output */
  readonly type: FixedType;
}

/** Float inputs enter by cast_type(x). */
export interface DfInput extends DfBase {
  readonly op: 'input';
}

/**
 * Dense. For each output o:
 *   acc = cast_accType(bias[o])
 *   for i = 0 .. inSize−1 ascending, skipping w[o][i] = 0:
 *     acc = cast_accType(acc + cast_productType(x[i] · w[o][i]))
 *   y[o] = cast_type(acc)
 * With the default accumulator (bit growth) and product (full precision)
 * types no cast inside the loop changes a value, so order does not matter;
 * a narrower accumulator that saturates is order-sensitive, and the order is
 * the one above.
 */
export interface DfDense extends DfBase {
  readonly op: 'dense';
  readonly inSize: number;
  readonly outSize: number;
  /** raw codes of weightType, out-major: weights[o * inSize + i] */
  readonly weights: readonly bigint[];
  /** raw codes of biasType, one per output */
  readonly bias: readonly bigint[];
  readonly weightType: FixedType;
  readonly biasType: FixedType;
  readonly productType: FixedType;
  readonly accType: FixedType;
  /** hardware folding: multipliers are shared R ways, II = R; no effect on values */
  readonly reuseFactor: number;
}

/**
 * Per-channel affine (a BatchNorm that could not be folded), channel = last axis:
 *   y = cast_type(cast_accType(cast_accType(shift[c]) + cast_productType(x · scale[c])))
 */
export interface DfScaleShift extends DfBase {
  readonly op: 'scale_shift';
  readonly scale: readonly bigint[];
  readonly shift: readonly bigint[];
  readonly scaleType: FixedType;
  readonly shiftType: FixedType;
  readonly productType: FixedType;
  readonly accType: FixedType;
}

/** y = cast_type(max(x, 0)) */
export interface DfRelu extends DfBase {
  readonly op: 'relu';
}

/** y = cast_type(min(max(x, lo), hi)), compared exactly; lo, hi raw codes of boundType. */
export interface DfClip extends DfBase {
  readonly op: 'clip';
  readonly lo: bigint;
  readonly hi: bigint;
  readonly boundType: FixedType;
}

/** y = x ≥ 0 ? cast_type(x) : cast_type(cast_productType(x · alpha)); alpha a raw code of alphaType. */
export interface DfLeakyRelu extends DfBase {
  readonly op: 'leaky_relu';
  readonly alpha: bigint;
  readonly alphaType: FixedType;
  readonly productType: FixedType;
}

/** y = cast_type(x) (a linear activation, or a requantization). */
export interface DfCast extends DfBase {
  readonly op: 'cast';
}

/**
 * A function sampled on a uniform grid. For an exact input value x:
 *   index = clamp(floor((x − lo) / 2^stepLog2), 0, size − 1)
 * and the result is entries[index], raw codes of entryType. lo is a dyadic
 * (exact binary) value. Entries were computed at build time as
 * cast_entryType(f(lo + (index + offset) · 2^stepLog2)), offset per `sample`.
 */
export interface TableSpec {
  readonly fn: 'sigmoid' | 'tanh' | 'exp' | 'reciprocal';
  readonly size: number;
  /** lower edge of the table's domain, as mantissa · 2^loExp */
  readonly loMant: bigint;
  readonly loExp: number;
  readonly stepLog2: number;
  readonly sample: 'left' | 'mid';
  readonly entryType: FixedType;
  readonly entries: readonly bigint[];
}

/** y = cast_type(entries[index(x)]) for sigmoid and tanh. */
export interface DfTable extends DfBase {
  readonly op: 'table';
  readonly table: TableSpec;
}

/**
 * Softmax over the last axis.
 * mode 'stable':
 *   m = max_j x[j];  d[j] = x[j] − m (exact, ≤ 0)
 *   e[j] = expTable(d[j]);  s = cast_sumType(Σ_j e[j]) summed exactly, ascending j
 *   r = invTable(s);  y[j] = cast_type(e[j] · r)
 * mode 'argmax': y[j] = cast_type(1) at the first maximum, 0 elsewhere.
 */
export interface DfSoftmax extends DfBase {
  readonly op: 'softmax';
  readonly mode: 'stable' | 'argmax';
  readonly expTable: TableSpec | null;
  readonly invTable: TableSpec | null;
  readonly sumType: FixedType | null;
}

/** Same codes, new shape. */
export interface DfReshape extends DfBase {
  readonly op: 'reshape';
}

export type DfNode = DfInput | DfDense | DfScaleShift | DfRelu | DfClip | DfLeakyRelu | DfCast | DfTable | DfSoftmax | DfReshape | ConvDfNode;
export type DfOp = DfNode['op'];

export interface Dataflow {
  readonly version: typeof DATAFLOW_IR_VERSION;
  readonly name: string;
  /** topologically ordered; input nodes first */
  readonly nodes: readonly DfNode[];
  readonly outputs: readonly string[];
}
