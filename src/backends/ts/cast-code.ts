/**
 * Emitted casts: cast_T(v) written out with the exact quantization and
 * overflow of T (SEMANTICS.md), specialised on the interval of v so that a
 * step that cannot change the value emits nothing.
 *
 * `num` flavour: all operands are integers within ±2^52, so `/ 2^s`,
 * Math.floor, Math.trunc and `%` are exact, and `<<`, `>>`, `&`, `|`, `>>>`
 * (which first reduce modulo 2^32) are used only where that reduction is
 * harmless. `big` flavour: BigInt shifts (floor), division (toward zero) and
 * BigInt.asIntN / asUintN (wrap).
 */
import { assertNever } from '../../core/assert-never.js';
import { overflowRef, quantizeShift } from '../../fixed/cast-ref.js';
import { fracBits, type FixedType, type QuantMode } from '../../fixed/fixed-type.js';
import { alignCode } from './arith-code.js';
import type { Block, Val } from './code-block.js';
import { absMax, castIv, castRange, quantShiftIv, within, type Interval } from './interval.js';

export interface CastOptions {
  /**
   * Leave out a WRAP overflow step: the caller proves that it only needs the
   * result modulo 2^width (for instance because it wraps again itself).
   */
  readonly skipWrap?: boolean;
}

const INT32: Interval = { lo: -(1n << 31n), hi: (1n << 31n) - 1n };

export function castCode(b: Block, v: Val, t: FixedType, opts: CastOptions = {}): Val {
  const q = quantCode(b, v, fracBits(t), t.quant);
  return overflowCode(b, q, t, opts.skipWrap ?? false);
}

/** v rounded to `frac` fractional bits per `mode` (no overflow handling). */
export function quantCode(b: Block, v: Val, frac: number, mode: QuantMode): Val {
  const s = v.frac - frac;
  if (s <= 0) return alignCode(b, v, frac);
  const iv = quantShiftIv(v, s, mode);
  if (v.lo === v.hi) return b.val(b.lit(quantizeShift(v.lo, s, mode)), iv, frac);
  const big = b.flavor === 'big';
  const zero = big ? '0n' : '0';
  // |v| < 2^(s−1): the exact value lies strictly inside (−1/2, 1/2)
  if (absMax(v) < 1n << BigInt(s - 1)) {
    if (mode !== 'TRN' || v.lo >= 0n) return b.val(zero, { lo: 0n, hi: 0n }, frac);
    if (v.hi < 0n) return b.val(b.lit(-1n), { lo: -1n, hi: -1n }, frac);
    return b.val(`(${v.code} < ${zero} ? ${b.lit(-1n)} : ${zero})`, iv, frac);
  }
  const half = 1n << BigInt(s - 1);
  if (mode === 'RND_CONV') return roundConv(b, v, s, iv, frac);
  if (mode === 'TRN_ZERO' && v.lo < 0n) {
    const code = big ? `(${v.code} / ${b.lit(1n << BigInt(s))})` : `Math.trunc(${v.code} / ${b.lit(1n << BigInt(s))})`;
    return b.val(code, iv, frac);
  }
  // every other mode is floor((v + offset) / 2^s), the offset possibly depending on the sign of v
  const offsets: Record<Exclude<QuantMode, 'RND_CONV'>, readonly [bigint, bigint]> = {
    // [offset for v < 0, offset for v ≥ 0]
    TRN: [0n, 0n],
    TRN_ZERO: [0n, 0n],
    RND: [half, half],
    RND_MIN_INF: [half - 1n, half - 1n],
    RND_ZERO: [half, half - 1n],
    RND_INF: [half - 1n, half],
  };
  const [offNeg, offPos] = offsets[mode];
  let arg: Val;
  if (offNeg === offPos || v.lo >= 0n || v.hi < 0n) {
    const off = v.lo >= 0n ? offPos : offNeg;
    arg = off === 0n ? v : b.val(`(${v.code} + ${b.lit(off)})`, { lo: v.lo + off, hi: v.hi + off }, v.frac);
  } else {
    const vb = b.bind(v);
    arg = b.val(`(${vb.code} + (${vb.code} < ${zero} ? ${b.lit(offNeg)} : ${b.lit(offPos)}))`, { lo: v.lo + offNeg, hi: v.hi + offPos }, v.frac);
  }
  return floorShift(b, arg, s, iv, frac);
}

