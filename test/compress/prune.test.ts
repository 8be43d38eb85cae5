import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../src/compress/graph-eval.js';
import { magnitudeMask, pruneMagnitude } from '../../src/compress/prune/magnitude.js';
import { pruneIteratively } from '../../src/compress/prune/iterative.js';
import { isPruningStep, polynomialSparsity } from '../../src/compress/prune/schedule.js';
import { pruneUnits } from '../../src/compress/prune/remove-units.js';
import { fpgmScores, l1Scores } from '../../src/compress/prune/unit-scores.js';
import type { DenseNode, Graph } from '../../src/ir/graph/types.js';
import { mlpGraph } from '../helpers/models.js';
import { expectCode, maxAbsDiff, randomBatch } from './helpers.js';

const zeros = (k: readonly number[]): number => k.filter((w) => w === 0).length;
const dense = (g: Graph, name: string): DenseNode => {
  const n = g.nodes.find((m) => m.name === name);
  if (n?.op !== 'dense') throw new Error(`no dense ${name}`);
  return n;
};

describe('magnitude pruning', () => {
  const graph = mlpGraph({ sizes: [10, 8, 6, 3], seed: 2, head: 'softmax' });

  it('pruning 50% per layer leaves exactly half the weights, the largest ones', () => {
    const r = pruneMagnitude(graph, { sparsity: 0.5 });
    for (const name of ['dense_1', 'dense_2', 'dense_3']) {
      const before = dense(graph, name).kernel;
      const after = dense(r.graph, name).kernel;
      expect(zeros(after)).toBe(before.length / 2);
      const kept = after.filter((w) => w !== 0).map(Math.abs);
      const dropped = before.filter((_, i) => after[i] === 0).map(Math.abs);
      expect(Math.min(...kept)).toBeGreaterThanOrEqual(Math.max(...dropped));
      after.forEach((w, i) => expect(w === 0 || w === before[i]).toBe(true));
      expect(dense(r.graph, name).bias).toEqual(dense(graph, name).bias);
    }
    expect(r.layers.map((l) => l.zeros)).toEqual([40, 24, 9]);
  });

  it('global pruning uses one threshold across layers', () => {
    const r = pruneMagnitude(graph, { sparsity: 0.5, scope: 'global' });
    const all = ['dense_1', 'dense_2', 'dense_3'].flatMap((n) => dense(r.graph, n).kernel);
    const orig = ['dense_1', 'dense_2', 'dense_3'].flatMap((n) => dense(graph, n).kernel);
    expect(zeros(all)).toBe(Math.round(orig.length / 2));
    const kept = all.filter((w) => w !== 0).map(Math.abs);
    const dropped = orig.filter((_, i) => all[i] === 0).map(Math.abs);
    expect(Math.min(...kept)).toBeGreaterThanOrEqual(Math.max(...dropped));
  });

  it('ties are broken by position (deterministic)', () => {
    expect(Array.from(magnitudeMask([1, -1, 1, 2], 2))).toEqual([0, 0, 1, 1]);
  });

  it('bad sparsities and emptied layers are FF019', () => {
    expectCode(() => pruneMagnitude(graph, { sparsity: 1 }), 'FF019', { field: 'sparsity' });
    expectCode(() => pruneMagnitude(graph, { sparsity: -0.1 }), 'FF019', { field: 'sparsity' });
    expectCode(() => pruneMagnitude(graph, { sparsity: { dense_2: 1.2 } }), 'FF019', { layer: 'dense_2', field: 'sparsity' });
    expectCode(() => pruneMagnitude(graph, { sparsity: 0.99 }), 'FF019', { layer: 'dense_2', field: 'sparsity' }); // 0.99 · 48 rounds to 48
    expectCode(() => pruneMagnitude(graph, { sparsity: 0.5, layers: ['softmax'] }), 'FF019', { layer: 'softmax' });
  });
});

describe('polynomial schedule (Zhu & Gupta)', () => {
  const s = { initialSparsity: 0.1, finalSparsity: 0.9, beginStep: 10, endStep: 110, frequency: 10 };
  it('follows s_f + (s_i − s_f)(1 − t/T)^3, held between updates', () => {
    expect(polynomialSparsity(s, 0)).toBe(0);
    expect(polynomialSparsity(s, 10)).toBeCloseTo(0.1, 12);
    expect(polynomialSparsity(s, 60)).toBeCloseTo(0.9 - 0.8 * 0.125, 12);
    expect(polynomialSparsity(s, 65)).toBe(polynomialSparsity(s, 60));
    expect(polynomialSparsity(s, 110)).toBe(0.9);
    expect(polynomialSparsity(s, 500)).toBe(0.9);
    expect([9, 10, 15, 20, 110, 120].map((t) => isPruningStep(s, t))).toEqual([false, true, false, true, true, false]);
    expect(isPruningStep({ ...s, endStep: 105 }, 105)).toBe(true);
  });

  it('iterative pruning reaches the final sparsity while training', () => {
    const g = mlpGraph({ sizes: [6, 8, 3], seed: 4, head: 'softmax' });
    const n = 64;
    const x = new Float32Array(n * 6).map((_, k) => Math.sin(k * 1.7));
    const labels = Int32Array.from({ length: n }, (_, s) => ((x[s * 6] ?? 0) > 0 ? 1 : 0) + ((x[s * 6 + 1] ?? 0) > 0.5 ? 1 : 0));
    const r = pruneIteratively(g, { n, inSize: 6, x, labels }, {
      schedule: { initialSparsity: 0, finalSparsity: 0.75, beginStep: 0, endStep: 6, frequency: 2 },
      fit: { epochs: 3, batchSize: 16, learningRate: 0.01 },
    });
    expect(r.steps).toBe(12);
    expect(r.layers.map((l) => l.zeros)).toEqual([36, 18]);
  });
});

