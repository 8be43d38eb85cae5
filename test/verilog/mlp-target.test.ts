/**
 * The 16-64-32-32-5 MLP (ap_fixed<16,6>, ReLU, softmax) at reuse factor 1:
 * a new sample every cycle (II = 1) and at most 10 cycles of latency,
 * bit-exact in Icarus (its Verilator build is in the bench: large C++). The
 * Yosys figures for it (LUT levels per stage, multipliers cut by pruning)
 * take minutes and are measured by bench/verilog-bench.ts.
 */
import { describe, expect, it } from 'vitest';
import { emitVerilogDesign } from '../../src/backends/verilog/emit.js';
import { lowerGraph } from '../../src/lower/lower.js';
import { quantizeInputs } from '../../sim/simulate.js';
import { verifyVerilog } from '../../sim/rtl/verify.js';
import { mlpGraph, randomInputs } from '../helpers/models.js';
import { skipWithout, TEST_CACHE } from './helpers/tool-gate.js';

describe('16-64-32-32-5 MLP, RF 1', () => {
  for (const head of ['none', 'softmax'] as const) {
    const df = lowerGraph(mlpGraph({ sizes: [16, 64, 32, 32, 5], seed: 1, head }), { model: { default: 'ap_fixed<16,6>' } });
    const design = emitVerilogDesign(df);

    it(`${head === 'none' ? 'linear head' : 'softmax head'}: II 1, latency at most 10 cycles`, () => {
      expect(design.layout.ii).toBe(1);
      expect(design.layout.latency).toBeLessThanOrEqual(10);
    });

    it.skipIf(skipWithout('iverilog', 'vvp'))(`${head === 'none' ? 'linear head' : 'softmax head'}: Icarus measures II 1 and that latency, zero mismatches`, async () => {
      const vectors = quantizeInputs(df, randomInputs(60, 16, 5, 6));
      const r = await verifyVerilog(df, design.files, vectors, { simulators: ['icarus'], cacheDir: TEST_CACHE });
      expect(r.runs.map((x) => x.mismatchCount)).toEqual([0, 0]);
      const full = r.runs.find((x) => x.mode === 'full-speed');
      expect(full?.ii).toBe(1);
      expect(full?.latency.min).toBe(design.layout.latency);
      expect(full?.latency.max).toBe(design.layout.latency);
    });
  }
});
