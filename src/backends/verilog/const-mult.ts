/**
 * Multiplication by a constant weight. Zero weights produce nothing; a weight
 * with few non-zero signed digits (canonical signed digits: ±2^a ± 2^b …)
 * becomes shifted copies of the input, added or subtracted by the adder tree
 * that consumes them (a shift is wiring); other weights become one `*`
 * (which synthesis maps to a DSP) or, with constMult 'lut', shifts and adds.
 */
import type { ModuleBuilder } from './module-builder.js';
import type { LayerKnobs } from './options.js';
import { literal, signedWidth, trailingZeros, type Sig } from './signal.js';

/** A term of a sum: `sig`, or its negation. */
export interface Leaf {
  readonly sig: Sig;
  readonly neg: boolean;
}

export interface Digit {
  readonly shift: number;
  readonly sign: 1 | -1;
}

/** Canonical signed-digit (non-adjacent form) expansion of an integer. */
export function csdDigits(n: bigint): Digit[] {
  const out: Digit[] = [];
  let v = n;
  let shift = 0;
  while (v !== 0n) {
    if ((v & 1n) !== 0n) {
      const r = ((v % 4n) + 4n) % 4n; // v mod 4 ∈ {1, 3}
      const d = r === 1n ? 1n : -1n;
      out.push({ shift, sign: d === 1n ? 1 : -1 });
      v -= d;
    }
    v >>= 1n;
    shift++;
  }
  return out;
}

export type ProductKind = 'none' | 'wires' | 'shift-add' | 'multiplier';

/** How a weight is implemented, for reports and tests. */
export function productKind(w: bigint, knobs: Required<LayerKnobs>): ProductKind {
  if (w === 0n) return 'none';
  const m = w >> BigInt(trailingZeros(w));
  if (m === 1n || m === -1n) return 'wires';
  const digits = csdDigits(m).length;
  if (knobs.constMult === 'lut' || digits <= knobs.shiftAddTerms) return 'shift-add';
  return 'multiplier';
}

/** The exact product x · c (c raw with `cFrac` fractional bits) as terms of a sum. */
export function constProduct(b: ModuleBuilder, x: Sig, c: bigint, cFrac: number, knobs: Required<LayerKnobs>, mulLevels: number): Leaf[] {
  if (c === 0n) return [];
  const t = trailingZeros(c);
  const m = c >> BigInt(t);
  const frac = x.frac + cFrac - t;
  if (x.konst !== undefined) return [{ sig: b.constant(x.konst * m, frac), neg: false }];
  const kind = productKind(c, knobs);
  if (kind === 'wires') return [{ sig: { ...x, frac }, neg: m < 0n }];
  if (kind === 'shift-add') return csdDigits(m).map((d) => ({ sig: { ...x, frac: frac - d.shift }, neg: d.sign < 0 }));
  const a = x.min * m;
  const z = x.max * m;
  const min = a < z ? a : z;
  const max = a < z ? z : a;
  const { ops, stage, depth } = b.schedule([x], mulLevels);
  const src = ops[0] as Sig;
  const w = signedWidth(min, max);
  const p = b.sig('p', `$signed(${b.fit(src, w)}) * $signed(${literal(m, w)})`, { min, max, frac }, stage, depth);
  return [{ sig: p, neg: false }];
}
