/**
 * Low-rank factorization of Conv2D layers: spatially separable (Jaderberg),
 * Tucker-2 (Kim) and CP (Lebedev). Full rank reproduces the layer; the error
 * falls as the rank grows; energy and MAC budgets pick the rank; the chain
 * verifies, lowers through compileGraph and simulates close to the float
 * graph.
 */
import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../src/compress/graph-eval.js';
import { measureGraph } from '../../src/compress/model-size.js';
import type { ConvFactorizeResult, ConvRankChoice } from '../../src/compress/lowrank/conv-layer.js';
import { cpAls, cpReconstruct } from '../../src/compress/lowrank/cp-als.js';
import { cpConv } from '../../src/compress/lowrank/cp-conv.js';
import { separateSpatially } from '../../src/compress/lowrank/spatial-separable.js';
import { tucker2Conv } from '../../src/compress/lowrank/tucker2.js';
import type { Padding } from '../../src/ir/graph/conv-types.js';
import { fracBits } from '../../src/fixed/fixed-type.js';
import type { Graph } from '../../src/ir/graph/types.js';
import { verifyGraph } from '../../src/ir/graph/verify.js';
import { compileGraph } from '../../src/pipeline.js';
import { quantizeInputs, simulateRaw } from '../../sim/simulate.js';
import { shuffleUnit } from '../conv/blocks.js';
import { Builder } from '../conv/builder.js';
import { randomInputs } from '../helpers/models.js';
import { prng } from '../helpers/prng.js';
import { expectCode, maxAbsDiff } from './helpers.js';

type Method = (g: Graph, layer: string, c: ConvRankChoice) => ConvFactorizeResult;

/** in [7, 6, 3] → conv 'c' (3×3, 5 filters, given strides/padding) → ReLU → global average → dense. */
function net(strides: readonly number[] = [1, 1], padding: Padding = 'same', seed = 4): Graph {
  const b = new Builder(seed);
  const x = b.input('in', [7, 6, 3]);
  const h = b.relu('r', b.conv('c', x, { filters: 5, k: [3, 3], strides, padding }));
  return b.graph('lr', [b.dense('fc', b.globalPool('gap', h), 3)]) as unknown as Graph;
}

const rows = randomInputs(5, 7 * 6 * 3, 21, 2);

function convOut(g: Graph, name: string): Float64Array {
  return evaluateGraph(g, { n: rows.length, data: rows.flat() }).get(name) ?? new Float64Array(0);
}

const METHODS: readonly (readonly [string, Method, number])[] = [
  // full ranks: min(KH·C, KW·F) = 9; [C, F] = [3, 5]; product of the 3 smallest of (3, 3, 3, 5) = 27
  ['spatially separable', separateSpatially, 9],
  ['Tucker-2', tucker2Conv, 5],
  ['CP', cpConv, 27],
];

const GEOMETRIES: readonly (readonly [string, readonly number[], Padding])[] = [
  ['same, stride 1', [1, 1], 'same'],
  ['same, strides 2×1', [2, 1], 'same'],
  ['valid, stride 2', [2, 2], 'valid'],
  ['explicit asymmetric', [1, 2], { before: [0, 2], after: [1, 0] }],
];

describe.each(METHODS)('%s', (_name, method, full) => {
  it.each(GEOMETRIES)('full rank reproduces the layer (%s)', (_g, strides, padding) => {
    const g = net(strides, padding);
    const r = method(g, 'c', { rank: full });
    verifyGraph(r.graph);
    expect(r.relativeError).toBeLessThan(1e-9);
    expect(maxAbsDiff(convOut(r.graph, 'c'), convOut(g, 'c'))).toBeLessThan(1e-9);
    expect(r.graph.nodes.filter((n) => n.op === 'conv' || n.op === 'depthwise_conv').length).toBeGreaterThan(1);
  });

  it('the error falls as the rank grows, in the kernel and in the output', () => {
    const g = net([1, 1], 'same', 9);
    const ranks = [1, 2, 3];
    const res = ranks.map((k) => method(g, 'c', { rank: k }));
    const outErr = res.map((r) => maxAbsDiff(convOut(r.graph, 'c'), convOut(g, 'c')));
    for (let i = 1; i < res.length; i++) {
      expect(res[i]?.relativeError).toBeLessThan(res[i - 1]?.relativeError ?? 0);
      expect(res[i]?.macsAfter).toBeGreaterThan(res[i - 1]?.macsAfter ?? 0);
    }
    expect(outErr[2]).toBeLessThan(outErr[0] ?? 0);
    expect(res[0]?.relativeError).toBeGreaterThan(0.05);
  });

  it('a MAC budget gives the largest rank that fits, counted as measureGraph counts', () => {
    const g = net();
    const one = method(g, 'c', { rank: 1 });
    const two = method(g, 'c', { rank: 2 });
    const r = method(g, 'c', { macBudget: two.macsAfter + 1 });
    expect(r.ranks).toEqual(two.ranks);
    expect(r.macsAfter).toBeLessThanOrEqual(two.macsAfter + 1);
    const m0 = measureGraph(g).denseMacs;
    expect(measureGraph(one.graph).denseMacs - m0).toBe(one.macsAfter - one.macsBefore);
    expectCode(() => method(g, 'c', { macBudget: one.macsAfter - 1 }), 'FF019', { layer: 'c', field: 'macBudget' });
  });

  it('the chain lowers and simulates close to the float graph', () => {
    const g = net([2, 1], 'same');
    const r = method(g, 'c', { rank: 2 });
    const df = compileGraph(r.graph, { config: { model: { default: 'ap_fixed<24,8,RND>' } } });
    const out = simulateRaw(df, quantizeInputs(df, rows));
    const outNode = df.nodes.find((n) => n.name === df.outputs[0]);
    if (outNode === undefined) throw new Error('no output node');
    const f = fracBits(outNode.type);
    const sim = out.flat().map((v) => Number(v) * 2 ** -f);
    const ref = evaluateGraph(r.graph, { n: rows.length, data: rows.flat() }).get('fc') ?? [];
    expect(maxAbsDiff(sim, ref)).toBeLessThan(0.01);
  });
});

