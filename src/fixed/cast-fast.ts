/**
 * Fast path of the cast on plain numbers. Exact whenever the source raw is an
 * integer with |raw| < 2^52 and the target is at most FAST_MAX_WIDTH bits:
 * division and multiplication by powers of two, Math.floor and % are exact on
 * float64 in that range. The simulator lives on this path; it is tested
 * against cast-ref.ts on ≥ 100k random cases per mode pair.
 */
import { assertNever } from '../core/assert-never.js';
import { fracBits, type FixedType } from './fixed-type.js';

export const FAST_MAX_WIDTH = 52;
/** Inputs of the fast path satisfy abs(raw) < FAST_MAX_ABS. */
export const FAST_MAX_ABS = 2 ** 52;

export function fastCastOk(t: FixedType): boolean {
  return t.width <= FAST_MAX_WIDTH;
}

export type Caster = (raw: number) => number;

/**
 * A specialised function mapping a raw code with `srcFrac` fractional bits to
 * the raw code of type `t`. Precondition: fastCastOk(t), |raw| < 2^52.
 */
export function compileCast(srcFrac: number, t: FixedType): Caster {
  const quant = compileQuantize(srcFrac, t);
  const w = t.width;
  const mod = 2 ** w;
  const lo = t.signed ? -(2 ** (w - 1)) : 0;
  const hi = t.signed ? 2 ** (w - 1) - 1 : mod - 1;
  const signed = t.signed;
  switch (t.overflow) {
    case 'WRAP':
      return (raw) => {
        const q = quant(raw);
        if (q >= lo && q <= hi) return q;
        let r = q % mod;
        if (r < 0) r += mod;
        return signed && r > hi ? r - mod : r;
      };
    case 'SAT':
      return (raw) => {
        const q = quant(raw);
        return q < lo ? lo : q > hi ? hi : q;
      };
    case 'SAT_ZERO':
      return (raw) => {
        const q = quant(raw);
        return q < lo || q > hi ? 0 : q;
      };
    case 'SAT_SYM': {
      const symLo = signed ? 0 - hi : lo;
      return (raw) => {
        const q = quant(raw);
        return q < symLo ? symLo : q > hi ? hi : q;
      };
    }
    default:
      return assertNever(t.overflow, 'overflow mode');
  }
}

/** Range of raw codes [lo, hi] of a type as numbers (exact for width ≤ 52). */
export function rawRangeFast(t: FixedType): { lo: number; hi: number } {
  const w = t.width;
  return t.signed ? { lo: -(2 ** (w - 1)), hi: 2 ** (w - 1) - 1 } : { lo: 0, hi: 2 ** w - 1 };
}

/** Only the quantization step: a raw code at srcFrac to an integer on t's grid, before overflow. */
export function compileQuantize(srcFrac: number, t: FixedType): Caster {
  return quantizer(srcFrac - fracBits(t), t);
}

/** raw · 2^−s rounded to an integer per the type's quantization mode. */
function quantizer(s: number, t: FixedType): Caster {
  if (s <= 0) {
    const k = 2 ** -s;
    return (raw) => raw * k;
  }
  const d = 2 ** s;
  const half = 2 ** (s - 1);
  switch (t.quant) {
    case 'TRN':
      return (raw) => Math.floor(raw / d);
    case 'TRN_ZERO':
      return (raw) => Math.trunc(raw / d);
    case 'RND':
      return (raw) => Math.floor((raw + half) / d);
    case 'RND_MIN_INF':
      return (raw) => -Math.floor((half - raw) / d);
    case 'RND_ZERO':
      return (raw) => {
        const q = Math.floor(raw / d);
        const r = raw - q * d;
        if (r !== half) return r > half ? q + 1 : q;
        return q < 0 ? q + 1 : q;
      };
    case 'RND_INF':
      return (raw) => {
        const q = Math.floor(raw / d);
        const r = raw - q * d;
        if (r !== half) return r > half ? q + 1 : q;
        return q < 0 ? q : q + 1;
      };
    case 'RND_CONV':
      return (raw) => {
        const q = Math.floor(raw / d);
        const r = raw - q * d;
        if (r !== half) return r > half ? q + 1 : q;
        return q % 2 === 0 ? q : q + 1;
      };
    default:
      return assertNever(t.quant, 'quantization mode');
  }
}

/**
 * Cast of a float64 (its exact binary value) to `t`, on numbers. Exact for
 * 2^−1000 < |x · 2^F| < 2^52 (or x = 0): scaling by a power of two, Math.floor and the subtraction
 * of the floor are exact there. Returns null where that does not hold, and
 * the caller falls back to the BigInt path.
 */
export function compileFloatCast(t: FixedType): ((x: number) => number | null) | null {
  if (!fastCastOk(t)) return null;
  const scale = 2 ** fracBits(t);
  const finish = compileCast(fracBits(t), t);
  const mode = t.quant;
  return (x) => {
    const v = x * scale;
    if (!(Math.abs(v) < 2 ** 52) || (x !== 0 && Math.abs(v) < 2 ** -1000)) return null; // too big, or scaling underflowed
    const q = Math.floor(v);
    const r = v - q;
    let n = q;
    if (r !== 0) {
      switch (mode) {
        case 'TRN':
          break;
        case 'TRN_ZERO':
          n = v < 0 ? q + 1 : q;
          break;
        case 'RND':
          n = r >= 0.5 ? q + 1 : q;
          break;
        case 'RND_ZERO':
          n = r > 0.5 || (r === 0.5 && q < 0) ? q + 1 : q;
          break;
        case 'RND_MIN_INF':
          n = r > 0.5 ? q + 1 : q;
          break;
        case 'RND_INF':
          n = r > 0.5 || (r === 0.5 && q >= 0) ? q + 1 : q;
          break;
        case 'RND_CONV':
          n = r > 0.5 || (r === 0.5 && q % 2 !== 0) ? q + 1 : q;
          break;
        default:
          return assertNever(mode, 'quantization mode');
      }
    }
    return finish(n);
  };
}
