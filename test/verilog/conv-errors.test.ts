/** What the streaming Verilog backend refuses, with coded errors naming the layer or field. */
import { describe, expect, it } from 'vitest';
import { emitVerilog, emitVerilogDesign } from '../../src/backends/verilog/emit.js';
import { emitBackend } from '../../src/cli/backends.js';
import { CompileError } from '../../src/core/diagnostics.js';
import { oneDimensional } from '../conv/blocks.js';
import { Builder } from '../conv/builder.js';
import { compileBlock } from './helpers/conv-designs.js';
import { DfChain } from './helpers/df-builder.js';

function codeOf(f: () => unknown): { code: string; layer?: string; field?: string; message: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof CompileError) return { code: e.code, layer: e.layer, field: e.field, message: e.message };
    throw e;
  }
  throw new Error('did not throw');
}

describe('streaming Verilog: refused designs', () => {
  it('two outputs (the top streams one image out)', () => {
    const e = codeOf(() => emitVerilog(compileBlock(oneDimensional())));
    expect(e).toMatchObject({ code: 'FF006', field: 'outputs' });
    expect(e.message).toMatch(/one input and one output/);
  });

  it('Dense on a feature map (a flatten)', () => {
    const b = new Builder(3);
    const x = b.input('input_1', [4, 4, 2]);
    const c = b.conv('conv', x, { filters: 2, k: [3, 3] });
    const df = compileBlock(b.graph('flat', [b.dense('head', b.flatten('flatten', c), 3)]));
    const e = codeOf(() => emitVerilog(df));
    expect(e).toMatchObject({ code: 'FF006', layer: 'flatten' });
    expect(e.message).toMatch(/pool to one pixel first/);
  });

  it('a FIFO depth that is not a positive integer', () => {
    const b = new Builder(4);
    const x = b.input('input_1', [4, 4, 2]);
    const df = compileBlock(b.graph('res', [b.sum('add', [x, b.conv('conv', x, { filters: 2, k: [3, 3], padding: 'same' })])]));
    expect(codeOf(() => emitVerilog(df, { fifoDepths: { add_in0: 2.5 } }))).toMatchObject({ code: 'FF007', field: 'fifoDepths.add_in0' });
    expect(codeOf(() => emitVerilog(df, { fifoDepths: { nowhere: 3 } }))).toMatchObject({ code: 'FF008', field: 'fifoDepths.nowhere' });
    // a vector (dense-only) design has no FIFOs to size
    const dense = new DfChain('vec', 'ap_fixed<8,3>', 4, 1).dense('fc', { out: 2, weights: 'dense', type: 'ap_fixed<8,3>' }).output().build();
    expect(codeOf(() => emitVerilog(dense, { fifoDepths: { fc_in0: 3 } }))).toMatchObject({ code: 'FF008', field: 'fifoDepths.fc_in0' });
  });

  it('a FIFO override that deadlocks: the command refuses it (FF022 naming the FIFO and its minimum), the API marks it', () => {
    const b = new Builder(4);
    const x = b.input('input_1', [4, 4, 2]);
    const df = compileBlock(b.graph('res', [b.sum('add', [x, b.conv('conv', x, { filters: 2, k: [3, 3], padding: 'same' })])]));
    const min = emitVerilogDesign(df).stream?.fifos.find((f) => f.name === 'add_in0')?.minDepth ?? 0;
    // a 3×3 'same' window on a 4-wide map emits its first pixel after 4 + 2 input pixels
    expect(min).toBe(6);
    expect(emitBackend('verilog', df, { fifoDepth: `add_in0=${min}` }).size).toBeGreaterThan(0);
    const e = codeOf(() => emitBackend('verilog', df, { fifoDepth: `add_in0=${min - 1}` }));
    expect(e).toMatchObject({ code: 'FF022', field: '--fifo-depth' });
    expect(e.message).toContain(`add_in0 (minimum depth ${min})`);
    expect(emitVerilogDesign(df, { fifoDepths: { add_in0: min - 1 } }).stream?.deadlock).toEqual(['add_in0']);
  });
});
