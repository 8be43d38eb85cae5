/**
 * What an ONNX value name stands for during import:
 * - a constant (initializer, Constant node, or folded from constants),
 *   possibly carrying the exact fixed-point type its values were quantized to;
 * - a tensor computed by a node of the graph being built, with its ONNX
 *   per-sample shape (batch axis dropped) and the permutation relating ONNX
 *   axes to the node's channels-last axes (ONNX axis k is graph axis perm[k]);
 *   a Transpose only changes this permutation;
 * - the integer output of a QuantizeLinear on a computed tensor, which only a
 *   matching DequantizeLinear may read.
 */
import type { FixedType } from '../../fixed/fixed-type.js';

export interface ConstValue {
  readonly kind: 'const';
  readonly dims: readonly number[];
  readonly data: Float64Array;
  readonly integer: boolean;
  /** the ONNX element type (TensorProto.DataType); FLOAT for values computed at import */
  readonly dataType: number;
  /** a type that holds every value exactly, when a quantizer produced them */
  readonly fixed?: FixedType;
}

export interface TensorValue {
  readonly kind: 'tensor';
  readonly node: string;
  readonly shape: readonly number[];
  readonly perm: readonly number[];
}

export interface QuantizedValue {
  readonly kind: 'quantized';
  readonly src: TensorValue;
  /** the type of scale · code (the dequantized value) */
  readonly type: FixedType;
  readonly scale: number;
  readonly zeroPoint: number;
  /** the QuantizeLinear node's name, for messages */
  readonly by: string;
}

export type Value = ConstValue | TensorValue | QuantizedValue;

/** The channels-last shape of the graph node holding `t`. */
export function graphShape(t: Pick<TensorValue, 'shape' | 'perm'>): number[] {
  const out = new Array<number>(t.shape.length).fill(1);
  t.shape.forEach((d, k) => {
    out[t.perm[k] ?? k] = d;
  });
  return out;
}

/** True when ONNX's row-major order of the tensor is the graph node's row-major order (so a reshape keeps the data). */
export function naturalOrder(t: Pick<TensorValue, 'shape' | 'perm'>): boolean {
  let last = -1;
  for (let k = 0; k < t.shape.length; k++) {
    if ((t.shape[k] ?? 1) === 1) continue;
    const p = t.perm[k] ?? k;
    if (p < last) return false;
    last = p;
  }
  return true;
}

export function identityPerm(rank: number): number[] {
  return Array.from({ length: rank }, (_, k) => k);
}

/**
 * The graph-IR layout of an ONNX per-sample shape as it enters the graph:
 * rank 1 stays, rank ≥ 2 is read as channels-first (C, spatial…) and held
 * channels-last (spatial…, C), the graph IR's convention.
 */
export function inputPerm(rank: number): number[] {
  if (rank <= 1) return identityPerm(rank);
  return [rank - 1, ...identityPerm(rank - 1)];
}
