/**
 * Scales that are not powers of two. A quantizer y = s · clamp(round(x / s))
 * with such a scale is no fixed-point cast: hardware computes the code as
 * round(x · M · 2^−k) with an integer multiplier M approximating 1/s, and
 * the code's real value is code · s. This file states that approximation and
 * its error bound, for messages and the inspect output; the graph IR has no
 * requantization node yet (see the importer's README).
 */
import { dyadicFromNumber } from '../../fixed/exact.js';

/** log2 of s when s is an exact positive power of two, else undefined. */
export function po2Exponent(s: number): number | undefined {
  if (!(s > 0) || !Number.isFinite(s)) return undefined;
  const d = dyadicFromNumber(s);
  return d.mant === 1n ? d.exp : undefined;
}

export interface Requantization {
  /** the multiplier M, an unsigned integer of `bits` bits with its top bit set */
  readonly multiplier: number;
  readonly bits: number;
  /** right shift k: 1/s ≈ M · 2^−k */
  readonly shift: number;
  /** |M · 2^−k − 1/s| / (1/s), at most 2^−bits */
  readonly relativeError: number;
}

/** The `bits`-bit multiplier-and-shift closest to 1/scale. */
export function requantization(scale: number, bits = 16): Requantization {
  const r = 1 / scale;
  const e = Math.floor(Math.log2(r));
  let shift = bits - 1 - e;
  let multiplier = Math.round(r * Math.pow(2, shift));
  if (multiplier >= Math.pow(2, bits)) {
    multiplier = Math.round(multiplier / 2);
    shift -= 1;
  }
  const relativeError = Math.abs(multiplier * Math.pow(2, -shift) - r) / r;
  return { multiplier, bits, shift, relativeError };
}

/** The sentence messages use for a scale that is not a power of two. */
export function describeRequantization(scale: number): string {
  const q = requantization(scale);
  return (
    `scale ${scale} is not a power of two, so this is no fixed-point cast: it needs a requantization ` +
    `code = round(x · ${q.multiplier} · 2^-${q.shift}) (a ${q.bits}-bit multiplier, relative error of 1/scale ≤ ${q.relativeError.toExponential(2)}), ` +
    `which the graph IR cannot express yet`
  );
}
