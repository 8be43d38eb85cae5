/**
 * Lowering: BatchNorm folding into conv, depthwise and separable convs;
 * SeparableConv2D as depthwise + pointwise with unique names; depthwise
 * weight layout; accumulators by bit growth over the nonzero taps; the
 * configuration's precedence for conv layer types; exact reciprocals.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overflowRef } from '../../src/fixed/cast-ref.js';
import { castNumber } from '../../src/fixed/arith.js';
import { fixedType, formatType, fracBits, OVERFLOW_MODES, parseType, QUANT_MODES, type FixedType, type QuantMode } from '../../src/fixed/fixed-type.js';
import type { ConvDfNode, DfConv } from '../../src/ir/dataflow/conv-types.js';
import { reciprocalCode } from '../../src/lower/conv/exact-reciprocal.js';
import { createNameAllocator } from '../../src/lower/conv/fresh-name.js';
import { foldBatchnorm } from '../../src/ir/graph/fold-batchnorm.js';
import type { Graph } from '../../src/ir/graph/types.js';
import { randomInputs } from '../helpers/models.js';
import { Builder } from './builder.js';
import { evaluateMixed, lowerMixed, type MixedDataflow, type MixedGraph } from './harness.js';

function conv(df: MixedDataflow, name: string): DfConv {
  const n = df.nodes.find((m) => m.name === name);
  if (n?.op !== 'conv') throw new Error(`no conv ${name}`);
  return n as DfConv;
}

function width(g: MixedGraph): number {
  return g.nodes.filter((n) => n.op === 'input').reduce((a, n) => a + n.shape.reduce((p, q) => p * q, 1), 0);
}

describe('BatchNorm folding', () => {
  function bnGraph(): MixedGraph {
    const b = new Builder(8);
    const x = b.input('x', [5, 5, 3]);
    const c = b.batchnorm('c_bn', b.conv('c', x, { filters: 4, k: [3, 3] }));
    const d = b.batchnorm('d_bn', b.depthwise('d', c, [3, 3], [2, 2], 'same', 2));
    const s = b.batchnorm('s_bn', b.separable('s', d, 3, [2, 2]));
    return b.graph('bn', [s]);
  }

  it('folds into conv, depthwise and separable, and the folded float model computes the same function', () => {
    const g = bnGraph();
    const f = foldBatchnorm(g as unknown as Graph);
    expect([...f.folded.entries()]).toEqual([
      ['c_bn', 'c'],
      ['d_bn', 'd'],
      ['s_bn', 's'],
    ]);
    expect(f.graph.nodes.map((n) => n.op)).toEqual(['input', 'conv', 'depthwise_conv', 'separable_conv']);
    expect(f.graph.outputs).toEqual(['s']);
    const folded = f.graph as unknown as MixedGraph;
    const inputs = randomInputs(5, width(g), 3, 1);
    const a = evaluateMixed(g, inputs).flat();
    const b = evaluateMixed(folded, inputs).flat();
    a.forEach((v, i) => expect(Math.abs(v - (b[i] ?? NaN))).toBeLessThan(1e-12));
    expect(lowerMixed(g).nodes.some((n) => n.op === 'scale_shift')).toBe(false);
  });

  it('does not fold when the conv has another reader, is an output, or has annotated weights', () => {
    const b = new Builder(9);
    const x = b.input('x', [4, 4, 2]);
    const c = b.conv('c', x, { filters: 2, k: [1, 1] });
    const bn = b.batchnorm('bn', c);
    const g1 = b.graph('shared', [b.sum('add', [c, bn])]);
    expect(foldBatchnorm(g1 as unknown as Graph).folded.size).toBe(0);
    const g2 = b.graph('output', [bn, c]);
    expect(foldBatchnorm(g2 as unknown as Graph).folded.size).toBe(0);
    const annotated = g1.nodes.map((n) => (n.name === 'c' ? { ...n, quant: { weight: parseType('ap_fixed<8,2>') } } : n));
    expect(foldBatchnorm({ ...g1, nodes: annotated, outputs: ['bn'] } as unknown as Graph).folded.size).toBe(0);
    expect(lowerMixed(g1).nodes.find((n) => n.name === 'bn')?.op).toBe('scale_shift');
  });

  it("the folded layer's result type is the BatchNorm's", () => {
    const df = lowerMixed(bnGraph(), { layerName: { c_bn: { result: 'ap_fixed<12,5,RND,SAT>' } } });
    expect(formatType(conv(df, 'c').type)).toBe('ap_fixed<12,5,RND,SAT>');
  });
});

describe('SeparableConv2D and depthwise lowering', () => {
  it('splits into <name>_dw (depthwise, no bias) and <name> (1×1), both from the same source layer', () => {
    const b = new Builder(1);
    const x = b.input('x', [4, 4, 2]);
    b.separable('sep', x, 3, [3, 3], [1, 1], 'same', 2);
    const df = lowerMixed(b.graph('sep', ['sep']));
    const dw = conv(df, 'sep_dw');
    const pw = conv(df, 'sep');
    expect([dw.groups, dw.outChannels, dw.kernelSize, dw.bias.every((v) => v === 0n)]).toEqual([2, 4, [3, 3], true]);
    expect([pw.groups, pw.outChannels, pw.kernelSize, pw.inputs, pw.inShape]).toEqual([1, 3, [1, 1], ['sep_dw'], [4, 4, 4]]);
    expect([dw.source, pw.source]).toEqual(['sep', 'sep']);
  });

  it('the depthwise half gets a fresh name when <name>_dw is taken', () => {
    const b = new Builder(2);
    const x = b.input('x', [4, 4, 2]);
    const s = b.separable('sep', x, 2, [3, 3]);
    const taken = b.conv('sep_dw', s, { filters: 2, k: [1, 1] });
    const df = lowerMixed(b.graph('sep', [taken]));
    expect(df.nodes.map((n) => n.name)).toEqual(['x', 'sep_dw_2', 'sep', 'sep_dw']);
    const fresh = createNameAllocator(['a'.repeat(48)]);
    const long = fresh('a'.repeat(48));
    expect(long.length).toBeLessThanOrEqual(48);
    expect(long).not.toBe('a'.repeat(48));
  });

  it('depthwise output channel c·M + m reads Keras kernel [ky][kx][c][m]', () => {
    const b = new Builder(3);
    const x = b.input('x', [3, 3, 2]);
    b.depthwise('dw', x, [2, 2], [1, 1], 'valid', 3);
    const g = b.graph('dw', ['dw']);
    const node = g.nodes[1];
    if (node?.op !== 'depthwise_conv') throw new Error('dw');
    const w = parseType('ap_fixed<16,6>');
    const df = lowerMixed(g);
    const d = conv(df, 'dw');
    expect(d.groups).toBe(2);
    for (let c = 0; c < 2; c++) {
      for (let m = 0; m < 3; m++) {
        for (let t = 0; t < 4; t++) {
          expect(d.weights[(c * 3 + m) * 4 + t]).toBe(castNumber(node.kernel[(t * 2 + c) * 3 + m] ?? NaN, w));
        }
      }
    }
  });
});

describe('precision', () => {
  it('the accumulator grows by ceil(log2(nonzero taps + 1)) integer bits over the product', () => {
    const b = new Builder(4);
    const x = b.input('x', [4, 4, 2]);
    b.conv('dense_taps', x, { filters: 2, k: [3, 3] });
    b.conv('pruned', x, { filters: 2, k: [3, 3], sparsity: 0.8 });
    const df = lowerMixed(b.graph('growth', ['dense_taps', 'pruned']));
    const full = conv(df, 'dense_taps');
    expect(formatType(full.productType)).toBe('ap_fixed<32,12>');
    expect(full.accType.int - full.productType.int).toBe(5); // 18 taps + bias = 19 terms
    const pruned = conv(df, 'pruned');
    let nnz = 0;
    for (let o = 0; o < 2; o++) nnz = Math.max(nnz, pruned.weights.slice(o * 18, o * 18 + 18).filter((v) => v !== 0n).length);
    expect(nnz).toBeLessThan(18);
    expect(pruned.accType.int - pruned.productType.int).toBe(Math.ceil(Math.log2(nnz + 1)));
  });

  it('configuration precedence: layerName > layerType (Keras class) > model; pooling reciprocal from the layer weight type', () => {
    const b = new Builder(5);
    const x = b.input('x', [4, 4, 2]);
    const c1 = b.conv('c1', x, { filters: 2, k: [3, 3] });
    const c2 = b.conv('c2', c1, { filters: 2, k: [3, 3] });
    const p = b.pool('p', c2, 'avg', [3, 3], [1, 1], 'same');
    const q = b.pool('q', c2, 'avg', [3, 3], [1, 1], 'same');
    const a = b.sum('a', [p, q]);
    const df = lowerMixed(b.graph('cfg', [a]), {
      model: { default: 'ap_fixed<14,5>' },
      layerType: { Conv2D: { weight: 'ap_fixed<8,2>', result: 'ap_fixed<12,4>' }, AveragePooling2D: { weight: 'ap_ufixed<10,1>' }, Add: { result: 'ap_fixed<20,8>' } },
      layerName: { c2: { weight: 'ap_fixed<6,1,RND>' }, q: { weight: 'ap_ufixed<12,0,RND>' } },
    });
    expect(formatType(conv(df, 'c1').weightType)).toBe('ap_fixed<8,2>');
    expect(formatType(conv(df, 'c2').weightType)).toBe('ap_fixed<6,1,RND>');
    expect(formatType(conv(df, 'c2').type)).toBe('ap_fixed<12,4>');
    expect(formatType(conv(df, 'c1').biasType)).toBe('ap_fixed<14,5>');
    const pool = (name: string): ConvDfNode => df.nodes.find((n) => n.name === name) as ConvDfNode;
    const pp = pool('p');
    const qq = pool('q');
    expect(pp.op === 'pool' && pp.average ? formatType(pp.average.recipType) : '').toBe('ap_ufixed<10,1>');
    expect(qq.op === 'pool' && qq.average ? [formatType(qq.average.recipType), qq.average.counts, qq.average.recips] : []).toEqual([
      'ap_ufixed<12,0,RND>',
      [4, 6, 9],
      [1024n, 683n, 455n], // 4096/4, 4096/6 = 682.67, 4096/9 = 455.1
    ]);
    expect(formatType(pool('a').type)).toBe('ap_fixed<20,8>');
  });
});

describe('exact reciprocals', () => {
  function roundRational(num: bigint, den: bigint, mode: QuantMode): bigint {
    const q = num / den;
    const twice = 2n * (num % den);
    switch (mode) {
      case 'TRN':
      case 'TRN_ZERO':
        return q;
      case 'RND':
      case 'RND_INF':
        return twice >= den ? q + 1n : q;
      case 'RND_ZERO':
      case 'RND_MIN_INF':
        return twice > den ? q + 1n : q;
      case 'RND_CONV':
        return twice > den || (twice === den && q % 2n === 1n) ? q + 1n : q;
    }
  }

  it('cast(1/n) equals rounding the exact rational, for every mode pair (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: -4, max: 3 }),
        fc.constantFrom(...QUANT_MODES),
        fc.constantFrom(...OVERFLOW_MODES),
        fc.boolean(),
        (n, w, int, q, o, signed) => {
          const t: FixedType = fixedType(w, int, signed, q, o);
          const f = fracBits(t);
          const num = 1n << BigInt(Math.max(f, 0));
          const den = BigInt(n) << BigInt(Math.max(-f, 0));
          expect(reciprocalCode(n, t)).toBe(overflowRef(roundRational(num, den, q), t));
        },
      ),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('ties are resolved exactly (1/n falls halfway between codes only when n is a power of two)', () => {
    // ap_ufixed<3,1> has 2 fractional bits: 1/8 is half a code, a tie
    expect(reciprocalCode(8, fixedType(3, 1, false, 'RND_CONV'))).toBe(0n);
    expect(reciprocalCode(8, fixedType(3, 1, false, 'RND'))).toBe(1n);
    // 1/3 · 2^17 = 43690.67: never a tie
    expect(reciprocalCode(3, fixedType(18, 1, false, 'RND_CONV'))).toBe(43691n);
    expect(reciprocalCode(3, fixedType(18, 1, false, 'RND'))).toBe(43691n);
    expect(reciprocalCode(3, fixedType(18, 1, false, 'TRN'))).toBe(43690n);
  });
});
