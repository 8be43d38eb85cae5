/**
 * FixedType: the meaning of Vitis HLS ap_fixed<W,I,Q,O> / ap_ufixed<W,I,Q,O>
 * (see shared SEMANTICS.md). A plain readonly value; all width rules live in
 * growth.ts.
 */
import { CompileError } from '../core/diagnostics.js';

export const QUANT_MODES = ['TRN', 'TRN_ZERO', 'RND', 'RND_ZERO', 'RND_MIN_INF', 'RND_INF', 'RND_CONV'] as const;
export const OVERFLOW_MODES = ['WRAP', 'SAT', 'SAT_ZERO', 'SAT_SYM'] as const;
export type QuantMode = (typeof QUANT_MODES)[number];
export type OverflowMode = (typeof OVERFLOW_MODES)[number];

/** Widest type fixflow accepts. */
export const MAX_WIDTH = 128;

export interface FixedType {
  /** total bits W, 1..MAX_WIDTH */
  readonly width: number;
  /** integer bits I (sign bit included when signed); may be negative or exceed W */
  readonly int: number;
  readonly signed: boolean;
  readonly quant: QuantMode;
  readonly overflow: OverflowMode;
}

export function fixedType(
  width: number,
  int: number,
  signed = true,
  quant: QuantMode = 'TRN',
  overflow: OverflowMode = 'WRAP',
): FixedType {
  checkWidth(width, int);
  return { width, int, signed, quant, overflow };
}

export function checkWidth(width: number, int: number, field?: string): void {
  if (!Number.isInteger(width) || width < 1 || width > MAX_WIDTH) {
    throw new CompileError('FF009', `width must be an integer in 1..${MAX_WIDTH}, got ${width}`, field ? { field } : {});
  }
  if (!Number.isInteger(int) || Math.abs(int) > 4 * MAX_WIDTH) {
    throw new CompileError('FF009', `integer bits must be an integer within ±${4 * MAX_WIDTH}, got ${int}`, field ? { field } : {});
  }
}

/** Fractional bits F = W − I. */
export function fracBits(t: FixedType): number {
  return t.width - t.int;
}

export function minRaw(t: FixedType): bigint {
  return t.signed ? -(1n << BigInt(t.width - 1)) : 0n;
}

export function maxRaw(t: FixedType): bigint {
  return t.signed ? (1n << BigInt(t.width - 1)) - 1n : (1n << BigInt(t.width)) - 1n;
}

/** Smallest code a value of the type can have: −max under signed SAT_SYM (SEMANTICS.md), else minRaw. */
export function minCode(t: FixedType): bigint {
  return t.signed && t.overflow === 'SAT_SYM' ? -maxRaw(t) : minRaw(t);
}

/** Smallest and largest real values of the type (as float64; exact when representable); SAT_SYM's range is symmetric. */
export function realRange(t: FixedType): { min: number; max: number } {
  const scale = Math.pow(2, -fracBits(t));
  return { min: Number(minCode(t)) * scale, max: Number(maxRaw(t)) * scale };
}

export function sameType(a: FixedType, b: FixedType): boolean {
  return a.width === b.width && a.int === b.int && a.signed === b.signed && a.quant === b.quant && a.overflow === b.overflow;
}

/** True when every value of `inner` is a value of `outer` (ignoring modes). */
export function typeContains(outer: FixedType, inner: FixedType): boolean {
  if (fracBits(outer) < fracBits(inner)) return false;
  const shift = BigInt(fracBits(outer) - fracBits(inner));
  return minRaw(inner) << shift >= minRaw(outer) && maxRaw(inner) << shift <= maxRaw(outer);
}

/** `ap_fixed<16,6,RND,SAT>` spelling; defaults (TRN, WRAP) are omitted. */
export function formatType(t: FixedType): string {
  const base = t.signed ? 'ap_fixed' : 'ap_ufixed';
  const args = [String(t.width), String(t.int)];
  if (t.quant !== 'TRN' || t.overflow !== 'WRAP') args.push(t.quant);
  if (t.overflow !== 'WRAP') args.push(t.overflow);
  return `${base}<${args.join(',')}>`;
}

const TYPE_RE = /^\s*(ap_fixed|ap_ufixed|fixed|ufixed|ap_int|ap_uint|int|uint)\s*<\s*([^>]*)>\s*$/;

/**
 * Parse `ap_fixed<W,I[,Q[,O[,N]]]>`, `ap_ufixed<…>`, `ap_int<W>`, `ap_uint<W>`
 * (also without the `ap_` prefix). Modes may carry the `AP_` prefix.
 */
export function parseType(spelling: string, field?: string): FixedType {
  const loc = field ? { field } : {};
  const m = TYPE_RE.exec(spelling);
  if (!m) throw new CompileError('FF009', `cannot parse fixed-point type '${spelling}'`, loc);
  const kind = m[1] ?? '';
  const args = (m[2] ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const signed = !kind.includes('u');
  const isInt = kind.endsWith('int');
  const num = (s: string | undefined, what: string): number => {
    if (s === undefined || !/^[+-]?\d+$/.test(s)) {
      throw new CompileError('FF009', `type '${spelling}': ${what} must be an integer`, loc);
    }
    return Number(s);
  };
  const width = num(args[0], 'width');
  const int = isInt ? width : num(args[1], 'integer bits');
  if (isInt && args.length > 1) throw new CompileError('FF009', `type '${spelling}': ap_int takes one argument`, loc);
  const qs = (args[2] ?? 'TRN').replace(/^AP_/, '');
  const os = (args[3] ?? 'WRAP').replace(/^AP_/, '');
  if (!(QUANT_MODES as readonly string[]).includes(qs)) {
    throw new CompileError('FF009', `type '${spelling}': unknown quantization mode '${qs}' (one of ${QUANT_MODES.join(', ')})`, loc);
  }
  if (!(OVERFLOW_MODES as readonly string[]).includes(os)) {
    throw new CompileError('FF009', `type '${spelling}': unknown overflow mode '${os}' (one of ${OVERFLOW_MODES.join(', ')})`, loc);
  }
  if (args[4] !== undefined && num(args[4], 'saturation bits') !== 0) {
    throw new CompileError('FF009', `type '${spelling}': saturation bits N other than 0 are not supported`, loc);
  }
  if (args.length > 5) throw new CompileError('FF009', `type '${spelling}': too many arguments`, loc);
  try {
    checkWidth(width, int);
  } catch (e) {
    if (e instanceof CompileError) throw new CompileError('FF009', `type '${spelling}': ${e.message}`, loc);
    throw e;
  }
  return { width, int, signed, quant: qs as QuantMode, overflow: os as OverflowMode };
}
