/**
 * Streaming (convolutional) designs on the RTL rungs: every example block of
 * issue 5 and an op ladder, compiled by compileGraph, emitted, -Wall clean,
 * and run in Verilator and Icarus at full speed and under random
 * back-pressure with input gaps: the same integers as the simulator on every
 * image, tlast on each image's last pixel, and the same cycles in both
 * simulators. Cycles per image (latency and measured II) are printed.
 */
import { describe, expect, it } from 'vitest';
import { emitVerilogDesign } from '../../src/backends/verilog/emit.js';
import { createSimulator, simulateRaw } from '../../sim/simulate.js';
import { verifyVerilog, type SimRun } from '../../sim/rtl/verify.js';
import { blockCases } from './helpers/conv-designs.js';
import { lintEmitted } from './helpers/lint.js';
import { skipWithout, TEST_CACHE } from './helpers/tool-gate.js';

const IMAGES = 12;

describe.skipIf(skipWithout('verilator', 'iverilog', 'vvp', 'g++', 'make'))('streaming designs: simulator == Verilator == Icarus', () => {
  for (const c of blockCases()) {
    it(c.name, async () => {
      const df = c.df();
      const vectors = c.vectors(df, IMAGES);
      if (c.mustOverflow) {
        const sim = createSimulator(df, { profile: true });
        sim.runBatch(new Float64Array(vectors.flat().map(Number)), vectors.length);
        const overflowing = sim.profile().filter((p) => p.overflows > 0).map((p) => `${p.layer}.${p.tensor}`);
        expect(overflowing).toEqual(expect.arrayContaining([...c.mustOverflow]));
      }
      const design = emitVerilogDesign(df);
      expect(design.stream).not.toBeNull();
      expect(lintEmitted(design.files, design.layout.top)).toBe('');
      const report = await verifyVerilog(df, design.files, vectors, { cacheDir: TEST_CACHE, seed: 7 });
      const summary = (r: SimRun): string => `${r.simulator}/${r.mode}: ${r.mismatchCount} mismatches, ${r.outputs} beats${r.stalled ? ', stalled' : ''}`;
      const beats = IMAGES * (design.stream?.outPixels ?? 0);
      expect(report.runs.map(summary)).toEqual(report.runs.map((r) => `${r.simulator}/${r.mode}: 0 mismatches, ${beats} beats`));
      expect(report.ok).toBe(true);
      expect(simulateRaw(df, vectors).length).toBe(IMAGES);
      const cyc = (mode: string, sim: string): readonly number[] => report.runs.find((r) => r.mode === mode && r.simulator === sim)?.outCycles ?? [];
      expect(cyc('full-speed', 'verilator')).toEqual(cyc('full-speed', 'icarus'));
      expect(cyc('backpressure', 'verilator')).toEqual(cyc('backpressure', 'icarus'));
      const full = report.runs.find((r) => r.mode === 'full-speed');
      const bp = report.runs.find((r) => r.mode === 'backpressure');
      // one position per cycle through the slowest layer: an image every `ii` cycles (its padded map);
      // a folded layer holds its window for RF − 1 extra cycles, which the backend bounds from above
      const folded = df.nodes.some((n) => (n.op === 'conv' || n.op === 'dense') && n.reuseFactor > 1);
      if (folded) expect(full?.ii).toBeLessThanOrEqual(report.expectedIi);
      else expect(full?.ii).toBe(report.expectedIi);
      expect(bp?.latency.max).toBeGreaterThan(full?.latency.min ?? 0);
      const fifos = design.stream?.fifos.map((f) => `${f.name}=${f.depth}(min ${f.minDepth})`).join(' ') ?? '';
      console.log(
        `${c.name}: ${design.stream?.inPixels} px in, ${design.stream?.outPixels} px out; cycles/image ${full?.ii} full speed (backend ${report.expectedIi}), ${bp?.ii} max under back-pressure; ` +
          `latency ${full?.latency.min}..${full?.latency.max} full speed, ${bp?.latency.min}..${bp?.latency.max} back-pressure; FIFOs ${fifos || 'none'}`,
      );
    });
  }
});
