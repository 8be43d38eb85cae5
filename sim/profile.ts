/**
 * Overflow profiling: for each layer and each cast point (product,
 * accumulator, sum, result), how many values were cast, how many overflowed
 * (wrapped, saturated or zeroed), the observed range of the exact values
 * against the type's range, and the integer bits the observed range needs;
 * and a histogram of the exact values by sign and binary exponent (bin e
 * holds the values with 2^e ≤ |v| < 2^(e+1)), to plot against the type.
 */
import { compileCast, compileQuantize, rawRangeFast } from '../src/fixed/cast-fast.js';
import { overflowRef, quantizeShift } from '../src/fixed/cast-ref.js';
import { formatType, fracBits, realRange, type FixedType } from '../src/fixed/fixed-type.js';

export type TensorKind = 'product' | 'accum' | 'sum' | 'result';

/** One bin of a ValueHistogram: `count` values with 2^exp ≤ |v| < 2^(exp+1). */
export interface HistogramBin {
  readonly exp: number;
  readonly count: number;
}

/** The exact values cast at one point, counted by sign and binary exponent. */
export interface ValueHistogram {
  /** values equal to zero */
  readonly zero: number;
  /** positive values, ascending exp, only bins with count > 0 */
  readonly positive: readonly HistogramBin[];
  /** negative values by the exponent of |v|, ascending exp, only bins with count > 0 */
  readonly negative: readonly HistogramBin[];
  /** exponent of the cast type's LSB (−F): values with |v| < 2^lsbExp are below its resolution */
  readonly lsbExp: number;
}

/** Bins of raw integer magnitudes 1 ≤ a < 2^RAW_BINS (the fast path's codes), by floor(log2 a). */
const RAW_BINS = 64;
const TWO32 = 4294967296;
const RAW_LIMIT = 2 ** RAW_BINS;

/** floor(log2 x) for a finite x > 0, exactly (powers of two are exact doubles). */
export function exponentOf(x: number): number {
  let e = Math.floor(Math.log2(x));
  if (2 ** e > x) e--;
  else if (2 ** (e + 1) <= x) e++;
  return e;
}

/** Histogram counts of one caster, by the exponent of the raw integer; the value's exponent is that minus srcFrac. */
interface RawBins {
  readonly srcFrac: number;
  readonly pos: Float64Array;
  readonly neg: Float64Array;
  /** one element: the count of zeros */
  readonly zero: Float64Array;
}

export class TensorStats {
  count = 0;
  overflows = 0;
  min = Infinity;
  max = -Infinity;
  private zeros = 0;
  private readonly rawBins: RawBins[] = [];
  /** value exponent → count, for values the raw bins cannot hold (BigInt path, non-integers) */
  private readonly posExp = new Map<number, number>();
  private readonly negExp = new Map<number, number>();
  constructor(readonly type: FixedType) {}

  private binsFor(srcFrac: number): RawBins {
    let b = this.rawBins.find((r) => r.srcFrac === srcFrac);
    if (!b) {
      b = { srcFrac, pos: new Float64Array(RAW_BINS), neg: new Float64Array(RAW_BINS), zero: new Float64Array(1) };
      this.rawBins.push(b);
    }
    return b;
  }

  /** Count the exact value v (≠ 0) in the exponent maps. */
  private countValue(v: number): void {
    const m = v > 0 ? this.posExp : this.negExp;
    const e = exponentOf(Math.abs(v));
    m.set(e, (m.get(e) ?? 0) + 1);
  }

  /** The histogram of everything observed so far. */
  histogram(): ValueHistogram {
    const pos = new Map(this.posExp);
    const neg = new Map(this.negExp);
    let zero = this.zeros;
    for (const b of this.rawBins) {
      zero += b.zero[0] ?? 0;
      for (let e = 0; e < RAW_BINS; e++) {
        const p = b.pos[e] ?? 0;
        const n = b.neg[e] ?? 0;
        if (p > 0) pos.set(e - b.srcFrac, (pos.get(e - b.srcFrac) ?? 0) + p);
        if (n > 0) neg.set(e - b.srcFrac, (neg.get(e - b.srcFrac) ?? 0) + n);
      }
    }
    const bins = (m: Map<number, number>): HistogramBin[] => [...m].map(([exp, count]) => ({ exp, count })).sort((a, b) => a.exp - b.exp);
    return { zero, positive: bins(pos), negative: bins(neg), lsbExp: -fracBits(this.type) };
  }

