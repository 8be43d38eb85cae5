/** A Tally (what a module holds) → LUT / FF / DSP / BRAM under a set of coefficients. */
import type { Tally } from './abstract-sched.js';
import type { CostCoefficients } from './coefficients.js';

export interface Estimate {
  readonly luts: number;
  readonly ffs: number;
  readonly dsps: number;
  readonly brams: number;
}

export const NO_ESTIMATE: Estimate = { luts: 0, ffs: 0, dsps: 0, brams: 0 };

/** Whether Yosys maps an a × b multiplier to DSPs (else it stays in fabric). */
export function onDsp(a: number, b: number, c: Pick<CostCoefficients, 'dspMinWidth' | 'dspMinSum'>): boolean {
  return Math.min(a, b) >= c.dspMinWidth && a + b >= c.dspMinSum;
}

/** DSP slices of one a × b multiplier (the better of the two orientations). */
export function dspTiles(a: number, b: number, c: CostCoefficients): number {
  const fit = (x: number, y: number): number => Math.ceil(x / c.dspA) * Math.ceil(y / c.dspB);
  return Math.min(fit(a, b), fit(b, a));
}

/**
 * synth_xilinx puts a table ROM (a case function) in block RAM when its read
 * is synchronous (its address or its value is a register) and it
 * holds more than 8 Kib: 512 × 18 and 2048 × 8 go to a RAMB18, 1024 × 8 stays
 * in LUTs (read off Yosys 0.23 on ROMs alone).
 */
export const ROM_BRAM_BITS = 8192;

export function romOnBram(r: { entries: number; width: number; synchronous?: boolean }): boolean {
  return r.synchronous === true && r.entries * r.width > ROM_BRAM_BITS;
}

/** Block RAMs (in RAMB36 units; a RAMB18 is one half) of an entries × width ROM: a RAMB18 is 16K × 1 … 512 × 36. */
export function romBrams(entries: number, width: number): number {
  const depthBits = Math.max(9, Math.ceil(Math.log2(Math.max(entries, 2))));
  const perHalf = [36, 18, 9, 4, 2, 1][Math.min(depthBits, 14) - 9] ?? 1;
  const deep = Math.max(1, Math.ceil(entries / 16384));
  return (Math.ceil(width / perHalf) * deep) / 2;
}

/** The features the LUT price is linear in (calibrate.ts fits their weights). */
export interface LutFeatures {
  readonly adderBits: number;
  readonly castBits: number;
  readonly muxBits: number;
  readonly dspAdderBits: number;
  readonly foldMuxBits: number;
  readonly softMulBits: number;
  readonly romBits: number;
}

export function lutFeatures(t: Tally, c: CostCoefficients): LutFeatures {
  let softMulBits = 0;
  for (const [a, b] of t.mults) if (!onDsp(a, b, c)) softMulBits += a * b;
  const romBits = t.roms.reduce((s, r) => s + (romOnBram(r) ? 0 : r.entries * r.width), 0);
  return { adderBits: t.adderBits, castBits: t.castBits, muxBits: t.muxBits, dspAdderBits: t.dspAdderBits, foldMuxBits: t.foldMuxBits, softMulBits, romBits };
}

export function priceTally(t: Tally, c: CostCoefficients): Estimate {
  const f = lutFeatures(t, c);
  let dsps = 0;
  for (const [a, b] of t.mults) if (onDsp(a, b, c)) dsps += dspTiles(a, b, c);
  const luts =
    f.adderBits * c.lutPerAdderBit + f.castBits * c.lutPerCastBit + f.muxBits * c.lutPerMuxBit + f.dspAdderBits * c.lutPerDspAdderBit + f.foldMuxBits * c.lutPerFoldMuxBit + f.softMulBits * c.lutPerSoftMulBit + f.romBits * c.lutPerRomBit;
  const brams = t.roms.reduce((s, r) => s + (romOnBram(r) ? romBrams(r.entries, r.width) : 0), 0);
  return { luts: Math.round(luts), ffs: Math.round(t.regBits * c.ffPerRegBit), dsps, brams };
}

export function addEstimates(a: Estimate, b: Estimate): Estimate {
  return { luts: a.luts + b.luts, ffs: a.ffs + b.ffs, dsps: a.dsps + b.dsps, brams: a.brams + b.brams };
}
