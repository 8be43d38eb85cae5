/**
 * The BigInt reference of SEMANTICS.md: quantize the exact value, then apply
 * the overflow mode. Slow, obviously correct; the fast path is tested against it.
 */
import { assertNever } from '../core/assert-never.js';
import type { Dyadic } from './exact.js';
import { fracBits, maxRaw, minRaw, type FixedType, type OverflowMode, type QuantMode } from './fixed-type.js';

/** floor(m / 2^s) and the remainder, for s ≥ 1. */
function floorShift(m: bigint, s: number): { q: bigint; r: bigint } {
  const q = m >> BigInt(s); // BigInt >> is floor for negatives
  return { q, r: m - (q << BigInt(s)) };
}

/** Round mant · 2^−s (s ≥ 1) to an integer per `mode`. */
export function quantizeShift(mant: bigint, s: number, mode: QuantMode): bigint {
  const { q, r } = floorShift(mant, s);
  if (r === 0n) return q;
  const half = 1n << BigInt(s - 1);
  switch (mode) {
    case 'TRN':
      return q;
    case 'TRN_ZERO':
      return mant < 0n ? q + 1n : q;
    case 'RND':
      return r >= half ? q + 1n : q;
    case 'RND_ZERO':
      if (r !== half) return r > half ? q + 1n : q;
      return q < 0n ? q + 1n : q;
    case 'RND_MIN_INF':
      return r > half ? q + 1n : q;
    case 'RND_INF':
      if (r !== half) return r > half ? q + 1n : q;
      return q < 0n ? q : q + 1n;
    case 'RND_CONV':
      if (r !== half) return r > half ? q + 1n : q;
      return (q & 1n) === 0n ? q : q + 1n;
    default:
      return assertNever(mode, 'quantization mode');
  }
}

/** Apply the overflow mode to an integer code already on the type's grid. */
export function overflowRef(q: bigint, t: FixedType): bigint {
  const lo = minRaw(t);
  const hi = maxRaw(t);
  const mode: OverflowMode = t.overflow;
  if (mode === 'SAT_SYM' && t.signed) {
    if (q > hi) return hi;
    if (q < -hi) return -hi;
    return q;
  }
  if (q >= lo && q <= hi) return q;
  switch (mode) {
    case 'WRAP': {
      const mod = 1n << BigInt(t.width);
      let w = ((q % mod) + mod) % mod;
      if (t.signed && w > hi) w -= mod;
      return w;
    }
    case 'SAT':
    case 'SAT_SYM':
      return q < lo ? lo : hi;
    case 'SAT_ZERO':
      return 0n;
    default:
      return assertNever(mode, 'overflow mode');
  }
}

/** Raw code of the exact value `v` assigned to type `t`. */
export function castDyadicRef(v: Dyadic, t: FixedType): bigint {
  const f = fracBits(t);
  const shift = -f - v.exp; // value = mant·2^exp = (mant·2^(exp+f))·2^−f
  const q = shift <= 0 ? v.mant << BigInt(-shift) : quantizeShift(v.mant, shift, t.quant);
  return overflowRef(q, t);
}

/** Raw code of raw·2^−frac assigned to type `t`. */
export function castRawRef(raw: bigint, frac: number, t: FixedType): bigint {
  return castDyadicRef({ mant: raw, exp: -frac }, t);
}