  /** A cast on numbers that records what it sees (profiling path of the fast simulator). */
  caster(srcFrac: number): (raw: number) => number {
    const quant = compileQuantize(srcFrac, this.type);
    const cast = compileCast(srcFrac, this.type);
    const { hi } = rawRangeFast(this.type);
    const lo = this.type.signed && this.type.overflow === 'SAT_SYM' ? 0 - hi : rawRangeFast(this.type).lo;
    const scale = 2 ** -srcFrac;
    const { pos, neg, zero } = this.binsFor(srcFrac);
    return (raw) => {
      const v = raw * scale;
      this.count++;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
      // raw codes are integers; anything else (or beyond the raw bins) is counted exactly on the slow path
      if (raw >= 1 && raw < RAW_LIMIT) {
        const e = raw < TWO32 ? 31 - Math.clz32(raw) : 63 - Math.clz32(raw / TWO32);
        pos[e] = (pos[e] as number) + 1;
      } else if (raw <= -1 && raw > -RAW_LIMIT) {
        const e = -raw < TWO32 ? 31 - Math.clz32(-raw) : 63 - Math.clz32(-raw / TWO32);
        neg[e] = (neg[e] as number) + 1;
      } else if (raw === 0) zero[0] = (zero[0] as number) + 1;
      else this.countValue(v);
      const q = quant(raw);
      if (q < lo || q > hi) this.overflows++;
      return cast(raw);
    };
  }

  /** The same on BigInt (reference path). */
  observeBig(raw: bigint, srcFrac: number): void {
    const v = Number(raw) * 2 ** -srcFrac;
    this.count++;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (raw === 0n) this.zeros++;
    else {
      const mag = raw < 0n ? -raw : raw;
      const e = mag.toString(2).length - 1 - srcFrac;
      const m = raw > 0n ? this.posExp : this.negExp;
      m.set(e, (m.get(e) ?? 0) + 1);
    }
    const s = srcFrac - fracBits(this.type);
    const q = s <= 0 ? raw << BigInt(-s) : quantizeShift(raw, s, this.type.quant);
    if (overflowRef(q, this.type) !== q) this.overflows++;
  }
}

export interface TensorProfile {
  readonly layer: string;
  readonly source: string;
  readonly tensor: TensorKind;
  readonly type: string;
  readonly count: number;
  readonly overflows: number;
  readonly observedMin: number;
  readonly observedMax: number;
  readonly typeMin: number;
  readonly typeMax: number;
  /** integer bits (sign included when signed) that hold the observed range at this type's fraction */
  readonly suggestedInt: number;
  /** the exact values before the cast, by sign and binary exponent (filled by summarize) */
  readonly histogram?: ValueHistogram;
}

/** Integer bits I such that the type fixed<F+I, I> (same signedness) holds [min, max]. */
export function suggestIntBits(t: FixedType, min: number, max: number): number {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return t.int;
  const ulp = 2 ** -fracBits(t);
  for (let i = -fracBits(t) + 1; i < 256; i++) {
    const top = 2 ** (t.signed ? i - 1 : i);
    const lo = t.signed ? -top : 0;
    if (min >= lo && max <= top - ulp) return i;
  }
  return t.int;
}

export function summarize(layer: string, source: string, tensor: TensorKind, s: TensorStats): TensorProfile {
  const r = realRange(s.type);
  return {
    layer,
    source,
    tensor,
    type: formatType(s.type),
    count: s.count,
    overflows: s.overflows,
    observedMin: s.count > 0 ? s.min : 0,
    observedMax: s.count > 0 ? s.max : 0,
    typeMin: r.min,
    typeMax: r.max,
    suggestedInt: suggestIntBits(s.type, s.min, s.max),
    histogram: s.histogram(),
  };
}
