import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { emitVerilog, emitVerilogDesign } from '../../src/backends/verilog/emit.js';
import type { VerilogOptions } from '../../src/backends/verilog/options.js';
import { mlp, type MlpShape } from '../../src/explore/cost/calibration-designs.js';
import { estimateDesign } from '../../src/explore/cost/estimate.js';
import { compileGraph } from '../../src/pipeline.js';
import { quantizeInputs } from '../../sim/simulate.js';
import { verifyVerilog } from '../../sim/rtl/verify.js';

const design = (s: MlpShape, type: string, rf: number) => compileGraph(mlp('cyc', s), { config: { model: { default: type, reuseFactor: rf } } });

describe('cost model cycles', () => {
  it('latency, II and multipliers equal the backend schedule over a grid of designs and knobs', () => {
    const shapes: MlpShape[] = [
      { sizes: [12, 20, 6], hidden: 'relu', softmax: false, sparsity: 0, seed: 1 },
      { sizes: [12, 20, 16, 6], hidden: 'relu', softmax: true, sparsity: 0.5, seed: 2 },
      { sizes: [8, 10, 4], hidden: 'tanh', softmax: false, sparsity: 0.2, seed: 3 },
    ];
    const knobs: VerilogOptions[] = [{}, { stageLevels: 2 }, { stageLevels: 4, mulLevels: 3 }, { constMult: 'lut' }, { shiftAddTerms: 0 }];
    let checked = 0;
    for (const s of shapes) {
      for (const type of ['ap_fixed<6,2>', 'ap_fixed<12,4>', 'ap_fixed<18,8,RND,SAT>']) {
        for (const rf of [1, 3]) {
          const df = design(s, type, rf);
          for (const k of knobs) {
            const got = estimateDesign(df, k);
            const want = emitVerilogDesign(df, k).layout;
            expect({ latency: got.latency, ii: got.ii }).toEqual({ latency: want.latency, ii: want.ii });
            expect(got.layers.map((l) => [l.latency, l.multipliers])).toEqual(want.layers.map((l) => [l.latency, l.multipliers]));
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(90);
  });

  const haveVerilator = spawnSync('verilator', ['--version']).status === 0;
  it.skipIf(!haveVerilator && !process.env.CI)('latency and II equal Verilator-measured cycles', async () => {
    const cases = [
      { df: design({ sizes: [8, 12, 4], hidden: 'relu', softmax: false, sparsity: 0.3, seed: 5 }, 'ap_fixed<10,4>', 1), opts: { stageLevels: 2 } as VerilogOptions },
      { df: design({ sizes: [8, 12, 4], hidden: 'relu', softmax: false, sparsity: 0, seed: 6 }, 'ap_fixed<8,3>', 3), opts: {} as VerilogOptions },
    ];
    for (const c of cases) {
      const est = estimateDesign(c.df, c.opts);
      const vectors = quantizeInputs(
        c.df,
        Array.from({ length: 24 }, (_v, k) => Array.from({ length: 8 }, (_w, i) => Math.sin(k * 8 + i) * 2)),
      );
      const rep = await verifyVerilog(c.df, emitVerilog(c.df, c.opts), vectors, { simulators: ['verilator'], backpressure: false });
      expect(rep.ok).toBe(true);
      const run = rep.runs.find((r) => r.mode === 'full-speed');
      expect(run).toBeDefined();
      // the first sample meets an empty pipeline: exactly the latency; a fully pipelined design keeps it for every
      // sample, while behind a folded layer later samples queue at its input (the backend's own tests allow that)
      expect(run?.latency.min).toBe(est.latency);
      if (est.ii === 1) expect(run?.latency.max).toBe(est.latency);
      expect(run?.ii).toBe(est.ii);
    }
  });
});
