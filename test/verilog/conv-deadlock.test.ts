/**
 * FIFO depths of streaming designs. The MobileNetV2 block's skip edge runs
 * straight from the input to the Add, so its computed minimum is exact: at
 * that depth the design runs (slowly: no throughput margin) under random
 * back-pressure; one less deadlocks, and both simulators stop on the idle
 * watchdog and name the full FIFO instead of hanging. The computed depth
 * (minimum plus margin) keeps one image every 64 cycles.
 */
import { describe, expect, it } from 'vitest';
import { emitVerilogDesign } from '../../src/backends/verilog/emit.js';
import { CompileError } from '../../src/core/diagnostics.js';
import { assertVerified, verifyVerilog } from '../../sim/rtl/verify.js';
import { invertedResidual } from '../conv/blocks.js';
import { compileBlock } from './helpers/conv-designs.js';
import { quantizeInputs } from '../../sim/simulate.js';
import { randomInputs } from '../helpers/models.js';
import { skipWithout, TEST_CACHE } from './helpers/tool-gate.js';

const df = compileBlock(invertedResidual());
const vectors = quantizeInputs(df, randomInputs(6, 6 * 6 * 4, 5, 3));

describe('FIFO depths from the schedule', () => {
  it('the skip edge buffers the pixels the long branch needs before its first output', () => {
    const d = emitVerilogDesign(df);
    const skip = d.stream?.fifos.find((f) => f.from === 'input_1');
    // a 3x3 'same' window on a 6-wide map emits its first pixel after 6 + 2 input pixels
    expect(skip).toMatchObject({ name: 'add_in0', to: 'add', minDepth: 8 });
    expect(skip?.depth).toBeGreaterThan(8);
    expect(d.files.get(`rtl/${d.layout.top}.v`)).toContain(`fx_fifo #(.WIDTH(${4 * 18}), .DEPTH(${skip?.depth}), .AW(4)) u_fifo_add_in0`);
  });

  it('the handshake model finds the deadlock one below the minimum at compile time, and none at it', () => {
    expect(emitVerilogDesign(df, { fifoDepths: { add_in0: 8 } }).stream?.deadlock).toEqual([]);
    const small = emitVerilogDesign(df, { fifoDepths: { add_in0: 7 } });
    expect(small.stream?.deadlock).toEqual(['add_in0']);
    expect(small.files.get(`rtl/${small.layout.top}.v`)).toContain('// DEADLOCK: with these FIFO depths the design stalls (full: add_in0)');
    expect(emitVerilogDesign(df).stream?.deadlock).toEqual([]);
  });

  it('rejects a FIFO override that names no FIFO, and a depth of 0', () => {
    expect(() => emitVerilogDesign(df, { fifoDepths: { add_in7: 4 } })).toThrow(/'add_in7'.*it has: add_in0, add_in1/);
    expect(() => emitVerilogDesign(df, { fifoDepths: { add_in0: 0 } })).toThrow(CompileError);
  });
});

describe.skipIf(skipWithout('verilator', 'iverilog', 'vvp', 'g++', 'make'))('FIFO depths in simulation', () => {
  it('at the computed minimum: no deadlock under back-pressure; one less: a reported stall in both simulators', async () => {
    // Icarus only here (Verilator runs the same cycles: conv-stream.test.ts); both on the stall below
    const atMin = emitVerilogDesign(df, { fifoDepths: { add_in0: 8 } });
    const ok = await verifyVerilog(df, atMin.files, vectors, { cacheDir: TEST_CACHE, seed: 11, simulators: ['icarus'] });
    expect(ok.runs.map((r) => `${r.simulator}/${r.mode}: ${r.mismatchCount} ${r.stalled}`)).toEqual(ok.runs.map((r) => `${r.simulator}/${r.mode}: 0 false`));

    const small = emitVerilogDesign(df, { fifoDepths: { add_in0: 7 } });
    const t0 = performance.now();
    const bad = await verifyVerilog(df, small.files, vectors, { cacheDir: TEST_CACHE, seed: 11 });
    expect(bad.ok).toBe(false);
    for (const r of bad.runs) {
      expect(r.stalled).toBe(true);
      expect(r.outputs).toBe(0);
      // stopped by the idle watchdog, long before the cycle limit
      expect(r.cycles).toBeLessThan(2000);
      expect(r.fullFifos).toEqual(['add_in0 (depth 7, schedule minimum 8)']);
    }
    expect(performance.now() - t0).toBeLessThan(60_000);
    let err: unknown = null;
    try {
      assertVerified(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CompileError);
    expect((err as CompileError).code).toBe('FF022');
    expect((err as CompileError).message).toMatch(/stalled after 0 output beats.*full FIFOs: add_in0 \(depth 7, schedule minimum 8\)/);
  });

  it('the computed depth keeps the full rate: one image per 64 cycles', async () => {
    const d = emitVerilogDesign(df);
    const r = await verifyVerilog(df, d.files, vectors, { cacheDir: TEST_CACHE, seed: 11, simulators: ['icarus'] });
    expect(r.ok).toBe(true);
    expect(r.runs.find((x) => x.mode === 'full-speed')?.ii).toBe(64);
  });
});
