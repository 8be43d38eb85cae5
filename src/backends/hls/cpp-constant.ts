/**
 * Exact C++ constants. A raw code becomes a double literal when the double
 * holds its value exactly (always for widths ≤ 53, the usual case, and the
 * form Vitis HLS folds into ROMs); wider codes go through the library's
 * from_raw_hex, which sets the bits through the documented range() interface.
 */
import { dyadicFromNumber } from '../../fixed/exact.js';
import { fracBits, type FixedType } from '../../fixed/fixed-type.js';
import { cppType } from './cpp-type.js';

/** True when the float64 x equals raw · 2^−frac exactly. */
function exactDouble(x: number, raw: bigint, frac: number): boolean {
  if (!Number.isFinite(x)) return false;
  if (raw === 0n) return x === 0;
  const d = dyadicFromNumber(x);
  // compare d.mant · 2^d.exp with raw · 2^−frac
  const e = Math.min(d.exp, -frac);
  return d.mant << BigInt(d.exp - e) === raw << BigInt(-frac - e);
}

function doubleLiteral(x: number): string {
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** A C++ expression of type convertible to `t` whose value is exactly raw · 2^−F. */
export function cppConstant(raw: bigint, t: FixedType): string {
  const frac = fracBits(t);
  if (t.width <= 53) {
    const x = Number(raw) * Math.pow(2, -frac);
    if (exactDouble(x, raw, frac)) return doubleLiteral(x);
  }
  const hex = BigInt.asUintN(t.width, raw).toString(16);
  return `fx_nn::from_raw_hex<${cppType(t)} >("${hex}")`;
}

/** Constant array initializer lines, `per` values a line. */
export function cppArrayInit(raws: readonly bigint[], t: FixedType, per = 8): string[] {
  const vals = raws.map((r) => cppConstant(r, t));
  const lines: string[] = [];
  for (let i = 0; i < vals.length; i += per) lines.push(`    ${vals.slice(i, i + per).join(', ')}${i + per < vals.length ? ',' : ''}`);
  return lines;
}
