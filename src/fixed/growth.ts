/**
 * Width-growth rules, in one place (the rules of ap_fixed's full-precision
 * operators). Everything that needs "the exact type of a + b" or "a · b"
 * asks here.
 */
import { fracBits, type FixedType, type OverflowMode, type QuantMode } from './fixed-type.js';

const EXACT_Q: QuantMode = 'TRN';
const EXACT_O: OverflowMode = 'WRAP';

/** Exact type of a·b: fixed<W1+W2, I1+I2>, signed if either is. */
export function productType(a: FixedType, b: FixedType): FixedType {
  return { width: a.width + b.width, int: a.int + b.int, signed: a.signed || b.signed, quant: EXACT_Q, overflow: EXACT_O };
}

/**
 * Exact type of a+b: one integer bit over the wider operand, the finer
 * fraction; an unsigned operand mixed with a signed one first gains a sign bit.
 */
export function sumType(a: FixedType, b: FixedType): FixedType {
  const signed = a.signed || b.signed;
  const ia = a.int + (signed && !a.signed ? 1 : 0);
  const ib = b.int + (signed && !b.signed ? 1 : 0);
  const int = Math.max(ia, ib) + 1;
  const frac = Math.max(fracBits(a), fracBits(b));
  return { width: int + frac, int, signed, quant: EXACT_Q, overflow: EXACT_O };
}

/** Exact type of a−b (as a+b, and always signed). */
export function differenceType(a: FixedType, b: FixedType): FixedType {
  const s = sumType(a, b);
  if (s.signed) return s;
  return { ...s, width: s.width + 1, int: s.int + 1, signed: true };
}

/**
 * Type that holds any sum of `terms` values of the given term types (bit growth
 * of ceil(log2(terms)) integer bits over the widest term), so no sum overflows.
 */
export function accumulatorType(termTypes: readonly FixedType[], terms: number): FixedType {
  if (termTypes.length === 0) throw new Error('accumulatorType needs at least one term type');
  const signed = termTypes.some((t) => t.signed);
  let int = -Infinity;
  let frac = -Infinity;
  for (const t of termTypes) {
    int = Math.max(int, t.int + (signed && !t.signed ? 1 : 0));
    frac = Math.max(frac, fracBits(t));
  }
  int += terms <= 1 ? 0 : Math.ceil(Math.log2(terms));
  return { width: Math.max(1, int + frac), int, signed, quant: EXACT_Q, overflow: EXACT_O };
}

/** The same type with other modes. */
export function withModes(t: FixedType, quant: QuantMode, overflow: OverflowMode): FixedType {
  return { ...t, quant, overflow };
}
