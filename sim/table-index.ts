/**
 * Exact table index: clamp(floor((x − lo) / 2^stepLog2), 0, size − 1) for an
 * input raw code x with `frac` fractional bits and lo = loMant · 2^loExp.
 */
import type { TableSpec } from '../src/ir/dataflow/types.js';

export function tableIndexRef(x: bigint, frac: number, t: TableSpec): number {
  const e = Math.min(-frac, t.loExp);
  const X = x << BigInt(-frac - e);
  const L = t.loMant << BigInt(t.loExp - e);
  const diff = X - L; // (x − lo) · 2^−e
  const sh = e - t.stepLog2;
  const idx = sh >= 0 ? diff << BigInt(sh) : diff >> BigInt(-sh); // >> floors
  if (idx < 0n) return 0;
  if (idx >= BigInt(t.size)) return t.size - 1;
  return Number(idx);
}

/**
 * The same on float64, exact when every intermediate stays below 2^52 in
 * magnitude; returns null when that cannot be guaranteed for inputs with
 * |x| ≤ maxAbs.
 */
export function compileTableIndex(frac: number, t: TableSpec, maxAbs: number): ((x: number) => number) | null {
  const e = Math.min(-frac, t.loExp);
  const xs = 2 ** (-frac - e);
  const L = Number(t.loMant) * 2 ** (t.loExp - e);
  const bound = maxAbs * xs + Math.abs(L);
  if (!(bound < 2 ** 52) || !Number.isSafeInteger(L)) return null;
  const scale = 2 ** (e - t.stepLog2);
  const last = t.size - 1;
  return (x) => {
    const idx = Math.floor((x * xs - L) * scale);
    return idx < 0 ? 0 : idx > last ? last : idx;
  };
}
