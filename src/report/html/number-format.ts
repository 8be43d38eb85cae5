/**
 * Number formatting for the report, independent of the machine's locale so
 * the same input gives the same bytes everywhere.
 */

/** 1234567 → "1,234,567"; non-integers are rounded first. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞' : n < 0 ? '−∞' : 'NaN';
  const r = Math.round(n);
  const digits = String(Math.abs(r));
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end));
  return (r < 0 ? '−' : '') + groups.join(',');
}

/** A fraction in [0, 1] as a percentage: 0.8741 → "87.41%". */
export function formatPercent(fraction: number, digits = 2): string {
  if (!Number.isFinite(fraction)) return 'n/a';
  return `${(100 * fraction).toFixed(digits)}%`;
}

/** A real value with 4 significant digits, no trailing zeros; minus as U+2212; ±∞ spelled out. */
export function formatReal(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  let s: string;
  if (Number.isInteger(x) && a < 1e9) s = String(a);
  else if (a >= 1e-4 && a < 1e9) s = a.toPrecision(4).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  else s = a.toExponential(3).replace(/\.?0+e/, 'e');
  return (x < 0 ? '−' : '') + s;
}

/**
 * A type's range limit: exact when up to 8 significant digits say it, else 8
 * digits (so 32 − 2^−17 reads 31.999992, not 32).
 */
export function formatLimit(x: number): string {
  if (!Number.isFinite(x) || Number.isInteger(x)) return formatReal(x);
  const a = Math.abs(x);
  let s = a.toPrecision(8);
  for (let p = 4; p <= 8; p++) {
    const t = a.toPrecision(p);
    if (Number(t) === a) {
      s = t;
      break;
    }
  }
  if (s.includes('e')) return formatReal(x);
  s = s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return (x < 0 ? '−' : '') + s;
}

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
};

/** 2^e as text with a superscript exponent: −3 → "2⁻³". */
export function powerOfTwo(e: number): string {
  return '2' + [...String(e)].map((c) => SUPERSCRIPT[c] ?? c).join('');
}
