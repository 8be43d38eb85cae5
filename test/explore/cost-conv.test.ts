/**
 * The cost model on streaming (convolution-family) designs: cycles and
 * multipliers equal the stream backend's schedule on every example block and
 * the ladders; the 2D data-movement block (the smallest, ap_fixed<8,3>) runs
 * in Verilator at the estimated cycles per image and latency, and its DSPs equal Yosys
 * synth_xilinx, LUTs within 25%.
 */
import { describe, expect, it } from 'vitest';
import { emitVerilog, emitVerilogDesign } from '../../src/backends/verilog/emit.js';
import { estimateDesign } from '../../src/explore/cost/estimate.js';
import { windowCost } from '../../src/explore/cost/stream-library-cost.js';
import { synthVerilog } from '../../src/report/yosys/synth.js';
import { verifyVerilog } from '../../sim/rtl/verify.js';
import { movement2d } from '../conv/blocks.js';
import { blockCases, compileBlock } from '../verilog/helpers/conv-designs.js';
import { skipWithout, TEST_CACHE } from '../verilog/helpers/tool-gate.js';

const smallBlock = () => compileBlock(movement2d(), { model: { default: 'ap_fixed<8,3>' } });

describe('cost model on streaming designs', () => {
  it('latency, II and per-layer cycles and multipliers equal the stream backend on every block and ladder', () => {
    const cases = blockCases();
    expect(cases.length).toBeGreaterThanOrEqual(9);
    for (const c of cases) {
      const df = c.df();
      const got = estimateDesign(df);
      const want = emitVerilogDesign(df).layout;
      expect({ name: c.name, latency: got.latency, ii: got.ii }).toEqual({ name: c.name, latency: want.latency, ii: want.ii });
      expect(got.layers.map((l) => [l.layer, l.latency, l.ii, l.multipliers])).toEqual(want.layers.map((l) => [l.node.name, l.latency, l.ii, l.multipliers]));
      // every multiplier the backend builds is priced
      expect(got.total.luts).toBeGreaterThan(0);
      expect(got.total.dsps).toBeLessThanOrEqual(got.layers.reduce((a, l) => a + l.multipliers * 4, 0));
    }
  });

  it('fx_window registers: the line buffer grows with the padded width, untapped runs go to SRLs', () => {
    // 3×3 over a 10-wide map, 16-bit pixels: L = 2·10 + 3 = 23 stages, 22 stored; two runs of 8 to SRLs
    const real = (n: number): boolean[] => Array.from({ length: n }, (_v, i) => i > 0 && i < n - 1);
    const w = windowCost({ hp: 10, wp: 10, kh: 3, kw: 3, rowReal: real(10), colReal: real(10) }, 16);
    expect(w.srlLuts).toBe(2 * 17);
    expect(w.regBits).toBe((22 - 16) * 17 + 9 * 17 + 4 + 4 + 1);
    // 1×1 (zero_pad): no line buffer, the window register only
    expect(windowCost({ hp: 4, wp: 4, kh: 1, kw: 1, rowReal: real(4), colReal: real(4) }, 8)).toMatchObject({ regBits: 9 + 2 + 2 + 1, srlLuts: 0 });
  });

  it.skipIf(skipWithout('verilator', 'g++', 'make'))('cycles per image and latency equal Verilator on the 2D data-movement block', async () => {
    const df = smallBlock();
    const est = estimateDesign(df);
    const pixels = 5 * 5 * 2;
    const vectors = Array.from({ length: 4 }, (_v, k) => Array.from({ length: pixels }, (_w, i) => BigInt(((k * 37 + i * 11) % 61) - 30)));
    const rep = await verifyVerilog(df, emitVerilog(df), vectors, { simulators: ['verilator'], backpressure: false, cacheDir: TEST_CACHE });
    expect(rep.ok).toBe(true);
    const run = rep.runs.find((r) => r.mode === 'full-speed');
    expect(run?.ii).toBe(est.ii);
    expect(rep.expectedIi).toBe(est.ii);
    // the first image meets an empty design: its latency (first pixel in to last pixel out, line buffers filling) is the estimate
    expect(run?.latency.min).toBe(est.latency);
    expect(run?.latency.max).toBe(est.latencyMax);
    console.log(`movement_2d ap_fixed<8,3>: estimate II ${est.ii}, latency ${est.latency}..${est.latencyMax}; Verilator II ${run?.ii}, latency ${run?.latency.min}..${run?.latency.max}`);
  }, 120_000);

  it.skipIf(skipWithout('yosys'))('DSPs equal Yosys synth_xilinx and LUTs are within 25% on the 2D data-movement block', async () => {
    const df = smallBlock();
    const est = estimateDesign(df);
    const r = await synthVerilog(emitVerilog(df), { logicDepth: false });
    const err = (e: number, y: number): number => Math.abs(e - y) / Math.max(1, y);
    console.log(`movement_2d ap_fixed<8,3>: LUT ${est.total.luts} vs ${r.total.luts}, FF ${est.total.ffs} vs ${r.total.ffs}, DSP ${est.total.dsps} vs ${r.total.dsps}`);
    expect(est.total.dsps).toBe(r.total.dsps);
    expect(err(est.total.luts, r.total.luts)).toBeLessThanOrEqual(0.25);
    // per conv layer too: the window's Dense prices its DSPs exactly
    for (const l of r.layers.filter((x) => x.op === 'conv')) expect(est.layers.find((e) => e.layer === l.layer)?.resources.dsps).toBe(l.resources.dsps);
  }, 120_000);
});
