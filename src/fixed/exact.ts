/**
 * Exact dyadic values: v = mant · 2^exp with BigInt mantissa. Every float64 is
 * one, and so is every fixed-point value (raw · 2^−F).
 */
import { CompileError } from '../core/diagnostics.js';

export interface Dyadic {
  readonly mant: bigint;
  readonly exp: number;
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The exact binary value of a finite float64. */
export function dyadicFromNumber(x: number): Dyadic {
  if (!Number.isFinite(x)) throw new CompileError('FF005', `value ${x} is not finite`);
  if (x === 0) return { mant: 0n, exp: 0 };
  F64[0] = x;
  const lo = U32[LITTLE ? 0 : 1] ?? 0;
  const hi = U32[LITTLE ? 1 : 0] ?? 0;
  const sign = hi >>> 31;
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) {
    exp = -1074; // subnormal
  } else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  // normalise: strip trailing zero bits so equal values compare equal
  while (mant !== 0n && (mant & 1n) === 0n) {
    mant >>= 1n;
    exp += 1;
  }
  return { mant: sign ? -mant : mant, exp };
}

/** Value of raw · 2^−frac as a dyadic. */
export function dyadicFromRaw(raw: bigint, frac: number): Dyadic {
  return { mant: raw, exp: -frac };
}

/** Nearest float64 to raw · 2^−frac (exact when it fits in 53 bits). */
export function rawToNumber(raw: bigint | number, frac: number): number {
  if (typeof raw === 'number') return raw * Math.pow(2, -frac);
  // split to keep precision for wide raws
  if (raw >= -(1n << 53n) && raw <= 1n << 53n) return Number(raw) * Math.pow(2, -frac);
  const neg = raw < 0n;
  let a = neg ? -raw : raw;
  let shift = 0;
  while (a >= 1n << 64n) {
    a >>= 1n;
    shift += 1;
  }
  const v = Number(a) * Math.pow(2, shift - frac);
  return neg ? -v : v;
}
