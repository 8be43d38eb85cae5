import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calibrationDesigns } from '../../src/explore/cost/calibration-designs.js';
import type { MeasuredDesign } from '../../src/explore/cost/calibrate.js';
import { estimateDesign } from '../../src/explore/cost/estimate.js';
import { compileGraph } from '../../src/pipeline.js';

// Yosys figures saved by src/explore/cost/calibrate-main.ts
const measured = JSON.parse(readFileSync(new URL('../../bench/results/cost-measurements.json', import.meta.url), 'utf8')) as MeasuredDesign[];

describe('cost model against the saved Yosys figures', () => {
  const { fit, check } = calibrationDesigns();
  for (const d of [...fit, ...check]) {
    it(`${d.name}: LUT and DSP within 15%, FF within 10%`, () => {
      const m = measured.find((x) => x.name === d.name);
      expect(m, 'measured by the calibration script').toBeDefined();
      if (!m) return;
      const est = estimateDesign(compileGraph(d.graph, { config: d.config }), d.verilog).total;
      const err = (e: number, y: number): number => Math.abs(e - y) / Math.max(1, y);
      expect(err(est.luts, m.total.luts)).toBeLessThanOrEqual(0.15);
      expect(err(est.dsps, m.total.dsps)).toBeLessThanOrEqual(0.15);
      expect(err(est.ffs, m.total.ffs)).toBeLessThanOrEqual(0.1);
    });
  }
});
