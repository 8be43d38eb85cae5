/**
 * The compression toolkit's float evaluation, size measurement and tfjs
 * training network on conv graphs: the issue-5 blocks (every conv-family op)
 * against the simulator's float64 reference (sim/float-reference.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../src/compress/graph-eval.js';
import { measureGraph } from '../../src/compress/model-size.js';
import { GraphNet } from '../../src/compress/train/graph-net.js';
import type { Graph } from '../../src/ir/graph/types.js';
import { evaluateGraph as simFloat } from '../../sim/float-reference.js';
import { ALL_BLOCKS } from '../conv/blocks.js';
import { Builder } from '../conv/builder.js';
import { randomInputs } from '../helpers/models.js';
import { maxAbsDiff } from './helpers.js';

function inputWidth(g: Graph): number {
  const inp = g.nodes.find((n) => n.op === 'input');
  return inp === undefined ? 0 : inp.shape.reduce((a, b) => a * b, 1);
}

/** The graph's outputs for rows of inputs, by the compression evaluator, per sample concatenated in output order. */
function compressOut(g: Graph, rows: number[][]): Float64Array {
  const acts = evaluateGraph(g, { n: rows.length, data: rows.flat() });
  const outs = g.outputs.map((o) => acts.get(o) ?? new Float64Array(0));
  const flat: number[] = [];
  rows.forEach((_, s) => {
    for (const y of outs) {
      const size = y.length / rows.length;
      for (let i = 0; i < size; i++) flat.push(y[s * size + i] ?? 0);
    }
  });
  return Float64Array.from(flat);
}

describe.each(ALL_BLOCKS)('conv graph %s', (_name, build) => {
  const g = build() as unknown as Graph;
  const rows = randomInputs(6, inputWidth(g), 11, 2);

  it('graph-eval equals the simulator float reference', () => {
    const want = simFloat(g, rows).flat();
    const got = compressOut(g, rows);
    expect(got.length).toBe(want.length);
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-12);
  });

  it('GraphNet (tfjs, float32) computes the same as graph-eval, and round-trips its weights', () => {
    const net = new GraphNet(g);
    try {
      const want = compressOut(g, rows);
      const got = tf.tidy(() => {
        const outs = net.forward(tf.tensor2d(rows.flat(), [rows.length, inputWidth(g)]));
        return tf.concat(g.outputs.map((o) => outs.get(o) ?? tf.zeros([rows.length, 0])), 1).dataSync();
      });
      expect(maxAbsDiff(got, want)).toBeLessThan(2e-4 * Math.max(1, ...Array.from(want, Math.abs)));
      const back = net.toGraph();
      expect(maxAbsDiff(compressOut(back, rows), want)).toBeLessThan(1e-4);
    } finally {
      net.dispose();
    }
  });
});

describe('conv model size', () => {
  function net(): Graph {
    const b = new Builder(5);
    const x = b.input('in', [6, 6, 3]);
    const c = b.conv('c1', x, { filters: 4, k: [3, 3], strides: [2, 2], padding: 'same' });
    const d = b.depthwise('dw', c, [3, 3], [1, 1], 'valid', 2);
    const s = b.separable('sep', d, 5, [1, 1]);
    const p = b.pool('mp', s, 'max', [1, 1]);
    return b.graph('sized', [b.dense('fc', b.flatten('flat', p), 2)]) as unknown as Graph;
  }

  it('counts parameters, weight bits and MACs per output position', () => {
    const g = net();
    const m = measureGraph(g);
    // c1: 3·3·3·4 kernel + 4 bias, 3×3 outputs; dw: 3·3·4·2 + 8, 1×1 outputs;
    // sep: 1·1·8·1 dw + 8·5 pw + 5 bias, 1×1 outputs; fc: 5·2 + 2
    const params = 108 + 4 + 72 + 8 + 8 + 40 + 5 + 10 + 2;
    expect(m.parameters).toBe(params);
    expect(m.float32Bits).toBe(32 * params);
    expect(m.denseMacs).toBe(108 * 9 + 72 + 8 + 40 + 10);
    const typed = measureGraph(g, { model: { weight: 'ap_fixed<8,2>', bias: 'ap_fixed<12,4>' } });
    expect(typed.weightBits).toBeLessThan(m.weightBits);
    const biases = g.nodes.flatMap((n) => ('bias' in n && n.bias !== null ? n.bias : []));
    expect(biases.length).toBe(19);
    const nonzeroBiases = biases.filter((b) => b !== 0).length;
    expect(typed.weightBits).toBe(8 * (typed.nonzeroParameters - nonzeroBiases) + 12 * 19);
  });

  it('zero kernel entries cost no bits and no MACs', () => {
    const g = net();
    const nodes = g.nodes.map((n) => (n.op === 'conv' ? { ...n, kernel: n.kernel.map((w, i) => (i % 2 === 0 ? 0 : w)) } : n));
    const before = measureGraph(g);
    const after = measureGraph({ ...g, nodes });
    expect(before.parameters - before.nonzeroParameters).toBe(0);
    expect(after.parameters - after.nonzeroParameters).toBe(54);
    expect(before.weightBits - after.weightBits).toBe(54 * 32);
    expect(before.macs - after.macs).toBe(54 * 9);
    expect(after.denseMacs).toBe(before.denseMacs);
  });
});
