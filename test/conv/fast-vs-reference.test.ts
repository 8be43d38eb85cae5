/**
 * Fast kernels == BigInt reference, integer for integer: random geometries
 * (fast-check), every (quantization, overflow) pair on the result,
 * accumulator and product types, unsigned inputs, mixed-type Add and
 * Concatenate, and the overflow profile counted alike on both paths.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fracBits, maxRaw, minCode, OVERFLOW_MODES, QUANT_MODES, type FixedType } from '../../src/fixed/fixed-type.js';
import { castRawRef, quantizeShift, overflowRef } from '../../src/fixed/cast-ref.js';
import type { ConvDfNode } from '../../src/ir/dataflow/conv-types.js';
import { isConvDfNode } from '../../src/ir/dataflow/conv-types.js';
import type { PrecisionConfig } from '../../src/lower/config.js';
import { compileConvFast } from '../../sim/conv/fast.js';
import { refConvNode } from '../../sim/conv/reference.js';
import type { NodeStats } from '../../sim/fast-kernels.js';
import { prng } from '../helpers/prng.js';
import { Builder } from './builder.js';
import { lowerMixed, simulateFast, simulateReference, type MixedDataflow, type MixedGraph } from './harness.js';

function randomRows(df: MixedDataflow, n: number, seed: number): bigint[][] {
  const r = prng(seed);
  const ins = df.nodes.filter((x) => x.op === 'input');
  return Array.from({ length: n }, (_v, k) =>
    ins.flatMap((node) => {
      const lo = Number(minCode(node.type));
      const hi = Number(maxRaw(node.type));
      const size = node.shape.reduce((a, b) => a * b, 1);
      // the first rows sit at the extremes, to force overflow
      return Array.from({ length: size }, () => BigInt(k === 0 ? hi : k === 1 ? lo : lo + Math.floor(r() * (hi - lo + 1))));
    }),
  );
}

function agree(g: MixedGraph, config: PrecisionConfig, seed: number, n = 12): MixedDataflow {
  const df = lowerMixed(g, config);
  const rows = randomRows(df, n, seed);
  const fast = simulateFast(df, rows);
  expect(fast.referenceLayers).toEqual([]);
  expect(fast.rows).toEqual(simulateReference(df, rows));
  return df;
}

describe('fast kernels == BigInt reference', () => {
  it('random conv and pooling geometries (fast-check)', () => {
    const geometry = fc.record({
      h: fc.integer({ min: 1, max: 7 }),
      w: fc.integer({ min: 1, max: 7 }),
      groups: fc.integer({ min: 1, max: 3 }),
      perGroup: fc.integer({ min: 1, max: 2 }),
      filtersPerGroup: fc.integer({ min: 1, max: 2 }),
      kh: fc.integer({ min: 1, max: 4 }),
      kw: fc.integer({ min: 1, max: 4 }),
      sh: fc.integer({ min: 1, max: 3 }),
      sw: fc.integer({ min: 1, max: 3 }),
      padding: fc.constantFrom('same' as const, 'valid' as const, 'explicit' as const),
      oneD: fc.boolean(),
      sparsity: fc.constantFrom(0, 0.5),
      narrow: fc.boolean(),
      seed: fc.integer({ min: 1, max: 1000 }),
    });
    fc.assert(
      fc.property(geometry, (p) => {
        const h = p.oneD ? 1 : p.h;
        const kh = p.oneD ? 1 : p.kh;
        const padding = p.padding === 'explicit' ? { before: p.oneD ? [1] : [1, 0], after: p.oneD ? [2] : [0, 2] } : p.padding;
        const spatial = (a: number, b: number): number[] => (p.oneD ? [b] : [a, b]);
        const inH = p.padding === 'valid' ? Math.max(h, kh) : h;
        const inW = p.padding === 'valid' ? Math.max(p.w, p.kw) : p.w;
        if (p.padding === 'explicit' && (inW + 2 < p.kw || (!p.oneD && inH + 1 < kh))) return;
        const b = new Builder(p.seed);
        const x = b.input('x', [...spatial(inH, inW), p.groups * p.perGroup]);
        const c = b.conv('c', x, { filters: p.groups * p.filtersPerGroup, k: spatial(kh, p.kw), strides: spatial(p.sh, p.sw), padding, groups: p.groups, sparsity: p.sparsity });
        const mp = b.pool('mp', c, 'max', spatial(kh, p.kw), spatial(p.sh, p.sw), 'same');
        const ap = b.pool('ap', x, 'avg', spatial(kh, p.kw), spatial(p.sh, p.sw), p.padding === 'valid' ? 'valid' : 'same');
        const config: PrecisionConfig = p.narrow ? { model: { weight: 'ap_fixed<5,2,RND>', accum: 'ap_fixed<10,4,RND,SAT>', result: 'ap_fixed<8,3,RND_CONV,SAT_SYM>' } } : {};
        agree(b.graph('geom', [mp, ap]), config, p.seed, 6);
      }),
      { numRuns: 60, seed: 20240501 },
    );
  });

  it('every (quantization, overflow) pair on the conv result, accumulator and product, and on the average and Add results', () => {
    const b = new Builder(3);
    const x = b.input('x', [4, 4, 2]);
    const c = b.conv('c', x, { filters: 3, k: [3, 3], padding: 'same', sparsity: 0.3 });
    const a = b.pool('a', x, 'avg', [3, 3], [1, 1], 'same');
    const s = b.sum('s', [a, x]);
    const g = b.graph('modes', [c, s]);
    for (const q of QUANT_MODES) {
      for (const o of OVERFLOW_MODES) {
        const df = agree(
          g,
          { model: { weight: 'ap_fixed<6,2,RND>', result: `ap_fixed<7,3,${q},${o}>`, accum: `ap_fixed<11,4,${q},${o}>`, product: `ap_fixed<9,3,${q},${o}>` }, layerType: { Input: { result: 'ap_fixed<8,3>' } } },
          7,
        );
        expect(df.nodes.find((n) => n.op === 'conv')?.type.quant).toBe(q);
      }
    }
  });

  it('unsigned inputs and outputs, depthwise with multiplier, separable', () => {
    const b = new Builder(4);
    const x = b.input('x', [5, 5, 3]);
    const d = b.depthwise('d', x, [3, 3], [2, 2], 'same', 2);
    const s = b.separable('s', x, 4, [2, 2], [1, 1], 'valid', 3);
    agree(b.graph('unsigned', [d, s]), { layerType: { Input: { result: 'ap_ufixed<8,2>' } }, layerName: { s: { result: 'ap_ufixed<10,4,RND,SAT>' } } }, 9);
  });

  it('Add of three differently typed inputs and Concatenate of two', () => {
    const b = new Builder(5);
    const x = b.input('x', [3, 3, 2]);
    const y = b.input('y', [3, 3, 2]);
    const z = b.input('z', [3, 3, 2]);
    const s = b.sum('s', [x, y, z]);
    const c = b.concat('c', [y, x, s]);
    agree(
      b.graph('merge', [s, c]),
      { model: { result: 'ap_fixed<9,4,RND_INF,SAT>' }, layerName: { x: { result: 'ap_fixed<10,2>' }, y: { result: 'ap_ufixed<7,3>' }, z: { result: 'ap_fixed<12,7>' } } },
      10,
    );
  });

  it('the overflow profile counts the same casts and overflows on both paths', () => {
    const b = new Builder(6);
    const x = b.input('x', [5, 5, 2]);
    b.conv('c', x, { filters: 3, k: [3, 3], padding: 'same', strides: [2, 2] });
    const df = lowerMixed(b.graph('profile', ['c']), { model: { weight: 'ap_fixed<6,2,RND>', accum: 'ap_fixed<10,4,RND,SAT>', product: 'ap_fixed<9,3,RND,WRAP>', result: 'ap_fixed<7,3,RND,SAT>' } });
    const node = df.nodes.find((n): n is ConvDfNode => isConvDfNode(n) && n.op === 'conv') as ConvDfNode;
    const xt = df.nodes[0]?.type as FixedType;
    const rows = randomRows(df, 20, 3);
    const stats: NodeStats = {};
    const kernel = compileConvFast(node, [xt], stats);
    if (!kernel) throw new Error('no fast kernel');
    const B = rows.length;
    const flat = new Float64Array(50 * B);
    rows.forEach((r, bi) => r.forEach((v, i) => (flat[i * B + bi] = Number(v))));
    kernel([flat], B, new Float64Array(node.shape.reduce((a, c) => a * c, 1) * B));
    const counts = { product: [0, 0], accum: [0, 0], result: [0, 0] } as Record<string, [number, number]>;
    for (const r of rows) {
      refConvNode(node, [r], [xt], (kind, raw, srcFrac, t) => {
        const s = srcFrac - fracBits(t);
        const q = s <= 0 ? raw << BigInt(-s) : quantizeShift(raw, s, t.quant);
        const entry = counts[kind] as [number, number];
        entry[0]++;
        if (overflowRef(q, t) !== q) entry[1]++;
        expect(castRawRef(raw, srcFrac, t)).toBe(overflowRef(q, t));
      });
    }
    for (const kind of ['product', 'accum', 'result'] as const) {
      expect([stats[kind]?.count, stats[kind]?.overflows]).toEqual(counts[kind]);
    }
    expect(counts.accum?.[1]).toBeGreaterThan(0);
  });
});
