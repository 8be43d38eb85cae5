/**
 * Pruning conv graphs: magnitude pruning of conv kernels (per layer and
 * global), structured filter pruning by L1, FPGM and BatchNorm γ with known
 * answers, the paths it follows (BN, pooling, depthwise, fan-out, flatten,
 * global pooling) and the ones it refuses (residual Add, grouped convs).
 */
import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../src/compress/graph-eval.js';
import { pruneMagnitude } from '../../src/compress/prune/magnitude.js';
import { pruneFilters } from '../../src/compress/prune/remove-filters.js';
import { fineTune } from '../../src/compress/train/fine-tune.js';
import { verifyGraph } from '../../src/ir/graph/verify.js';
import type { Graph, GraphNode } from '../../src/ir/graph/types.js';
import { compileGraph } from '../../src/pipeline.js';
import { simulateRaw, quantizeInputs } from '../../sim/simulate.js';
import { fireModule, invertedResidual, shuffleUnit } from '../conv/blocks.js';
import { Builder } from '../conv/builder.js';
import { randomInputs } from '../helpers/models.js';
import { expectCode, maxAbsDiff } from './helpers.js';

const asGraph = (g: unknown): Graph => g as Graph;

function out(g: Graph, rows: number[][]): Float64Array {
  return evaluateGraph(g, { n: rows.length, data: rows.flat() }).get(g.outputs[0] ?? '') ?? new Float64Array(0);
}

function node<T extends GraphNode['op']>(g: Graph, name: string, op: T): Extract<GraphNode, { op: T }> {
  const n = g.nodes.find((m) => m.name === name);
  if (n === undefined || n.op !== op) throw new Error(`no ${op} '${name}'`);
  return n as Extract<GraphNode, { op: T }>;
}

function setNode(g: Graph, n: GraphNode): Graph {
  return { ...g, nodes: g.nodes.map((m) => (m.name === n.name ? n : m)) };
}

/** Filters `zero` of conv `name` get all-zero weights (the bias stays). */
function zeroFilters(g: Graph, name: string, zero: readonly number[]): Graph {
  const c = node(g, name, 'conv');
  return setNode(g, { ...c, kernel: c.kernel.map((w, i) => (zero.includes(i % c.filters) ? 0 : w)) });
}

/** c1 (3×3 same) → BN → ReLU → max pool → depthwise 3×3 valid (M = 2) → BN → c2 (2×2 valid) → global avg → dense. */
function chain(seed = 3): Graph {
  const b = new Builder(seed);
  const x = b.input('in', [8, 8, 2]);
  let h = b.relu('r1', b.batchnorm('bn1', b.conv('c1', x, { filters: 6, k: [3, 3] })));
  h = b.pool('mp', h, 'max', [2, 2]);
  h = b.batchnorm('bn2', b.depthwise('dw', h, [3, 3], [1, 1], 'valid', 2));
  h = b.conv('c2', h, { filters: 5, k: [2, 2], padding: 'valid' });
  return asGraph(b.graph('chain', [b.dense('fc', b.globalPool('gap', h), 3)]));
}

const rows = randomInputs(4, 8 * 8 * 2, 5, 2);

describe('magnitude pruning of conv kernels', () => {
  it('per layer: each conv, depthwise and dense kernel loses exactly its share', () => {
    const g = chain();
    const r = pruneMagnitude(g, { sparsity: 0.5 });
    expect(r.layers.map((l) => l.layer)).toEqual(['c1', 'dw', 'c2', 'fc']);
    for (const l of r.layers) expect(l.zeros).toBe(Math.round(0.5 * l.weights));
    const c1 = node(r.graph, 'c1', 'conv');
    const kept = c1.kernel.filter((w) => w !== 0).map(Math.abs);
    const dropped = node(g, 'c1', 'conv').kernel.filter((_, i) => c1.kernel[i] === 0).map(Math.abs);
    expect(Math.min(...kept)).toBeGreaterThanOrEqual(Math.max(...dropped));
  });

  it('global: one threshold over the chosen conv layers', () => {
    const g = chain();
    const r = pruneMagnitude(g, { sparsity: 0.7, scope: 'global', layers: ['c1', 'c2'] });
    const total = r.layers.reduce((a, l) => a + l.weights, 0);
    expect(r.layers.reduce((a, l) => a + l.zeros, 0)).toBe(Math.round(0.7 * total));
    const w = [...node(r.graph, 'c1', 'conv').kernel, ...node(r.graph, 'c2', 'conv').kernel];
    const orig = [...node(g, 'c1', 'conv').kernel, ...node(g, 'c2', 'conv').kernel];
    const minKept = Math.min(...w.filter((v) => v !== 0).map(Math.abs));
    expect(Math.max(...orig.filter((_, i) => w[i] === 0).map(Math.abs))).toBeLessThanOrEqual(minKept);
    expect(node(r.graph, 'dw', 'depthwise_conv').kernel).toEqual(node(g, 'dw', 'depthwise_conv').kernel);
  });

  it('a pooling layer is not a prunable layer (FF019)', () => {
    expectCode(() => pruneMagnitude(chain(), { sparsity: 0.5, layers: ['mp'] }), 'FF019', { layer: 'mp' });
  });

  it('fine-tuning a pruned conv graph keeps its zeros and changes the other weights', () => {
    const g = pruneMagnitude(chain(), { sparsity: 0.6 }).graph;
    const x = Float32Array.from(rows.flat());
    const t = fineTune(g, { n: 4, inSize: 128, x, labels: Int32Array.from([0, 1, 2, 1]) }, { epochs: 2, batchSize: 2, learningRate: 0.01 }, true);
    for (const name of ['c1', 'c2']) {
      const before = node(g, name, 'conv').kernel;
      const after = node(t, name, 'conv').kernel;
      after.forEach((w, i) => {
        if (before[i] === 0) expect(w === 0).toBe(true);
      });
      expect(maxAbsDiff(after, before)).toBeGreaterThan(1e-4);
    }
  });
});

