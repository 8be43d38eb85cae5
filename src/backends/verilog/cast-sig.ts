/**
 * Assigning a datapath signal to a fixed-point type. When range analysis
 * proves the value already lies on the type's grid and inside its range, the
 * cast is wiring; otherwise it is one instance of the library's fx_cast.
 */
import { castRawRef, quantizeShift } from '../../fixed/cast-ref.js';
import { fracBits, maxRaw, minRaw, type FixedType } from '../../fixed/fixed-type.js';
import type { ModuleBuilder } from './module-builder.js';
import { literal, signedWidth, type Sig } from './signal.js';

const QUANT_CODE = { TRN: 0, TRN_ZERO: 1, RND: 2, RND_ZERO: 3, RND_MIN_INF: 4, RND_INF: 5, RND_CONV: 6 } as const;
const OVF_CODE = { WRAP: 0, SAT: 1, SAT_ZERO: 2, SAT_SYM: 3 } as const;

/** raw (with `frac` fractional bits) quantized to the type's grid, before overflow. */
function quantize(raw: bigint, frac: number, t: FixedType): bigint {
  const s = frac - fracBits(t);
  return s > 0 ? quantizeShift(raw, s, t.quant) : raw << BigInt(-s);
}

/** Smallest code a cast can produce: SAT_SYM never gives the most negative code. */
function lowestCode(t: FixedType): bigint {
  return t.overflow === 'SAT_SYM' && t.signed ? -maxRaw(t) : minRaw(t);
}

/** True when assigning any value of `sig` to `t` changes nothing. */
export function castIsExact(sig: Pick<Sig, 'min' | 'max' | 'frac'>, t: FixedType): boolean {
  const f = fracBits(t);
  if (sig.frac > f) return false;
  const k = BigInt(f - sig.frac);
  return sig.min << k >= lowestCode(t) && sig.max << k <= maxRaw(t);
}

/** Exact range of the cast of any value in [sig.min, sig.max]. */
export function castRange(sig: Pick<Sig, 'min' | 'max' | 'frac'>, t: FixedType): { min: bigint; max: bigint; overflow: boolean } {
  const qmin = quantize(sig.min, sig.frac, t);
  const qmax = quantize(sig.max, sig.frac, t);
  const lo = minRaw(t);
  const hi = maxRaw(t);
  const symLo = lowestCode(t);
  if (qmin >= symLo && qmax <= hi) return { min: qmin, max: qmax, overflow: false };
  const clamp = (v: bigint, a: bigint): bigint => (v < a ? a : v > hi ? hi : v);
  switch (t.overflow) {
    case 'SAT':
      return { min: clamp(qmin, lo), max: clamp(qmax, lo), overflow: true };
    case 'SAT_SYM':
      return { min: clamp(qmin, symLo), max: clamp(qmax, symLo), overflow: true };
    default:
      return { min: lo, max: hi, overflow: true };
  }
}

/** What a cast of `sig` to `t` builds: a rounding increment (it drops fraction bits with a rounding mode), a saturation (it can overflow a non-wrapping type). */
export function castParts(sig: Pick<Sig, 'min' | 'max' | 'frac'>, t: FixedType): { rounds: boolean; saturates: boolean } {
  if (castIsExact(sig, t)) return { rounds: false, saturates: false };
  return { rounds: sig.frac > fracBits(t) && t.quant !== 'TRN', saturates: castRange(sig, t).overflow && t.overflow !== 'WRAP' };
}

/** Logic levels of a cast: a rounding increment and a saturation mux (a range test over the high bits, then a mux). */
export function castCost(sig: Pick<Sig, 'min' | 'max' | 'frac'>, t: FixedType): number {
  const p = castParts(sig, t);
  return (p.rounds ? 1 : 0) + (p.saturates ? 2 : 0);
}

function instance(b: ModuleBuilder, x: Sig, outW: number, outFrac: number, outSigned: boolean, t: FixedType, ovf: number): string {
  const y = b.net('c', outW);
  const params = [
    `.IN_W(${x.width})`,
    `.IN_FRAC(${x.frac})`,
    '.IN_SIGNED(1)',
    `.OUT_W(${outW})`,
    `.OUT_FRAC(${outFrac})`,
    `.OUT_SIGNED(${outSigned ? 1 : 0})`,
    `.QUANT(${QUANT_CODE[t.quant]})`,
    `.OVF(${ovf})`,
  ];
  b.instance(y, `  fx_cast #(${params.join(', ')}) u_${y} (.x(${x.name}), .y(${y}));`, x.name);
  return y;
}

/**
 * The value of `x` assigned to `t`, as a datapath signal (signed, on the
 * type's grid, or on a coarser one when the cast is exact).
 */
export function castSig(b: ModuleBuilder, x: Sig, t: FixedType): Sig {
  if (castIsExact(x, t)) return x;
  const f = fracBits(t);
  if (x.konst !== undefined) return b.constant(castRawRef(x.konst, x.frac, t), f);
  const r = castRange(x, t);
  // every input value gives the same code
  if (r.min === r.max) return b.constant(r.min, f);
  const cost = castCost(x, t);
  const { ops, stage, depth } = b.schedule([x], cost);
  const src = ops[0] as Sig;
  if (!r.overflow) {
    // only the grid changes: quantize into a signed vector just wide enough
    const w = signedWidth(r.min, r.max);
    const y = instance(b, src, w, f, true, t, OVF_CODE.WRAP);
    return { name: y, width: w, frac: f, min: r.min, max: r.max, stage, depth };
  }
  const y = instance(b, src, t.width, f, t.signed, t, OVF_CODE[t.overflow]);
  if (t.signed) return { name: y, width: t.width, frac: f, min: r.min, max: r.max, stage, depth };
  const ext = b.wire('u', t.width + 1, `{1'b0, ${y}}`);
  return { name: ext, width: t.width + 1, frac: f, min: r.min, max: r.max, stage, depth };
}

/**
 * The raw code of type `t` (exactly t.width bits) of a signal whose value is
 * a value of `t` (after castSig). Wiring only.
 */
export function codeExpr(b: ModuleBuilder, x: Sig, t: FixedType): string {
  const f = fracBits(t);
  const k = f - x.frac;
  if (k < 0 || !castIsExact(x, t)) throw new Error(`internal: ${x.name} is not a value of the output type`);
  if (x.konst !== undefined) return literal(x.konst << BigInt(k), t.width);
  if (t.width - k < 1) return literal(0n, t.width); // the value is 0 (the only value of t this far below its grid)
  const body = b.fit(x, t.width - k);
  return k === 0 ? body : `{${body}, ${k}'b0}`;
}
