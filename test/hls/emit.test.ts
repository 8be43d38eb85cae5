/** What the HLS emitter writes: sparse and power-of-two terms, folding pragmas, options. */
import { describe, expect, it } from 'vitest';
import { CompileError } from '../../src/core/diagnostics.js';
import { emitHls } from '../../src/backends/hls/emit-hls.js';
import { cppConstant } from '../../src/backends/hls/cpp-constant.js';
import { commentText } from '../../src/backends/hls/cpp-comment.js';
import type { DfDense } from '../../src/ir/dataflow/types.js';
import { DesignBuilder, fx } from './helpers/designs.js';

function denseDesign(rf: number) {
  const b = new DesignBuilder('sparse', 7);
  const x = b.input('x', [10], fx(8, 3));
  b.dense('fc', x, { out: 7, weightType: fx(8, 2), type: fx(12, 5), sparsity: 0.4, pow2: 0.3, rf });
  return b.build(['fc']);
}

function expectCode(f: () => unknown, code: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    expect((e as CompileError).code).toBe(code);
    return;
  }
  throw new Error(`expected CompileError ${code}`);
}

describe('dense emission', () => {
  const df = denseDesign(3);
  const fc = df.nodes.find((n): n is DfDense => n.op === 'dense');
  const layers = emitHls(df, { io: 'parallel' }).get('firmware/layers.h') ?? '';
  const weights = fc?.weights ?? [];
  const nonzero = weights.filter((w) => w !== 0n);
  const pow2 = nonzero.filter((w) => {
    const a = w < 0n ? -w : w;
    return (a & (a - 1n)) === 0n;
  });

  it('the design has zeros, powers of two and other weights', () => {
    expect(weights.length - nonzero.length).toBeGreaterThan(5);
    expect(pow2.length).toBeGreaterThan(5);
    expect(nonzero.length - pow2.length).toBeGreaterThan(5);
  });

  it('emits one term per nonzero weight: a shift for each power of two, a multiplication for the rest', () => {
    expect(layers.match(/fx_nn::mac_shift</g)?.length).toBe(pow2.length);
    expect(layers.match(/fx_nn::mac<config>/g)?.length).toBe(nonzero.length - pow2.length);
  });

  it('stores only the weights that need a multiplier', () => {
    const w = emitHls(df, { io: 'parallel' }).get('firmware/weights/fc.h') ?? '';
    expect(w).toContain(`static const config::weight_t w[${nonzero.length - pow2.length}]`);
  });

  it('pipelines with II = reuse factor and limits the multipliers', () => {
    expect(layers).toContain('FX_PRAGMA(HLS PIPELINE II=3)');
    expect(layers).toContain(`FX_PRAGMA(HLS ALLOCATION operation instances=mul limit=${Math.ceil((nonzero.length - pow2.length) / 3)})`);
    const defs = emitHls(df, { io: 'parallel' }).get('firmware/defines.h') ?? '';
    expect(defs).toContain('static const unsigned reuse_factor = 3;');
  });
});

describe('constants and comments', () => {
  it('writes exact double literals up to 53 bits and raw hex beyond', () => {
    expect(cppConstant(-3n, fx(8, 4))).toBe('-0.1875');
    expect(cppConstant(5n, fx(8, 8))).toBe('5.0');
    expect(cppConstant(1n, fx(16, -40))).toBe(String(2 ** -56));
    expect(cppConstant((1n << 60n) + 1n, fx(64, 64))).toBe('fx_nn::from_raw_hex<ap_fixed<64, 64> >("1000000000000001")');
    expect(cppConstant(-1n, fx(70, 10))).toBe('fx_nn::from_raw_hex<ap_fixed<70, 10> >("3fffffffffffffffff")');
  });

  it('strips everything that could end a comment or continue it', () => {
    expect(commentText('a*/b\\\nc??/d//e$[x]{y};')).toBe('a__b__c___d__e__x__y__');
    expect(commentText('int f(); #include "x" <y>')).toBe('int f___ _include _x_ _y_');
  });
});

describe('options and bad IR', () => {
  it('rejects an unknown io style (FF014)', () => {
    expectCode(() => emitHls(denseDesign(1), { io: 'axi' as 'parallel' }), 'FF014');
  });

  it('rejects an FPGA part that is not a plain name (FF014)', () => {
    expectCode(() => emitHls(denseDesign(1), { io: 'parallel', part: 'x; exec rm' }), 'FF014');
  });

  it('rejects a node name that was not sanitized (FF012)', () => {
    const df = denseDesign(1);
    const bad = { ...df, nodes: df.nodes.map((n) => (n.op === 'dense' ? { ...n, name: 'fc(); int' } : n)), outputs: ['fc(); int'] };
    expectCode(() => emitHls(bad, { io: 'parallel' }), 'FF012');
  });

  it('rejects a dense layer whose weights do not fit its sizes (FF012, naming the layer and field)', () => {
    const df = denseDesign(1);
    const bad = { ...df, nodes: df.nodes.map((n) => (n.op === 'dense' ? { ...n, weights: n.weights.slice(1) } : n)) };
    try {
      emitHls(bad, { io: 'parallel' });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(CompileError);
      expect((e as CompileError).code).toBe('FF012');
      expect((e as CompileError).layer).toBe('fc');
      expect((e as CompileError).field).toBe('weights');
    }
  });

  it('rejects test vectors of the wrong length (FF010)', () => {
    expectCode(() => emitHls(denseDesign(1), { io: 'parallel', vectors: [[1n, 2n]] }), 'FF010');
  });
});
