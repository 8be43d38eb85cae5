/** The pieces of the stated error bound shared by every op: per-element state and the error of one cast. */
import { fracBits, realRange, type FixedType } from '../fixed/fixed-type.js';

export interface State {
  lo: Float64Array;
  hi: Float64Array;
  err: Float64Array;
}

/** Worst-case error of one cast from `srcFrac` fractional bits into `t` (ignoring overflow). */
export function castErr(srcFrac: number, t: FixedType): number {
  const f = fracBits(t);
  if (srcFrac <= f) return 0;
  const ulp = 2 ** -f;
  return t.quant === 'TRN' || t.quant === 'TRN_ZERO' ? ulp : ulp / 2;
}

export function fits(lo: number, hi: number, t: FixedType): boolean {
  const r = realRange(t);
  return lo >= r.min && hi <= r.max;
}

export function maxAbsOf(s: State, i: number): number {
  return Math.max(Math.abs(s.lo[i] ?? 0), Math.abs(s.hi[i] ?? 0));
}