function floorShift(b: Block, v: Val, s: number, iv: Interval, frac: number): Val {
  if (b.flavor === 'big') return b.val(`(${v.code} >> ${s}n)`, iv, frac);
  if (s <= 31 && within(v, INT32)) return b.val(`(${v.code} >> ${s})`, iv, frac);
  return b.val(`Math.floor(${v.code} / ${b.lit(1n << BigInt(s))})`, iv, frac);
}

function roundConv(b: Block, v: Val, s: number, iv: Interval, frac: number): Val {
  const vb = b.bind(v);
  const d = 1n << BigInt(s);
  const half = d >> 1n;
  const q0 = b.bind(floorShift(b, vb, s, { lo: vb.lo >> BigInt(s), hi: vb.hi >> BigInt(s) }, frac), 'q');
  const big = b.flavor === 'big';
  const r = b.bind(b.val(big ? `(${vb.code} - (${q0.code} << ${s}n))` : `(${vb.code} - ${q0.code} * ${b.lit(d)})`, { lo: 0n, hi: d - 1n }, vb.frac), 'r');
  const odd = big ? `(${q0.code} & 1n) !== 0n` : `${q0.code} % 2 !== 0`;
  const one = big ? '1n' : '1';
  const h = b.lit(half);
  return b.val(`(${r.code} > ${h} || (${r.code} === ${h} && ${odd}) ? ${q0.code} + ${one} : ${q0.code})`, iv, frac);
}

/** Apply T's overflow mode to a code already on T's grid. */
export function overflowCode(b: Block, q: Val, t: FixedType, skipWrap: boolean): Val {
  const frac = fracBits(t);
  const r = castRange(t);
  const iv = castIv(q, frac, t, skipWrap);
  if (within(q, r)) return q;
  if (q.lo === q.hi) return b.val(b.lit(overflowRef(q.lo, t)), iv, frac);
  const big = b.flavor === 'big';
  const w = t.width;
  switch (t.overflow) {
    case 'WRAP': {
      if (skipWrap) return q;
      if (big) return b.val(`BigInt.as${t.signed ? 'Int' : 'Uint'}N(${w}, ${q.code})`, iv, frac);
      // ToInt32 reduces modulo 2^32 exactly for |q| ≤ 2^53, and 2^w divides 2^32
      if (t.signed && w === 32) return b.val(`(${q.code} | 0)`, iv, frac);
      if (t.signed && w < 32) return b.val(`((${q.code} << ${32 - w}) >> ${32 - w})`, iv, frac);
      if (!t.signed && w < 32) return b.val(`(${q.code} & ${b.lit((1n << BigInt(w)) - 1n)})`, iv, frac);
      if (!t.signed && w === 32) return b.val(`(${q.code} >>> 0)`, iv, frac);
      // 32 < w ≤ 53: q − 2^w·floor((q − min) / 2^w); q − min ≤ 2^53, exact
      const qb = b.bind(q);
      const m = b.lit(1n << BigInt(w));
      return b.val(`(${qb.code} - Math.floor((${qb.code} - ${b.lit(r.lo)}) / ${m}) * ${m})`, iv, frac);
    }
    case 'SAT':
    case 'SAT_SYM': {
      const qb = b.bind(q);
      const lo = q.lo < r.lo ? `${qb.code} < ${b.lit(r.lo)} ? ${b.lit(r.lo)} : ` : '';
      const hi = q.hi > r.hi ? `${qb.code} > ${b.lit(r.hi)} ? ${b.lit(r.hi)} : ` : '';
      return b.val(`(${lo}${hi}${qb.code})`, iv, frac);
    }
    case 'SAT_ZERO': {
      const qb = b.bind(q);
      const tests: string[] = [];
      if (q.lo < r.lo) tests.push(`${qb.code} < ${b.lit(r.lo)}`);
      if (q.hi > r.hi) tests.push(`${qb.code} > ${b.lit(r.hi)}`);
      return b.val(`(${tests.join(' || ')} ? ${big ? '0n' : '0'} : ${qb.code})`, iv, frac);
    }
    default:
      return assertNever(t.overflow, 'overflow mode');
  }
}
