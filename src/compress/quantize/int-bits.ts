/**
 * Choosing integer bits I of a W-bit type from a value range. A fixed-point
 * type's scale is always a power of two (2^−F, F = W − I): this is the power-
 * of-two scaling of the hardware, which needs no multiplier to rescale.
 */
import { fixedType, realRange, type FixedType, type OverflowMode, type QuantMode } from '../../fixed/fixed-type.js';

export interface TypeModes {
  readonly quant: QuantMode;
  readonly overflow: OverflowMode;
}

const I_LIMIT = 256;

/** Smallest I such that fixed<W, I> holds every value in [lo, hi]. */
export function intBitsForRange(lo: number, hi: number, width: number, signed: boolean): number {
  const a = Math.max(Math.abs(lo), Math.abs(hi));
  let i = a > 0 ? Math.ceil(Math.log2(a)) - 2 : 1 - width;
  i = Math.max(i, -I_LIMIT);
  for (; i < I_LIMIT; i++) {
    const r = realRange(fixedType(width, i, signed));
    if (r.max >= hi && r.min <= lo) return i;
  }
  return I_LIMIT;
}

export function typeForRange(lo: number, hi: number, width: number, signed: boolean, modes: TypeModes): FixedType {
  return fixedType(width, intBitsForRange(lo, hi, width, signed), signed, modes.quant, modes.overflow);
}

/** The same width with I shifted by `delta` (finer for delta < 0). */
export function shiftInt(t: FixedType, delta: number): FixedType {
  return fixedType(t.width, t.int + delta, t.signed, t.quant, t.overflow);
}