describe('structured unit pruning', () => {
  // dense_1 units 1 and 3 have zero incoming weights: their outputs are constants
  const base = mlpGraph({ sizes: [5, 4, 3], seed: 6, head: 'softmax' });
  const d1 = dense(base, 'dense_1');
  const deadKernel = d1.kernel.map((w, i) => (i % 4 === 1 || i % 4 === 3 ? 0 : w));
  const graph: Graph = { ...base, nodes: base.nodes.map((n) => (n.name === 'dense_1' ? { ...d1, kernel: deadKernel, bias: [0.3, 0.7, -0.2, -0.4] } : n)) };
  const x = randomBatch(20, 5);

  it('removing units whose weights are zero keeps the function exactly (their constant goes to the next bias)', () => {
    const r = pruneUnits(graph, { criterion: 'l1', ratio: 0.5, layers: ['dense_1'] });
    expect(r.layers[0]?.kept).toEqual([0, 2]);
    expect(dense(r.graph, 'dense_1').units).toBe(2);
    expect(dense(r.graph, 'dense_1').kernel.length).toBe(10);
    expect(dense(r.graph, 'dense_2').kernel.length).toBe(6);
    expect(r.graph.nodes.find((n) => n.name === 'dense_1_relu')?.shape).toEqual([2]);
    const a = evaluateGraph(graph, x).get('softmax') ?? [];
    const b = evaluateGraph(r.graph, x).get('softmax') ?? [];
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-12);
  });

  it('bn-slim removes units whose γ is zero exactly, BatchNorm sliced', () => {
    const g0 = mlpGraph({ sizes: [5, 4, 3], seed: 7, head: 'softmax', foldableBatchnorm: true });
    const g: Graph = {
      ...g0,
      nodes: g0.nodes.map((n) => (n.op === 'batchnorm' && n.name === 'bn_1' ? { ...n, gamma: n.gamma.map((v, c) => (c === 0 || c === 2 ? 0 : v)) } : n)),
    };
    const r = pruneUnits(g, { criterion: 'bn-slim', ratio: 0.5, layers: ['dense_1'] });
    expect(r.layers[0]?.kept).toEqual([1, 3]);
    const bn = r.graph.nodes.find((n) => n.name === 'bn_1');
    expect(bn?.op === 'batchnorm' && bn.gamma.length === 2 && bn.mean.length === 2).toBe(true);
    expect(maxAbsDiff(evaluateGraph(g, x).get('softmax') ?? [], evaluateGraph(r.graph, x).get('softmax') ?? [])).toBeLessThan(1e-12);
  });

  it('L1 and FPGM scores have known values', () => {
    const node: DenseNode = { op: 'dense', name: 'd', inputs: ['i'], shape: [3], units: 3, kernel: [1, 0, 3, -1, 0.5, 3], bias: null };
    expect(Array.from(l1Scores(node))).toEqual([2, 0.5, 6]);
    // unit vectors (1,−1), (0,0.5), (3,3): pairwise distances √2.25·… summed per unit
    const d01 = Math.hypot(1, 1.5);
    const d02 = Math.hypot(2, 4);
    const d12 = Math.hypot(3, 2.5);
    const f = fpgmScores(node);
    expect(f[0]).toBeCloseTo(d01 + d02, 12);
    expect(f[1]).toBeCloseTo(d01 + d12, 12);
    expect(f[2]).toBeCloseTo(d02 + d12, 12);
  });

  it('calibration data replaces a removed unit by its mean output', () => {
    const g = mlpGraph({ sizes: [5, 4, 3], seed: 8, head: 'softmax' });
    const r = pruneUnits(g, { criterion: 'fpgm', ratio: 0.25, layers: ['dense_1'], calibration: x });
    const acts = evaluateGraph(g, x).get('dense_1_relu') ?? new Float64Array(0);
    const removed = [0, 1, 2, 3].find((c) => !(r.layers[0]?.kept ?? []).includes(c)) ?? -1;
    let mean = 0;
    for (let s = 0; s < x.n; s++) mean += (acts[s * 4 + removed] ?? 0) / x.n;
    const b0 = dense(g, 'dense_2').bias?.[0] ?? 0;
    const w0 = dense(g, 'dense_2').kernel[removed * 3] ?? 0;
    expect(dense(r.graph, 'dense_2').bias?.[0]).toBeCloseTo(b0 + mean * w0, 12);
  });

  it('bad requests are FF019: zero units left, ratio out of range, no BatchNorm, units reaching the output', () => {
    expectCode(() => pruneUnits(graph, { criterion: 'l1', ratio: 0.9, layers: ['dense_1'] }), 'FF019', { layer: 'dense_1', field: 'ratio' });
    expectCode(() => pruneUnits(graph, { criterion: 'l1', ratio: 1, layers: ['dense_1'] }), 'FF019', { layer: 'dense_1', field: 'ratio' });
    expectCode(() => pruneUnits(graph, { criterion: 'l1', ratio: -0.5, layers: ['dense_1'] }), 'FF019', { field: 'ratio' });
    expectCode(() => pruneUnits(graph, { criterion: 'bn-slim', ratio: 0.5, layers: ['dense_1'] }), 'FF019', { layer: 'dense_1', field: 'criterion' });
    expectCode(() => pruneUnits(graph, { criterion: 'l1', ratio: 0.5, layers: ['dense_2'] }), 'FF019', { layer: 'dense_2', field: 'layers' });
  });
});
