import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../src/compress/graph-eval.js';
import { factorizeDense } from '../../src/compress/lowrank/factorize-dense.js';
import { reconstruct, svd } from '../../src/compress/lowrank/svd.js';
import { measureGraph } from '../../src/compress/model-size.js';
import { mlpGraph } from '../helpers/models.js';
import { prng } from '../helpers/prng.js';
import { expectCode, maxAbsDiff, randomBatch } from './helpers.js';

function randomMatrix(rows: number, cols: number, seed: number): Float64Array {
  const r = prng(seed);
  return Float64Array.from({ length: rows * cols }, () => 2 * r() - 1);
}

function outer(u: number[], v: number[]): Float64Array {
  return Float64Array.from({ length: u.length * v.length }, (_, k) => (u[Math.floor(k / v.length)] ?? 0) * (v[k % v.length] ?? 0));
}

describe('svd (one-sided Jacobi)', () => {
  it('a rank-2 matrix at rank 2 reproduces it; the other singular values are 0', () => {
    const a = outer([1, 2, 3, 4, 5], [1, 0, -1, 2]);
    const b = outer([0, 1, 0, -1, 2], [3, 1, 1, 0]);
    const m = a.map((x, k) => 2 * x + (b[k] ?? 0));
    const d = svd(m, 5, 4);
    expect(d.s[2]).toBeLessThan(1e-12);
    expect(d.s[3]).toBeLessThan(1e-12);
    expect(d.s[1]).toBeGreaterThan(1);
    expect(maxAbsDiff(reconstruct(d, 2), m)).toBeLessThan(1e-12);
    expect(maxAbsDiff(reconstruct(d, 1), m)).toBeGreaterThan(0.5);
  });

  it('known singular values of a diagonal matrix, sorted', () => {
    const m = Float64Array.from([1, 0, 0, 0, 5, 0, 0, 0, 3]);
    expect(Array.from(svd(m, 3, 3).s)).toEqual([5, 3, 1]);
  });

  it.each([
    [7, 4],
    [4, 7],
    [6, 6],
  ])('%i×%i random: U, V orthonormal, full rank reconstructs', (rows, cols) => {
    const m = randomMatrix(rows, cols, rows * 10 + cols);
    const d = svd(m, rows, cols);
    expect(maxAbsDiff(reconstruct(d, d.k), m)).toBeLessThan(1e-12);
    for (const [mat, n] of [
      [d.u, rows],
      [d.v, cols],
    ] as const) {
      for (let a = 0; a < d.k; a++) {
        for (let b = 0; b < d.k; b++) {
          let dot = 0;
          for (let r = 0; r < n; r++) dot += (mat[r * d.k + a] ?? 0) * (mat[r * d.k + b] ?? 0);
          expect(Math.abs(dot - (a === b ? 1 : 0))).toBeLessThan(1e-12);
        }
      }
    }
    for (let k = 1; k < d.k; k++) expect(d.s[k]).toBeLessThanOrEqual(d.s[k - 1] ?? Infinity);
  });

  it('a rank-deficient matrix still gets an orthonormal U', () => {
    const m = outer([1, 1, 1, 1], [2, -1, 0]);
    const d = svd(m, 4, 3);
    for (let a = 0; a < 3; a++) {
      let n2 = 0;
      for (let r = 0; r < 4; r++) n2 += (d.u[r * 3 + a] ?? 0) ** 2;
      expect(Math.abs(n2 - 1)).toBeLessThan(1e-12);
    }
    expect(maxAbsDiff(reconstruct(d, 1), m)).toBeLessThan(1e-12);
  });
});

describe('factorizeDense', () => {
  const graph = mlpGraph({ sizes: [12, 10, 4], seed: 3, head: 'softmax' });
  const x = randomBatch(16, 12);

  it('at full rank the two thin layers compute the same function', () => {
    const r = factorizeDense(graph, 'dense_1', { rank: 10 });
    expect(r.rank).toBe(10);
    expect(r.energy).toBeCloseTo(1, 12);
    const names = r.graph.nodes.map((n) => n.name);
    expect(names.slice(0, 4)).toEqual(['input_1', 'dense_1_lowrank', 'dense_1', 'dense_1_relu']);
    const first = r.graph.nodes[1];
    expect(first?.op === 'dense' && first.bias === null && first.units === 10).toBe(true);
    const before = evaluateGraph(graph, x).get('softmax') ?? new Float64Array(0);
    const after = evaluateGraph(r.graph, x).get('softmax') ?? new Float64Array(0);
    expect(maxAbsDiff(before, after)).toBeLessThan(1e-12);
  });

  it('a rank-2 kernel is reproduced exactly at rank 2, with fewer MACs', () => {
    const k = Array.from(outer([1, 2, -1, 0, 3, 1], [1, -1, 2, 0, 1]).map((v, i) => v + 0.5 * (outer([0, 1, 1, 0, -1, 2], [2, 0, 1, 1, -1])[i] ?? 0)));
    const g = { ...graph, nodes: [
      { op: 'input' as const, name: 'in', inputs: [], shape: [6] },
      { op: 'dense' as const, name: 'fc', inputs: ['in'], shape: [5], units: 5, kernel: k, bias: [1, 2, 3, 4, 5] },
    ], outputs: ['fc'] };
    const r = factorizeDense(g, 'fc', { energy: 0.999999 });
    expect(r.rank).toBe(2);
    expect(r.macsBefore).toBe(30);
    expect(r.macsAfter).toBe(22);
    expect(measureGraph(r.graph).denseMacs).toBe(22);
    const xb = randomBatch(5, 6, 11);
    expect(maxAbsDiff(evaluateGraph(g, xb).get('fc') ?? [], evaluateGraph(r.graph, xb).get('fc') ?? [])).toBeLessThan(1e-12);
  });

  it('rank from a MAC budget is the largest that fits', () => {
    const r = factorizeDense(graph, 'dense_1', { macBudget: 100 });
    expect(r.rank).toBe(4); // 4 · (12 + 10) = 88 ≤ 100 < 110
  });

  it('ranks, energies and budgets out of range are FF019 naming layer and field', () => {
    expectCode(() => factorizeDense(graph, 'dense_1', { rank: 0 }), 'FF019', { layer: 'dense_1', field: 'rank' });
    expectCode(() => factorizeDense(graph, 'dense_1', { rank: 11 }), 'FF019', { layer: 'dense_1', field: 'rank' });
    expectCode(() => factorizeDense(graph, 'dense_1', { rank: 2.5 }), 'FF019', { field: 'rank' });
    expectCode(() => factorizeDense(graph, 'dense_1', { energy: 0 }), 'FF019', { field: 'energy' });
    expectCode(() => factorizeDense(graph, 'dense_1', { energy: 1.5 }), 'FF019', { field: 'energy' });
    expectCode(() => factorizeDense(graph, 'dense_1', { macBudget: 21 }), 'FF019', { field: 'macBudget' });
    expectCode(() => factorizeDense(graph, 'nope', { rank: 1 }), 'FF019', { layer: 'nope' });
    expectCode(() => factorizeDense(graph, 'dense_1_relu', { rank: 1 }), 'FF019', { layer: 'dense_1_relu' });
  });
});
