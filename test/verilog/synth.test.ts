/**
 * Yosys resource figures: per-layer and total LUT/FF/DSP/BRAM, the
 * multipliers Yosys keeps, the longest path; the effect of pruning on the
 * multipliers; iCE40 synthesis with place and route and an Fmax.
 */
import { describe, expect, it } from 'vitest';
import { emitVerilog } from '../../src/backends/verilog/emit.js';
import { lowerGraph } from '../../src/lower/lower.js';
import { formatSynthTable, synthVerilog } from '../../src/report/yosys/synth.js';
import { mlpGraph } from '../helpers/models.js';
import { DfChain } from './helpers/df-builder.js';
import { skipWithout } from './helpers/tool-gate.js';

describe.skipIf(skipWithout('yosys'))('synthVerilog (Yosys synth_xilinx)', () => {
  // a 16-bit MLP small enough for a test; the 16-64-32-32-5 one is in bench/verilog-bench.ts
  const mlp = (sparsity: number) => lowerGraph(mlpGraph({ sizes: [16, 12, 6], seed: 4, head: 'none', sparsity }));

  it('reports every layer, a total that is their sum, the longest path and the LUT depth', async () => {
    const df = mlp(0);
    const r = await synthVerilog(emitVerilog(df));
    expect(r.layers.map((l) => l.layer)).toEqual(df.nodes.map((n) => n.name));
    const sum = r.layers.reduce((a, l) => a + l.resources.luts, r.glue.luts);
    expect(r.total.luts).toBe(sum);
    expect(r.total.ffs).toBe(r.layers.reduce((a, l) => a + l.resources.ffs, r.glue.ffs));
    const dense = r.layers.filter((l) => l.op === 'dense');
    expect(dense.every((l) => l.resources.luts > 0 && l.multipliers > 0)).toBe(true);
    // every multiplier became DSPs (16-bit operands fit one DSP48E1 each)
    expect(r.total.dsps).toBe(r.multipliers);
    expect(r.layers.find((l) => l.op === 'input')?.resources.ffs).toBe(16 * 16);
    expect(r.ltp).toBeGreaterThan(0);
    expect(r.depth?.lutLevels).toBeGreaterThan(0);
    expect(r.depth?.lutLevels).toBeLessThanOrEqual(8);
    const table = formatSynthTable(r);
    expect(table).toMatch(/^layer\s+op\s+LUT\s+FF\s+DSP\s+BRAM\s+mult$/m);
    expect(table).toMatch(/^total\s+\d+\s+\d+\s+\d+/m);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('50% unstructured pruning removes at least 45% of the multipliers', async () => {
    const build = (weights: 'dense' | 'pruned') =>
      new DfChain(`p_${weights}`, 'ap_fixed<16,6>', 16, 8)
        .dense('fc1', { out: 12, weights, wType: 'ap_fixed<16,6>', bType: 'ap_fixed<16,6>', type: 'ap_fixed<16,6>' })
        .relu('relu1', 'ap_fixed<16,6>')
        .dense('fc2', { out: 6, weights, wType: 'ap_fixed<16,6>', bType: 'ap_fixed<16,6>', type: 'ap_fixed<16,6>' })
        .output()
        .build();
    const [dense, pruned] = await Promise.all([synthVerilog(emitVerilog(build('dense'))), synthVerilog(emitVerilog(build('pruned')))]);
    expect(dense.multipliers).toBeGreaterThan(100);
    expect(pruned.multipliers).toBeLessThanOrEqual(0.55 * dense.multipliers);
    expect(pruned.total.dsps).toBeLessThanOrEqual(0.55 * dense.total.dsps);
  });
});

describe.skipIf(skipWithout('yosys', 'nextpnr-ice40'))('synthVerilog --target ice40', () => {
  it('synthesizes, places and routes the 16-64-32-32-5 MLP at 8 bits, 95% pruned, on an HX8K and reports Fmax', async () => {
    const df = lowerGraph(mlpGraph({ sizes: [16, 64, 32, 32, 5], seed: 6, sparsity: 0.95, head: 'none' }), { model: { default: 'ap_fixed<8,3>' } });
    const r = await synthVerilog(emitVerilog(df), { target: 'ice40' });
    expect(r.target).toBe('ice40');
    expect(r.total.luts).toBeGreaterThan(0);
    expect(r.total.luts).toBeLessThan(7680);
    expect(r.pnr?.fmaxMHz).toBeGreaterThan(10);
    expect(r.pnr?.utilisation.some((u) => /^ICESTORM_LC:/.test(u))).toBe(true);
    expect(formatSynthTable(r)).toMatch(/Fmax [\d.]+ MHz/);
  });
});
