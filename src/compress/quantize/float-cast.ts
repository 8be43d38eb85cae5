/**
 * Fast cast of a float64 value to a fixed-point raw code, as a number:
 * the same result as castNumber (src/fixed, the BigInt reference) for every
 * finite input, for types of at most 52 bits. v = x · 2^F is exact (a power-
 * of-two scaling); q = floor(v) and the remainder v − q are exact for
 * |v| < 2^52, so every rounding decision compares exact values. Larger or
 * non-finite values go to the reference.
 */
import { assertNever } from '../../core/assert-never.js';
import { castNumber } from '../../fixed/arith.js';
import { fracBits, type FixedType } from '../../fixed/fixed-type.js';

const BIG = 2 ** 52;

export type FloatCaster = (x: number) => number;

export function floatCaster(t: FixedType): FloatCaster {
  if (t.width > 52) return (x) => Number(castNumber(x, t));
  const scale = 2 ** fracBits(t);
  const w = t.width;
  const mod = 2 ** w;
  const lo = t.signed ? -(2 ** (w - 1)) : 0;
  const hi = t.signed ? 2 ** (w - 1) - 1 : mod - 1;
  const symLo = t.signed ? 0 - hi : lo;
  const quant = t.quant;
  const overflow = t.overflow;
  const signed = t.signed;
  return (x) => {
    const v = x * scale;
    if (!(Math.abs(v) < BIG) || (v === 0 && x !== 0) || !Number.isFinite(scale)) return Number(castNumber(x, t));
    let q = Math.floor(v) + 0; // + 0 turns −0 into 0
    const r = v - q;
    if (r !== 0) {
      switch (quant) {
        case 'TRN':
          break;
        case 'TRN_ZERO':
          if (v < 0) q += 1;
          break;
        case 'RND':
          if (r >= 0.5) q += 1;
          break;
        case 'RND_ZERO':
          if (r > 0.5 || (r === 0.5 && q < 0)) q += 1;
          break;
        case 'RND_MIN_INF':
          if (r > 0.5) q += 1;
          break;
        case 'RND_INF':
          if (r > 0.5 || (r === 0.5 && q >= 0)) q += 1;
          break;
        case 'RND_CONV':
          if (r > 0.5 || (r === 0.5 && q % 2 !== 0)) q += 1;
          break;
        default:
          return assertNever(quant, 'quantization mode');
      }
    }
    switch (overflow) {
      case 'WRAP': {
        if (q >= lo && q <= hi) return q;
        let m = (q % mod) + 0;
        if (m < 0) m += mod;
        return signed && m > hi ? m - mod : m;
      }
      case 'SAT':
        return q < lo ? lo : q > hi ? hi : q;
      case 'SAT_ZERO':
        return q < lo || q > hi ? 0 : q;
      case 'SAT_SYM':
        return q < symLo ? symLo : q > hi ? hi : q;
      default:
        return assertNever(overflow, 'overflow mode');
    }
  };
}

/** The value of x after the cast (raw · 2^−F), as a float64. */
export function fakeQuantizer(t: FixedType): FloatCaster {
  const cast = floatCaster(t);
  const step = 2 ** -fracBits(t);
  return (x) => cast(x) * step;
}