describe('filter pruning', () => {
  it('l1: all-zero filters are the ones removed, and the output is unchanged (their bias is folded forward)', () => {
    const g = zeroFilters(chain(), 'c1', [1, 4]);
    const r = pruneFilters(g, { criterion: 'l1', ratio: { c1: 2 / 6 } });
    expect(r.layers[0]?.kept).toEqual([0, 2, 3, 5]);
    const p = r.graph;
    verifyGraph(p);
    expect(node(p, 'c1', 'conv').filters).toBe(4);
    expect(node(p, 'bn1', 'batchnorm').gamma).toHaveLength(4);
    expect(node(p, 'mp', 'pool').shape).toEqual([4, 4, 4]);
    expect(node(p, 'dw', 'depthwise_conv').shape).toEqual([2, 2, 8]);
    expect(node(p, 'bn2', 'batchnorm').gamma).toHaveLength(8);
    expect(node(p, 'c2', 'conv').kernel).toHaveLength(2 * 2 * 8 * 5);
    expect(maxAbsDiff(out(p, rows), out(g, rows))).toBeLessThan(1e-9);
  });

  it('l1 removes the smallest filters; the result lowers and simulates', () => {
    const g = chain();
    const c1 = node(g, 'c1', 'conv');
    const l1 = Array.from({ length: 6 }, (_, o) => c1.kernel.filter((_, i) => i % 6 === o).reduce((a, w) => a + Math.abs(w), 0));
    const want = [0, 1, 2, 3, 4, 5].sort((a, b) => (l1[b] ?? 0) - (l1[a] ?? 0)).slice(0, 3).sort((a, b) => a - b);
    const r = pruneFilters(g, { criterion: 'l1', ratio: 0.5, layers: ['c1', 'c2'] });
    expect(r.layers[0]?.kept).toEqual(want);
    expect(r.layers[1]?.unitsAfter).toBe(2); // 5 − round(2.5)
    expect(node(r.graph, 'fc', 'dense').kernel).toHaveLength(2 * 3);
    const df = compileGraph(r.graph, { config: { model: { default: 'ap_fixed<18,8,RND>' } } });
    const raw = quantizeInputs(df, rows);
    expect(simulateRaw(df, raw)).toHaveLength(4);
  });

  it('fpgm removes the filter nearest the geometric median (the mean of two others)', () => {
    let g = chain();
    const c1 = node(g, 'c1', 'conv');
    // filter 2 = (filter 0 + filter 5) / 2; filters 0 and 5 made far from the rest
    const k = c1.kernel.map((w, i) => (i % 6 === 0 ? w + 3 : i % 6 === 5 ? w - 3 : w));
    const kernel = k.map((w, i) => (i % 6 === 2 ? ((k[i - 2] ?? 0) + (k[i + 3] ?? 0)) / 2 : w));
    g = setNode(g, { ...c1, kernel });
    const r = pruneFilters(g, { criterion: 'fpgm', ratio: { c1: 1 / 6 } });
    expect(r.layers[0]?.kept).toEqual([0, 1, 3, 4, 5]);
  });

  it('bn-slim removes the channels of smallest |γ|; with γ = 0 the output is unchanged', () => {
    const g0 = chain();
    const bn = node(g0, 'bn1', 'batchnorm');
    const g = setNode(g0, { ...bn, gamma: bn.gamma.map((v, c) => (c === 3 ? 0 : c === 0 ? -1e-9 : v)) });
    const r = pruneFilters(g, { criterion: 'bn-slim', ratio: { c1: 2 / 6 } });
    expect(r.layers[0]?.kept).toEqual([1, 2, 4, 5]);
    // γ = −1e-9 is not exactly zero: the folded constant misses at most ~1e-9 · |x| terms
    expect(maxAbsDiff(out(r.graph, rows), out(g, rows))).toBeLessThan(1e-6);
  });

  it('fan-out: a squeeze conv read by two expand convs loses the same input channels in both', () => {
    const g = asGraph(fireModule());
    const r = pruneFilters(g, { criterion: 'l1', ratio: { squeeze1x1: 0.5 } });
    verifyGraph(r.graph);
    expect(node(r.graph, 'expand1x1', 'conv').kernel).toHaveLength(1 * 1 * 2 * 6);
    expect(node(r.graph, 'expand3x3', 'conv').kernel).toHaveLength(3 * 3 * 2 * 6);
    compileGraph(r.graph);
  });

  it('flatten then Dense: the rows of every position of the removed channels go', () => {
    const b = new Builder(9);
    const x = b.input('in', [4, 4, 1]);
    const h = b.relu('r', b.conv('c', x, { filters: 3, k: [3, 3], padding: 'valid' }));
    const g0 = asGraph(b.graph('flat', [b.dense('fc', b.flatten('flat', h), 2)]));
    const g = zeroFilters(g0, 'c', [1]);
    const r = pruneFilters(g, { criterion: 'l1', ratio: 1 / 3 });
    verifyGraph(r.graph);
    expect(node(r.graph, 'flat', 'reshape').shape).toEqual([8]);
    expect(node(r.graph, 'fc', 'dense').kernel).toHaveLength(16);
    const rr = randomInputs(3, 16, 2, 2);
    expect(maxAbsDiff(out(r.graph, rr), out(g, rr))).toBeLessThan(1e-12);
  });

  it('through a Concatenate: the operand keeps its offset, the other operand all its channels', () => {
    const b = new Builder(17);
    const x = b.input('in', [7, 7, 3]);
    const s = b.relu('s_relu', b.conv('squeeze', x, { filters: 4, k: [1, 1] }));
    const e1 = b.relu('e1_relu', b.conv('e1', s, { filters: 3, k: [1, 1] }));
    const e3 = b.relu('e3_relu', b.conv('e3', s, { filters: 6, k: [3, 3] }));
    const cat = b.pool('mp', b.concat('cat', [e1, e3]), 'max', [3, 3], [2, 2]);
    const g = zeroFilters(asGraph(b.graph('fire_head', [b.dense('fc', b.globalPool('gap', cat), 4)])), 'e3', [0, 4]);
    const r = pruneFilters(g, { criterion: 'l1', ratio: { e3: 2 / 6 } });
    expect(r.layers[0]?.kept).toEqual([1, 2, 3, 5]);
    verifyGraph(r.graph);
    expect(node(r.graph, 'cat', 'concat').shape).toEqual([7, 7, 7]);
    expect(node(r.graph, 'fc', 'dense').kernel).toHaveLength(7 * 4);
    const rr = randomInputs(3, 7 * 7 * 3, 4, 2);
    expect(maxAbsDiff(out(r.graph, rr), out(g, rr))).toBeLessThan(1e-9);
    compileGraph(r.graph);
  });

  it('through a depthwise conv inside an inverted residual; the projection into the Add is refused', () => {
    const g = asGraph(invertedResidual());
    const r = pruneFilters(g, { criterion: 'l1', ratio: { expand: 0.25 } });
    verifyGraph(r.graph);
    expect(node(r.graph, 'depthwise', 'depthwise_conv').shape).toEqual([6, 6, 12]);
    compileGraph(r.graph);
    const err = expectCode(() => pruneFilters(g, { criterion: 'l1', ratio: { project: 0.25 } }), 'FF019', { layer: 'project', field: 'layers' });
    expect(err.message).toContain('residual Add');
  });

  it('bad requests: zero filters left, a grouped conv, a non-conv layer, nothing prunable', () => {
    expectCode(() => pruneFilters(chain(), { criterion: 'l1', ratio: { c1: 0.95 } }), 'FF019', { layer: 'c1', field: 'ratio' });
    expectCode(() => pruneFilters(chain(), { criterion: 'l1', ratio: { c1: 1 } }), 'FF019', { layer: 'c1', field: 'ratio' });
    expectCode(() => pruneFilters(asGraph(shuffleUnit()), { criterion: 'l1', ratio: { gconv1: 0.5 } }), 'FF019', { layer: 'gconv1', field: 'groups' });
    expectCode(() => pruneFilters(chain(), { criterion: 'l1', ratio: { dw: 0.5 } }), 'FF019', { layer: 'dw' });
    expectCode(() => pruneFilters(asGraph(shuffleUnit()), { criterion: 'l1', ratio: 0.5 }), 'FF019', { field: 'layers' });
    expectCode(() => pruneFilters(chain(), { criterion: 'bn-slim', ratio: { c2: 0.2 } }), 'FF019', { layer: 'c2', field: 'criterion' });
  });
});
