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
import { traceStream } from '../../src/backends/verilog/stream/stream-timing.js';
import { buildStreamDesign } from '../../src/backends/verilog/stream/stream-top.js';
import { resolveOptions } from '../../src/backends/verilog/options.js';
import { blockCases } from './helpers/conv-designs.js';
import { harnessDraw } from './helpers/harness-draw.js';
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
      // the handshake model replays both runs beat for beat: the same output cycles as the simulators
      const s = buildStreamDesign(df, resolveOptions(df, {}), 'model');
      const d = { units: s.units, fifos: s.fifos, output: s.output.node, inPixels: s.input.pixels, outPixels: s.output.pixels };
      expect(traceStream(d, { images: IMAGES }).outputs).toEqual(cyc('full-speed', 'verilator'));
      expect(traceStream(d, { images: IMAGES, draw: harnessDraw(7, 20, 30) }).outputs).toEqual(cyc('backpressure', 'verilator'));
      // so the backend's announced figures are the measured ones: cycles per image, the first image's latency
      // (line-buffer fills included) and the largest latency of images back to back
      expect(full?.ii).toBe(report.expectedIi);
      expect(full?.latency.min).toBe(report.expectedLatency);
      expect(full?.latency.max).toBe(design.stream?.latencyMax);
      expect(bp?.latency.max).toBeGreaterThan(full?.latency.min ?? 0);
      const fifos = design.stream?.fifos.map((f) => `${f.name}=${f.depth}(min ${f.minDepth})`).join(' ') ?? '';
      console.log(
        `${c.name}: ${design.stream?.inPixels} px in, ${design.stream?.outPixels} px out; cycles/image ${full?.ii} full speed (backend ${report.expectedIi}), ${bp?.ii} max under back-pressure; ` +
          `latency ${full?.latency.min}..${full?.latency.max} full speed, ${bp?.latency.min}..${bp?.latency.max} back-pressure; FIFOs ${fifos || 'none'}`,
      );
    });
  }
});
