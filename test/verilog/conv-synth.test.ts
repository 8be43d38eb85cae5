/**
 * Yosys figures of a streaming design: a small conv → ReLU → max-pool →
 * Add(skip via 1×1 conv) block synthesized with synth_xilinx, every layer
 * (line buffer, window, datapath) with its own LUT/FF/DSP row, the total
 * their sum, and the multipliers of the conv layers no more than their
 * non-zero weights (pruned weights build no multiplier).
 */
import { describe, expect, it } from 'vitest';
import { emitVerilog } from '../../src/backends/verilog/emit.js';
import { formatSynthTable, synthVerilog } from '../../src/report/yosys/synth.js';
import type { DfConv } from '../../src/ir/dataflow/conv-types.js';
import { Builder } from '../conv/builder.js';
import { compileBlock } from './helpers/conv-designs.js';
import { skipWithout } from './helpers/tool-gate.js';

function tinyBlock() {
  const b = new Builder(21);
  const x = b.input('input_1', [4, 4, 2]);
  const c = b.relu('conv3_relu', b.conv('conv3', x, { filters: 2, k: [3, 3], padding: 'same', sparsity: 0.5 }));
  const p = b.pool('maxpool', c, 'max', [2, 2], [2, 2], 'valid');
  const s = b.pool('skip_pool', x, 'avg', [2, 2], [2, 2], 'valid');
  const k = b.conv('skip_conv', s, { filters: 2, k: [1, 1] });
  return compileBlock(b.graph('tiny_block', [b.sum('add', [p, k])]), { model: { default: 'ap_fixed<6,3>' } });
}

describe.skipIf(skipWithout('yosys'))('Yosys on a streaming design', () => {
  it('reports every conv-family layer, and a total that is their sum', async () => {
    const df = tinyBlock();
    const r = await synthVerilog(emitVerilog(df), { logicDepth: false });
    expect(r.layers.map((l) => l.layer)).toEqual(df.nodes.map((n) => n.name));
    expect(r.total.luts).toBe(r.layers.reduce((a, l) => a + l.resources.luts, r.glue.luts));
    expect(r.total.ffs).toBe(r.layers.reduce((a, l) => a + l.resources.ffs, r.glue.ffs));
    const conv = r.layers.find((l) => l.layer === 'conv3');
    // line buffer (shift registers: synth_xilinx packs them into SRL LUTs), window register, pipeline
    expect(conv?.resources.ffs).toBeGreaterThan(0);
    for (const l of r.layers.filter((x) => x.op === 'conv')) {
      const node = df.nodes.find((n) => n.name === l.layer) as DfConv;
      expect(l.multipliers).toBeLessThanOrEqual(node.weights.filter((w) => w !== 0n).length);
      expect(l.resources.luts).toBeGreaterThan(0);
    }
    expect(r.layers.find((l) => l.op === 'pool' && l.layer === 'maxpool')?.resources.luts).toBeGreaterThan(0);
    const table = formatSynthTable(r);
    expect(table).toMatch(/^conv3\s+conv\s+\d+\s+\d+/m);
    expect(table).toMatch(/^total\s+\d+\s+\d+\s+\d+/m);
    console.log(table);
  });
});
