/**
 * Prices of the counted structures, fitted by calibrate.ts against Yosys
 * synth_xilinx and committed as coefficients.json. Only resources are
 * priced: cycles come from the replayed schedule and need no coefficient.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const coefficientsSchema = z
  .object({
    /** LUTs per adder output bit (carry chains: about one) */
    lutPerAdderBit: z.number().nonnegative(),
    /** LUTs per output bit of a rounding or saturating cast */
    lutPerCastBit: z.number().nonnegative(),
    /** LUTs per 2:1 mux output bit */
    lutPerMuxBit: z.number().nonnegative(),
    /** LUTs per partial-product bit (a·b) of a multiplier left in fabric */
    lutPerSoftMulBit: z.number().nonnegative(),
    /** LUTs per bit of an adder right after a DSP multiplier (often packed into the DSP) */
    lutPerDspAdderBit: z.number().nonnegative(),
    /** LUTs per folded-layer selection bit (see Tally.foldMuxBits) */
    lutPerFoldMuxBit: z.number().nonnegative(),
    /** LUTs per ROM bit (entries × width) */
    lutPerRomBit: z.number().nonnegative(),
    /** flip-flops per register bit the schedule creates (synthesis drops constant and unread bits) */
    ffPerRegBit: z.number().nonnegative(),
    /** a multiplier whose narrower operand is below this width stays in fabric (no DSP) */
    dspMinWidth: z.number().int().positive(),
    /** … and so does one whose operand widths sum below this (a small product) */
    dspMinSum: z.number().int().positive(),
    /** DSP operand limits (DSP48E1: 25 × 18) */
    dspA: z.number().int().positive(),
    dspB: z.number().int().positive(),
    /** where the numbers came from */
    calibratedOn: z.array(z.string()),
  })
  .strict();

export type CostCoefficients = z.infer<typeof coefficientsSchema>;

/** Uncalibrated first guesses (used only when no JSON is given and for the calibration's start). */
export const PRIOR_COEFFICIENTS: CostCoefficients = {
  lutPerAdderBit: 1,
  lutPerCastBit: 1,
  lutPerMuxBit: 0.5,
  lutPerSoftMulBit: 0.5,
  lutPerDspAdderBit: 1,
  lutPerFoldMuxBit: 1,
  lutPerRomBit: 1 / 32,
  ffPerRegBit: 1,
  dspMinWidth: 2,
  dspMinSum: 2,
  dspA: 25,
  dspB: 18,
  calibratedOn: [],
};

export const COEFFICIENTS_FILE = new URL('./coefficients.json', import.meta.url);

let cached: CostCoefficients | undefined;

/** The committed calibration (coefficients.json next to this file). */
export function defaultCoefficients(): CostCoefficients {
  if (cached) return cached;
  try {
    cached = coefficientsSchema.parse(JSON.parse(readFileSync(COEFFICIENTS_FILE, 'utf8')));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    cached = PRIOR_COEFFICIENTS;
  }
  return cached;
}
