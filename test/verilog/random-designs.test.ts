/**
 * Random small designs (random ops, types, modes, weight patterns and reuse
 * factors, seeded): every one lint-clean and bit-exact in Icarus. Finds the
 * corners the hand-written ladder designs miss (1-bit and unsigned types,
 * negative integer bits, odd roundings).
 */
import { describe, expect, it } from 'vitest';
import { emitVerilogDesign } from '../../src/backends/verilog/emit.js';
import { verifyVerilog } from '../../sim/rtl/verify.js';
import { randomVectors } from './helpers/df-builder.js';
import { randomDesign } from './helpers/random-design.js';
import { lintEmitted } from './helpers/lint.js';
import { skipWithout, TEST_CACHE } from './helpers/tool-gate.js';

const DESIGNS = Number(process.env.FIXFLOW_RANDOM_DESIGNS ?? 16);

describe.skipIf(skipWithout('iverilog', 'vvp', 'verilator'))('random designs: lint-clean and bit-exact in Icarus', () => {
  for (let seed = 1; seed <= DESIGNS; seed++) {
    it(`design ${seed}`, async () => {
      const df = randomDesign(seed);
      const d = emitVerilogDesign(df);
      expect(lintEmitted(d.files, d.layout.top)).toBe('');
      const r = await verifyVerilog(df, d.files, randomVectors(df, 120, seed), { simulators: ['icarus'], cacheDir: TEST_CACHE, seed });
      const bad = r.runs.find((x) => x.mismatchCount > 0 || x.stalled);
      expect(bad ? `${bad.mode}: ${bad.mismatchCount} mismatches; first ${JSON.stringify(bad.mismatches[0], (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}` : 'ok').toBe('ok');
      expect(r.runs.find((x) => x.mode === 'full-speed')?.latency.min).toBe(r.expectedLatency);
    });
  }
});