describe('rank choice and bad requests', () => {
  it('energy: separable and Tucker-2 keep the requested share of σ²; CP reaches 1 − error² ≥ energy', () => {
    const g = net();
    const s = separateSpatially(g, 'c', { energy: 0.9 });
    const s1 = separateSpatially(g, 'c', { rank: Math.max(1, (s.ranks[0] ?? 1) - 1) });
    expect(1 - s.relativeError ** 2).toBeGreaterThanOrEqual(0.9 - 1e-12);
    if ((s.ranks[0] ?? 1) > 1) expect(1 - s1.relativeError ** 2).toBeLessThan(0.9);
    const t = tucker2Conv(g, 'c', { energy: 0.999999 });
    expect(t.ranks).toEqual([3, 5]);
    const c = cpConv(g, 'c', { energy: 0.95 });
    expect(1 - c.relativeError ** 2).toBeGreaterThanOrEqual(0.95 - 1e-9);
  });

  it('Tucker-2 takes a pair of ranks', () => {
    const r = tucker2Conv(net(), 'c', { ranks: [2, 4] });
    expect(r.ranks).toEqual([2, 4]);
    expect(r.graph.nodes.map((n) => n.name)).toEqual(['in', 'c_tucker_in', 'c_tucker_core', 'c', 'r', 'gap', 'fc']);
  });

  it('FF019: rank out of range, two choices, grouped or 1D conv, not a conv', () => {
    const g = net();
    expectCode(() => separateSpatially(g, 'c', { rank: 10 }), 'FF019', { layer: 'c', field: 'rank' });
    expectCode(() => cpConv(g, 'c', { rank: 0 }), 'FF019', { layer: 'c', field: 'rank' });
    expectCode(() => tucker2Conv(g, 'c', { ranks: [4, 1] }), 'FF019', { layer: 'c', field: 'ranks[0]' });
    expectCode(() => cpConv(g, 'c', { rank: 2, energy: 0.5 } as unknown as ConvRankChoice), 'FF019', { layer: 'c', field: 'rank' });
    expectCode(() => separateSpatially(g, 'c', { energy: 0 }), 'FF019', { layer: 'c', field: 'energy' });
    expectCode(() => tucker2Conv(shuffleUnit() as unknown as Graph, 'gconv1', { rank: 2 }), 'FF019', { layer: 'gconv1', field: 'groups' });
    expectCode(() => cpConv(g, 'fc', { rank: 2 }), 'FF019', { layer: 'fc' });
    const b = new Builder(1);
    const x = b.input('in', [8, 2]);
    const g1 = b.graph('one_d', [b.conv('c1', x, { filters: 3, k: [3] })]) as unknown as Graph;
    expectCode(() => separateSpatially(g1, 'c1', { rank: 1 }), 'FF019', { layer: 'c1', field: 'kernelSize' });
  });
});

describe('CP-ALS', () => {
  it('recovers a tensor of known rank 3 at rank 3', () => {
    const r = prng(3);
    const dims = [3, 3, 4, 5];
    const f = dims.map((d) => Array.from({ length: d * 3 }, () => 2 * r() - 1));
    const t = cpReconstruct({ rank: 3, factors: f.map((x) => Float64Array.from(x)) }, dims);
    const fit = (k: number): number => {
      const d = cpAls(t, dims, k);
      const rec = cpReconstruct(d, dims);
      return maxAbsDiff(rec, t);
    };
    expect(fit(3)).toBeLessThan(1e-6);
    expect(fit(1)).toBeGreaterThan(1e-2);
  });
});
