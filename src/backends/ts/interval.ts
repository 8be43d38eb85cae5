/**
 * Integer intervals (BigInt) of raw codes, used by the TypeScript emitter to
 * prove bounds: a cast whose input interval already lies in its type emits
 * no code, and float64 arithmetic is chosen only where every intermediate
 * provably stays below 2^52 in magnitude.
 */
import { assertNever } from '../../core/assert-never.js';
import { quantizeShift } from '../../fixed/cast-ref.js';
import { fracBits, maxRaw, minRaw, type FixedType, type QuantMode } from '../../fixed/fixed-type.js';

export interface Interval {
  readonly lo: bigint;
  readonly hi: bigint;
}

export function interval(lo: bigint, hi: bigint): Interval {
  return lo <= hi ? { lo, hi } : { lo: hi, hi: lo };
}

export function hull(a: Interval, b: Interval): Interval {
  return { lo: a.lo < b.lo ? a.lo : b.lo, hi: a.hi > b.hi ? a.hi : b.hi };
}

export function hullOf(values: readonly bigint[]): Interval {
  let lo = values[0] ?? 0n;
  let hi = lo;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { lo, hi };
}

export function typeRange(t: FixedType): Interval {
  return { lo: minRaw(t), hi: maxRaw(t) };
}

/** The range a cast to `t` may produce: SAT_SYM on a signed type excludes the most negative code. */
export function castRange(t: FixedType): Interval {
  const hi = maxRaw(t);
  return { lo: t.overflow === 'SAT_SYM' && t.signed ? -hi : minRaw(t), hi };
}

export function addIv(a: Interval, b: Interval): Interval {
  return { lo: a.lo + b.lo, hi: a.hi + b.hi };
}

export function shiftIv(a: Interval, k: number): Interval {
  return k >= 0 ? { lo: a.lo << BigInt(k), hi: a.hi << BigInt(k) } : { lo: a.lo >> BigInt(-k), hi: a.hi >> BigInt(-k) };
}

export function mulIv(a: Interval, b: Interval): Interval {
  const c = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
  return hullOf(c);
}

export function absMax(a: Interval): bigint {
  const l = a.lo < 0n ? -a.lo : a.lo;
  const h = a.hi < 0n ? -a.hi : a.hi;
  return l > h ? l : h;
}

export function within(a: Interval, outer: Interval): boolean {
  return a.lo >= outer.lo && a.hi <= outer.hi;
}

/** Interval of the quantized (not yet overflowed) codes of a cast from `frac` to `t`. */
export function quantizedIv(a: Interval, frac: number, t: FixedType): Interval {
  return quantShiftIv(a, frac - fracBits(t), t.quant);
}

/** Interval of a·2^−s rounded per `mode` (a left shift when s ≤ 0). */
export function quantShiftIv(a: Interval, s: number, mode: QuantMode): Interval {
  if (s <= 0) return shiftIv(a, -s);
  // every quantization mode is monotone, so the end points bound the result
  return { lo: quantizeShift(a.lo, s, mode), hi: quantizeShift(a.hi, s, mode) };
}

/** Interval of the codes produced by a cast; `skipWrap` leaves a WRAP overflow to the consumer. */
export function castIv(a: Interval, frac: number, t: FixedType, skipWrap = false): Interval {
  const q = quantizedIv(a, frac, t);
  const r = castRange(t);
  if (within(q, r)) return q;
  switch (t.overflow) {
    case 'WRAP':
      return skipWrap ? q : typeRange(t);
    case 'SAT':
    case 'SAT_SYM':
      return { lo: q.lo < r.lo ? r.lo : q.lo > r.hi ? r.hi : q.lo, hi: q.hi > r.hi ? r.hi : q.hi < r.lo ? r.lo : q.hi };
    case 'SAT_ZERO': {
      const lo = q.lo < r.lo ? r.lo : q.lo;
      const hi = q.hi > r.hi ? r.hi : q.hi;
      if (lo > hi) return { lo: 0n, hi: 0n };
      return hull({ lo, hi }, { lo: 0n, hi: 0n });
    }
    default:
      return assertNever(t.overflow, 'overflow mode');
  }
}
