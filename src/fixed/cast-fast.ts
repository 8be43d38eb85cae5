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
  const s = srcFrac - fracBits(t);
  const w = t.width;
  const mod = 2 ** w;
  const lo = t.signed ? -(2 ** (w - 1)) : 0;
  const hi = t.signed ? 2 ** (w - 1) - 1 : mod - 1;
  const quant = quantizer(s, t);
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
      const symLo = signed ? -hi : lo;
      return (raw) => {
        const q = quant(raw);
        return q < symLo ? symLo : q > hi ? hi : q;
      };
    }
    default:
      return assertNever(t.overflow, 'overflow mode');
  }
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
