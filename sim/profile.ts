/**
 * Overflow profiling: for each layer and each cast point (product,
 * accumulator, sum, result), how many values were cast, how many overflowed
 * (wrapped, saturated or zeroed), the observed range of the exact values
 * against the type's range, and the integer bits the observed range needs.
 */
import { compileCast, compileQuantize, rawRangeFast } from '../src/fixed/cast-fast.js';
import { overflowRef, quantizeShift } from '../src/fixed/cast-ref.js';
import { formatType, fracBits, realRange, type FixedType } from '../src/fixed/fixed-type.js';

export type TensorKind = 'product' | 'accum' | 'sum' | 'result';

export class TensorStats {
  count = 0;
  overflows = 0;
  min = Infinity;
  max = -Infinity;
  constructor(readonly type: FixedType) {}

  /** A cast on numbers that records what it sees (profiling path of the fast simulator). */
  caster(srcFrac: number): (raw: number) => number {
    const quant = compileQuantize(srcFrac, this.type);
    const cast = compileCast(srcFrac, this.type);
    const { hi } = rawRangeFast(this.type);
    const lo = this.type.signed && this.type.overflow === 'SAT_SYM' ? -hi : rawRangeFast(this.type).lo;
    const scale = 2 ** -srcFrac;
    return (raw) => {
      const v = raw * scale;
      this.count++;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
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
  };
}
