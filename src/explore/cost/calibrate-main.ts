/**
 * The calibration script: `node --import tsx src/explore/cost/calibrate-main.ts`.
 * Synthesizes the calibration and check designs with Yosys (about a minute
 * in all), writes the measurements to bench/results/cost-measurements.json
 * and the fitted coefficients to src/explore/cost/coefficients.json.
 * `--refit` fits again from the saved measurements without Yosys.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { calibrationDesigns } from './calibration-designs.js';
import { fitCoefficients, measureDesign, type MeasuredDesign } from './calibrate.js';
import { COEFFICIENTS_FILE } from './coefficients.js';

const MEASUREMENTS = new URL('../../../bench/results/cost-measurements.json', import.meta.url);

async function main(): Promise<void> {
  const { fit, check } = calibrationDesigns();
  let measured: MeasuredDesign[];
  if (process.argv.includes('--refit')) {
    measured = JSON.parse(readFileSync(MEASUREMENTS, 'utf8')) as MeasuredDesign[];
  } else {
    measured = [];
    for (const d of [...fit, ...check]) {
      process.stderr.write(`yosys: ${d.name}\n`);
      const m = await measureDesign(d);
      process.stderr.write(`  ${m.total.luts} LUT, ${m.total.ffs} FF, ${m.total.dsps} DSP (${m.yosysSeconds.toFixed(1)} s)\n`);
      measured.push(m);
    }
    writeFileSync(MEASUREMENTS, `${JSON.stringify(measured, null, 2)}\n`);
  }
  const coeffs = fitCoefficients(fit, measured);
  writeFileSync(COEFFICIENTS_FILE, `${JSON.stringify(coeffs, null, 2)}\n`);
  process.stderr.write(`${JSON.stringify(coeffs)}\n`);
}

await main();
