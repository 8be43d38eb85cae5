/**
 * Properties of the emitted Verilog that need no simulator: determinism,
 * module naming and comments, compression in the hardware (pruned weights
 * leave no trace, power-of-two and ternary weights no multiplier, folding
 * divides the multipliers), and the knobs.
 */
import { describe, expect, it } from 'vitest';
import { emitVerilog, emitVerilogDesign } from '../../src/backends/verilog/emit.js';
import { lowerGraph } from '../../src/lower/lower.js';
import { mlpGraph } from '../helpers/models.js';
import { satParallel, wrapFolded, wrapParallel } from './designs.js';
import { DfChain } from './helpers/df-builder.js';

const mulOps = (text: string): number => (text.match(/\) \* \$signed/g) ?? []).length;

function denseOnly(weights: 'dense' | 'pruned' | 'pow2' | 'ternary', rf = 1, constMult: 'dsp' | 'lut' = 'dsp', shiftAddTerms?: number): { text: string; multipliers: number; nonTrivial: number } {
  const df = new DfChain(`d_${weights}`, 'ap_fixed<8,3>', 16, 9).dense('fc', { out: 12, weights, rf, wType: 'ap_fixed<10,3>', type: 'ap_fixed<12,5>' }).output().build();
  const d = emitVerilogDesign(df, { constMult, ...(shiftAddTerms !== undefined ? { shiftAddTerms } : {}) });
  const text = d.files.get('rtl/fc.v') ?? '';
  const fc = df.nodes.find((n) => n.name === 'fc');
  // weights that are not 0 or ±2^k (those are wiring)
  const nonTrivial = fc?.op === 'dense' ? fc.weights.filter((w) => w !== 0n && (w < 0n ? -w : w).toString(2).replace(/0+$/, '') !== '1').length : 0;
  return { text, multipliers: d.layout.layers.find((l) => l.node.name === 'fc')?.multipliers ?? -1, nonTrivial };
}

