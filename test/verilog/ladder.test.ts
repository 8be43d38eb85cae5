/**
 * The RTL rungs of the equivalence ladder: for each design of designs.ts
 * (every op; dense / pruned / power-of-two / ternary weights; RF 1 and
 * folded; wrapping and saturating types), the emitted Verilog is -Wall
 * clean, and Verilator and Icarus both reproduce the simulator's integers on
 * every vector, at full speed and under random back-pressure, with the
 * latency and II the backend announces.
 */
import { describe, expect, it } from 'vitest';
import { emitVerilogDesign } from '../../src/backends/verilog/emit.js';
import type { Dataflow } from '../../src/ir/dataflow/types.js';
import { createSimulator, simulateRaw } from '../../sim/simulate.js';
import { verifyVerilog, type SimRun } from '../../sim/rtl/verify.js';
import { satFolded, satParallel, wideTypes, wrapFolded, wrapParallel } from './designs.js';
import { randomVectors } from './helpers/df-builder.js';
import { lintEmitted } from './helpers/lint.js';
import { skipWithout, TEST_CACHE } from './helpers/tool-gate.js';

const VECTORS = 400;

function overflowingCasts(df: Dataflow, vectors: bigint[][]): string[] {
  const sim = createSimulator(df, { profile: true });
  sim.runBatch(new Float64Array(vectors.flat().map(Number)), vectors.length);
  return sim
    .profile()
    .filter((p) => p.overflows > 0)
    .map((p) => `${p.layer}.${p.tensor}`);
}

const cases: { name: string; df: () => Dataflow; folded: boolean; mustOverflow: string[] }[] = [
  { name: 'RF 1, WRAP', df: wrapParallel, folded: false, mustOverflow: ['fc_dense.result', 'fc_pow2.accum', 'requant.result'] },
  { name: 'RF 1, SAT', df: satParallel, folded: false, mustOverflow: ['fc_dense.accum', 'fc_pruned.product', 'fc_pruned.accum', 'fc_pow2.accum'] },
  { name: 'RF > 1, WRAP', df: wrapFolded, folded: true, mustOverflow: ['fc_dense.result', 'fc_pow2.accum'] },
  { name: 'RF > 1, SAT', df: satFolded, folded: true, mustOverflow: ['fc_dense.accum', 'fc_pruned.product', 'fc_pruned.accum'] },
  { name: 'wide types (128 bits, negative and over-wide integer bits)', df: wideTypes, folded: true, mustOverflow: ['fc_wide.result', 'fc_fold.result'] },
];

describe.skipIf(skipWithout('verilator', 'iverilog', 'vvp', 'g++', 'make'))('Verilog ladder: simulator == Verilator == Icarus', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const df = c.df();
      const vectors = randomVectors(df, VECTORS);
      // the vectors do exercise the overflow modes under test
      expect(overflowingCasts(df, vectors)).toEqual(expect.arrayContaining(c.mustOverflow));
      const design = emitVerilogDesign(df);
      expect(lintEmitted(design.files, design.layout.top)).toBe('');
      const report = await verifyVerilog(df, design.files, vectors, { cacheDir: TEST_CACHE, seed: 5 });
      const summary = (r: SimRun): string => `${r.simulator}/${r.mode}: ${r.mismatchCount} mismatches, ${r.outputs} outputs${r.stalled ? ', stalled' : ''}`;
      expect(report.runs.map(summary)).toEqual(report.runs.map((r) => `${r.simulator}/${r.mode}: 0 mismatches, ${VECTORS} outputs`));
      expect(report.ok).toBe(true);
      const expected = simulateRaw(df, vectors);
      expect(expected.length).toBe(VECTORS);
      for (const r of report.runs.filter((x) => x.mode === 'full-speed')) {
        expect(r.ii).toBe(report.expectedIi);
        expect(r.latency.min).toBe(report.expectedLatency);
        // folded designs: behind the slowest layer, later samples queue in the
        // registers of the faster ones (one sample each)
        if (c.folded) expect(r.latency.max).toBeLessThanOrEqual(report.expectedLatency + (df.nodes.length + 1) * report.expectedIi);
        else expect(r.latency.max).toBe(report.expectedLatency);
      }
      if (c.folded) expect(report.expectedIi).toBeGreaterThan(1);
      else expect(report.expectedIi).toBe(1);
      // Verilator and Icarus see identical stimuli: identical cycles
      const byMode = (mode: string, sim: string): readonly number[] => report.runs.find((r) => r.mode === mode && r.simulator === sim)?.outCycles ?? [];
      expect(byMode('backpressure', 'verilator')).toEqual(byMode('backpressure', 'icarus'));
      const bp = report.runs.find((r) => r.mode === 'backpressure');
      expect(bp?.latency.max).toBeGreaterThan(report.expectedLatency);
    });
  }
});
