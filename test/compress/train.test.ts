import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../src/compress/graph-eval.js';
import { measureGraph } from '../../src/compress/model-size.js';
import { lowBitLayers } from '../../src/compress/quantize/low-bit-weights.js';
import { trainLowBit } from '../../src/compress/quantize/low-bit-training.js';
import { fitGraphNet, predictLogits } from '../../src/compress/train/fit.js';
import { GraphNet } from '../../src/compress/train/graph-net.js';
import { initMlp } from '../../src/compress/train/init-mlp.js';
import { mlpGraph } from '../helpers/models.js';
import { maxAbsDiff } from './helpers.js';

describe('GraphNet', () => {
  it('its forward equals the float64 graph evaluator (float32 tolerance), BN included', () => {
    const g = mlpGraph({ sizes: [5, 7, 3], seed: 4, head: 'softmax', foldableBatchnorm: true });
    const n = 9;
    const x = Float32Array.from({ length: n * 5 }, (_, k) => Math.cos(k));
    const net = new GraphNet(g);
    const ours = predictLogits(net, { n, inSize: 5, x, labels: new Int32Array(n) }, {}, 'softmax');
    net.dispose();
    const ref = evaluateGraph(g, { n, data: x }).get('softmax') ?? [];
    expect(maxAbsDiff(ours, ref)).toBeLessThan(1e-5);
  });

  it('training lowers the loss, is deterministic, and moves BN running statistics', () => {
    const g = initMlp('m', [4, 6, 2], 3, true);
    const n = 64;
    const x = Float32Array.from({ length: n * 4 }, (_, k) => Math.sin(k * 0.7) + 0.5);
    const labels = Int32Array.from({ length: n }, (_, s) => ((x[s * 4] ?? 0) > 0.5 ? 1 : 0));
    const run = (): { first: number; last: number; graph: ReturnType<GraphNet['toGraph']> } => {
      const net = new GraphNet(g);
      const losses: number[] = [];
      fitGraphNet(net, { n, inSize: 4, x, labels }, { epochs: 20, batchSize: 16, learningRate: 0.02, seed: 5, onProgress: (p) => losses.push(p.loss), progressEvery: 1000 });
      const graph = net.toGraph();
      net.dispose();
      return { first: losses[0] ?? NaN, last: losses[losses.length - 1] ?? NaN, graph };
    };
    const a = run();
    const b = run();
    expect(a.last).toBeLessThan(a.first * 0.7);
    expect(JSON.stringify(a.graph)).toBe(JSON.stringify(b.graph));
    const bn = a.graph.nodes.find((m) => m.op === 'batchnorm');
    expect(bn?.op === 'batchnorm' && bn.mean.some((v) => v !== 0)).toBe(true);
    expect(tf.memory().numTensors).toBeLessThan(50);
  });

  it('per-sample tensors with more than one axis: softmax and BatchNorm act on the last axis', () => {
    const g = mlpGraph({ sizes: [4, 6], seed: 2 });
    const dense = g.nodes.find((m) => m.op === 'dense');
    if (dense === undefined) throw new Error('no dense');
    const extra = [
      { op: 'reshape' as const, name: 'grid', inputs: [g.outputs[0] ?? ''], shape: [2, 3] },
      { op: 'batchnorm' as const, name: 'bn', inputs: ['grid'], shape: [2, 3], gamma: [1, 2, 0.5], beta: [0, 0.1, -0.2], mean: [0.3, 0, 0.1], variance: [1, 2, 0.5], epsilon: 1e-3 },
      { op: 'softmax' as const, name: 'sm', inputs: ['bn'], shape: [2, 3] },
    ];
    const g2 = { ...g, nodes: [...g.nodes, ...extra], outputs: ['sm'] };
    const n = 5;
    const x = Float32Array.from({ length: n * 4 }, (_, k) => Math.sin(k));
    const net = new GraphNet(g2);
    const ours = tf.tidy(() => net.forward(tf.tensor2d(x, [n, 4])).get('sm')?.dataSync() ?? new Float32Array(0));
    net.dispose();
    const ref = evaluateGraph(g2, { n, data: x }).get('sm') ?? [];
    expect(maxAbsDiff(ours, ref)).toBeLessThan(1e-5);
    // each row of 3 sums to 1 (softmax over the last axis, not over all 6)
    for (let r = 0; r < ref.length; r += 3) expect((ref[r] ?? 0) + (ref[r + 1] ?? 0) + (ref[r + 2] ?? 0)).toBeCloseTo(1, 12);
  });
});

describe('ternary/binary training', () => {
  it('the trained graph has only {−α, 0, α} weights, one α per layer, and its size is 2 bits per non-zero', () => {
    const g = initMlp('t', [4, 8, 2], 1);
    const n = 64;
    const x = Float32Array.from({ length: n * 4 }, (_, k) => Math.sin(k * 1.3));
    const labels = Int32Array.from({ length: n }, (_, s) => ((x[s * 4 + 1] ?? 0) > 0 ? 1 : 0));
    for (const mode of ['ternary', 'binary'] as const) {
      const t = trainLowBit(g, { n, inSize: 4, x, labels }, mode, { epochs: 2, batchSize: 16, learningRate: 0.01 });
      for (const node of t.nodes) {
        if (node.op !== 'dense') continue;
        const mags = new Set(node.kernel.filter((w) => w !== 0).map(Math.abs));
        expect(mags.size).toBe(1);
        expect(Number.isInteger(Math.log2([...mags][0] ?? 0))).toBe(true);
        expect(node.quant?.weight?.width).toBe(2);
        if (mode === 'binary') expect(node.kernel.every((w) => w !== 0)).toBe(true);
      }
      const size = measureGraph(t);
      expect(size.weightBits).toBe(2 * (size.macs) + 32 * 10);
      // re-quantizing is the identity
      expect(JSON.stringify(lowBitLayers(t, mode))).toBe(JSON.stringify(t));
    }
  });
});

describe('fineTune', () => {
  it('keeps pruned weights at zero when asked', async () => {
    const { fineTune } = await import('../../src/compress/train/fine-tune.js');
    const { pruneMagnitude } = await import('../../src/compress/prune/magnitude.js');
    const g = pruneMagnitude(initMlp('f', [4, 6, 2], 2), { sparsity: 0.5 }).graph;
    const n = 32;
    const x = Float32Array.from({ length: n * 4 }, (_, k) => Math.sin(k));
    const labels = Int32Array.from({ length: n }, (_, s) => ((x[s * 4] ?? 0) > 0 ? 1 : 0));
    const t = fineTune(g, { n, inSize: 4, x, labels }, { epochs: 2, batchSize: 8, learningRate: 0.05 }, true);
    const zerosOf = (gr: typeof g): number[] => gr.nodes.flatMap((m) => (m.op === 'dense' ? m.kernel.map((w, i) => (w === 0 ? i : -1)).filter((i) => i >= 0) : []));
    expect(zerosOf(t)).toEqual(zerosOf(g));
    expect(JSON.stringify(t)).not.toBe(JSON.stringify(g));
  });
});