describe('emitVerilog', () => {
  it('is deterministic: same IR and options, byte-identical files', () => {
    for (const make of [wrapParallel, satParallel, wrapFolded]) {
      const a = emitVerilog(make());
      const b = emitVerilog(make());
      expect([...a.keys()]).toEqual([...b.keys()]);
      for (const [k, v] of a) expect(b.get(k), k).toBe(v);
    }
  });

  it('names each module after its layer, with a comment naming the source layer', () => {
    const df = wrapParallel();
    const files = emitVerilog(df);
    for (const n of df.nodes) {
      const text = files.get(`rtl/${n.name}.v`) ?? '';
      expect(text).toMatch(new RegExp(`^module ${n.name} \\(`, 'm'));
      expect(text).toContain(`layer '${n.source}' of the source model (${n.op})`);
    }
    expect(files.get('rtl/wrap_rf1_top.v')).toMatch(/^module wrap_rf1_top \(/m);
    const manifest = JSON.parse(files.get('fixflow-rtl.json') ?? '{}') as { top: string; files: string[] };
    expect(manifest.top).toBe('wrap_rf1_top');
    expect(manifest.files).toContain('rtl/fx_cast.v');
  });

  it('gives pruned weights no multiplier and no adder input', () => {
    const dense = denseOnly('dense', 1, 'dsp', 0);
    const pruned = denseOnly('pruned', 1, 'dsp', 0);
    // every weight but 0 and ±2^k is a multiplier when shift-add is off
    expect(dense.multipliers).toBe(dense.nonTrivial);
    expect(dense.multipliers).toBeGreaterThan(16 * 12 * 0.9);
    expect(pruned.multipliers).toBe(pruned.nonTrivial);
    expect(pruned.multipliers).toBeLessThanOrEqual((16 * 12) / 2);
    expect(mulOps(dense.text)).toBe(dense.multipliers);
    expect(mulOps(pruned.text)).toBe(pruned.multipliers);
    // adders: a tree over n terms plus the bias has n additions
    const adders = (t: string): number => (t.match(/^\s+wire \[\d+:0\] [sd]\d+ = /gm) ?? []).length;
    expect(adders(pruned.text)).toBeLessThanOrEqual(adders(dense.text) / 2 + 12);
  });

  it('turns powers of two (and ± sums of two) into shifts and adds, ternary weights into add/subtract', () => {
    expect(denseOnly('pow2').multipliers).toBe(0);
    expect(mulOps(denseOnly('pow2').text)).toBe(0);
    const tern = denseOnly('ternary');
    expect(tern.multipliers).toBe(0);
    expect(mulOps(tern.text)).toBe(0);
    // with shift-add disabled, the same weights need multipliers again (the knob works)
    expect(denseOnly('pow2', 1, 'dsp', 0).multipliers).toBeGreaterThan(0);
  });

  it("maps constant multiplications to LUTs (shift-add) with constMult 'lut'", () => {
    const lut = denseOnly('dense', 1, 'lut');
    expect(lut.multipliers).toBe(0);
    expect(mulOps(lut.text)).toBe(0);
    expect(denseOnly('dense', 1, 'dsp').multipliers).toBeGreaterThan(0);
  });

  it('folding by R divides the multipliers by about R (II = R)', () => {
    const one = denseOnly('dense', 1, 'dsp', 0).multipliers;
    for (const rf of [2, 4, 8]) {
      const d = denseOnly('dense', rf, 'dsp', 0);
      expect(d.multipliers).toBeLessThanOrEqual(Math.ceil(one / rf) + 12);
      expect(d.multipliers).toBeGreaterThanOrEqual(Math.floor(one / rf));
    }
    // pruned and folded: still proportional to the non-zero weights
    expect(denseOnly('pruned', 4, 'dsp', 0).multipliers).toBeLessThanOrEqual(Math.ceil(one / 2 / 4) + 12);
    // ternary and folded: add/subtract units, no multiplier
    expect(denseOnly('ternary', 4).multipliers).toBe(0);
  });

  it('uses the sequential order when the accumulator saturates, an adder tree otherwise', () => {
    const sat = emitVerilog(satParallel()).get('rtl/fc_dense.v') ?? '';
    expect(sat).toContain('outputs accumulate in the sequential order');
    const wrap = emitVerilog(wrapParallel()).get('rtl/fc_dense.v') ?? '';
    expect(wrap).toContain('adder trees');
  });

  it('stageLevels trades latency for logic depth', () => {
    const df = lowerGraph(mlpGraph({ sizes: [16, 32, 8], seed: 2 }));
    const lat = (stageLevels: number): number => emitVerilogDesign(df, { stageLevels }).layout.latency;
    expect(lat(2)).toBeGreaterThan(lat(6));
    expect(lat(6)).toBeGreaterThanOrEqual(lat(20));
  });

  it('rejects bad options with coded errors naming the field', () => {
    const df = wrapParallel();
    expect(() => emitVerilog(df, { stageLevels: 0 })).toThrow(expect.objectContaining({ code: 'FF007', field: 'stageLevels' }));
    expect(() => emitVerilog(df, { constMult: 'fpga' as 'lut' })).toThrow(expect.objectContaining({ code: 'FF007', field: 'constMult' }));
    expect(() => emitVerilog(df, { layers: { nope: { constMult: 'lut' } } })).toThrow(expect.objectContaining({ code: 'FF008', layer: 'nope' }));
    expect(() => emitVerilog(df, { topName: 'a b' })).toThrow(expect.objectContaining({ code: 'FF007', field: 'topName' }));
  });

  it('rejects a folded layer in a branching design (FF006)', () => {
    const df = new DfChain('branchy', 'ap_fixed<8,3>', 4).dense('fc', { out: 3, weights: 'dense', rf: 2, type: 'ap_fixed<8,3>' }).output().relu('r', 'ap_fixed<8,3>', 'in0').output().build();
    expect(() => emitVerilog(df)).toThrow(expect.objectContaining({ code: 'FF006', field: 'reuseFactor' }));
  });
});
