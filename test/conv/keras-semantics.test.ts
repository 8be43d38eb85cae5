/**
 * The float semantics of the conv ops against an independent oracle,
 * TensorFlow.js (Keras's ops): Conv1D/2D with 'same' and 'valid' padding and
 * strides (including the asymmetric 'same' padding of even inputs with
 * stride 2), grouped conv (as per-group convs), depthwise with depth
 * multiplier, separable, max and average pooling with 'same' padding (the
 * average over the window's input elements only), zero padding, and the
 * channel shuffle as reshape-transpose-reshape.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { samePadding } from '../../src/ir/graph/conv-geometry.js';
import type { ConvGraphNode } from '../../src/ir/graph/conv-types.js';
import { convFloatKernel } from '../../sim/conv/float-reference.js';
import { prng } from '../helpers/prng.js';
import { Builder } from './builder.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function randomTensor(n: number, seed: number): Float64Array {
  const r = prng(seed);
  return Float64Array.from({ length: n }, () => 2 * r() - 1);
}

function node(b: Builder, name: string): ConvGraphNode {
  const n = b.nodes.find((m) => m.name === name);
  if (!n || n.op === 'input' || n.op === 'dense' || n.op === 'batchnorm' || n.op === 'activation' || n.op === 'clip' || n.op === 'leaky_relu' || n.op === 'softmax' || n.op === 'reshape') {
    throw new Error(`no conv node ${name}`);
  }
  return n;
}

function ours(b: Builder, name: string, x: Float64Array): number[] {
  const n = node(b, name);
  return Array.from(convFloatKernel(n, n.inputs.map((i) => b.shape(i)))([x]));
}

function close(got: readonly number[], want: readonly number[]): void {
  expect(got.length).toBe(want.length);
  const scale = Math.max(1, ...want.map(Math.abs));
  let worst = 0;
  got.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (want[i] ?? NaN)))));
  expect(worst).toBeLessThan(1e-5 * scale);
}

describe('float semantics == TensorFlow.js', () => {
  it("Keras 'same' padding rule", () => {
    expect(samePadding(8, 3, 2)).toEqual({ before: 0, after: 1 });
    expect(samePadding(7, 3, 2)).toEqual({ before: 1, after: 1 });
    expect(samePadding(5, 4, 1)).toEqual({ before: 1, after: 2 });
    expect(samePadding(4, 1, 3)).toEqual({ before: 0, after: 0 });
  });

  for (const [h, w, k, s, pad] of [
    [8, 8, 3, 2, 'same'],
    [7, 6, 3, 2, 'same'],
    [6, 5, 4, 1, 'same'],
    [7, 7, 3, 2, 'valid'],
    [5, 6, 2, 3, 'valid'],
  ] as const) {
    it(`Conv2D ${h}×${w} kernel ${k} stride ${s} ${pad}`, () => {
      const b = new Builder(h * 10 + k);
      const x = b.input('x', [h, w, 3]);
      b.conv('c', x, { filters: 5, k: [k, k], strides: [s, s], padding: pad });
      const n = node(b, 'c');
      if (n.op !== 'conv') throw new Error('conv');
      const xs = randomTensor(h * w * 3, 3);
      const y = tf.add(tf.conv2d(tf.tensor4d(Array.from(xs), [1, h, w, 3]), tf.tensor4d(n.kernel as number[], [k, k, 3, 5]), [s, s], pad), tf.tensor1d(n.bias as number[]));
      close(ours(b, 'c', xs), Array.from(y.dataSync()));
    });
  }

  it('Conv2D with explicit asymmetric padding', () => {
    const b = new Builder(5);
    const x = b.input('x', [5, 4, 2]);
    b.conv('c', x, { filters: 3, k: [3, 2], strides: [2, 1], padding: { before: [2, 0], after: [1, 1] } });
    const n = node(b, 'c');
    if (n.op !== 'conv') throw new Error('conv');
    const xs = randomTensor(40, 4);
    const y = tf.add(
      tf.conv2d(tf.tensor4d(Array.from(xs), [1, 5, 4, 2]), tf.tensor4d(n.kernel as number[], [3, 2, 2, 3]), [2, 1], [[0, 0], [2, 1], [0, 1], [0, 0]]),
      tf.tensor1d(n.bias as number[]),
    );
    close(ours(b, 'c', xs), Array.from(y.dataSync()));
  });

  it('grouped Conv2D == per-group convolutions concatenated', () => {
    const b = new Builder(6);
    const x = b.input('x', [6, 6, 6]);
    b.conv('c', x, { filters: 9, k: [3, 3], groups: 3, padding: 'same' });
    const n = node(b, 'c');
    if (n.op !== 'conv') throw new Error('conv');
    const xs = randomTensor(216, 5);
    const kernel = tf.tensor4d(n.kernel as number[], [3, 3, 2, 9]);
    const xt = tf.tensor4d(Array.from(xs), [1, 6, 6, 6]);
    const parts = [0, 1, 2].map((g) => tf.conv2d(tf.slice(xt, [0, 0, 0, 2 * g], [1, 6, 6, 2]), tf.slice(kernel, [0, 0, 0, 3 * g], [3, 3, 2, 3]), 1, 'same'));
    const y = tf.add(tf.concat(parts, 3), tf.tensor1d(n.bias as number[]));
    close(ours(b, 'c', xs), Array.from(y.dataSync()));
  });

  it('DepthwiseConv2D with depth multiplier, strided same', () => {
    const b = new Builder(7);
    const x = b.input('x', [8, 7, 3]);
    b.depthwise('d', x, [3, 3], [2, 2], 'same', 2);
    const n = node(b, 'd');
    if (n.op !== 'depthwise_conv') throw new Error('dw');
    const xs = randomTensor(168, 6);
    const y = tf.add(tf.depthwiseConv2d(tf.tensor4d(Array.from(xs), [1, 8, 7, 3]), tf.tensor4d(n.kernel as number[], [3, 3, 3, 2]), [2, 2], 'same'), tf.tensor1d(n.bias as number[]));
    close(ours(b, 'd', xs), Array.from(y.dataSync()));
  });

  it('SeparableConv2D', () => {
    const b = new Builder(8);
    const x = b.input('x', [6, 6, 4]);
    b.separable('s', x, 5, [3, 3], [1, 1], 'same', 2);
    const n = node(b, 's');
    if (n.op !== 'separable_conv') throw new Error('sep');
    const xs = randomTensor(144, 7);
    const y = tf.add(
      tf.separableConv2d(tf.tensor4d(Array.from(xs), [1, 6, 6, 4]), tf.tensor4d(n.depthwiseKernel as number[], [3, 3, 4, 2]), tf.tensor4d(n.pointwiseKernel as number[], [1, 1, 8, 5]), 1, 'same'),
      tf.tensor1d(n.bias as number[]),
    );
    close(ours(b, 's', xs), Array.from(y.dataSync()));
  });

  it('Conv1D strided same', () => {
    const b = new Builder(9);
    const x = b.input('x', [11, 3]);
    b.conv('c', x, { filters: 4, k: [4], strides: [2], padding: 'same' });
    const n = node(b, 'c');
    if (n.op !== 'conv') throw new Error('conv');
    const xs = randomTensor(33, 8);
    const y = tf.add(tf.conv1d(tf.tensor3d(Array.from(xs), [1, 11, 3]), tf.tensor3d(n.kernel as number[], [4, 3, 4]), 2, 'same'), tf.tensor1d(n.bias as number[]));
    close(ours(b, 'c', xs), Array.from(y.dataSync()));
  });

  for (const kind of ['max', 'avg'] as const) {
    for (const [h, w, k, s, pad] of [
      [7, 7, 3, 2, 'same'],
      [8, 6, 3, 2, 'same'],
      [5, 5, 2, 1, 'same'],
      [7, 5, 3, 2, 'valid'],
    ] as const) {
      it(`${kind} pooling ${h}×${w} window ${k} stride ${s} ${pad}`, () => {
        const b = new Builder(1);
        const x = b.input('x', [h, w, 3]);
        b.pool('p', x, kind, [k, k], [s, s], pad);
        const xs = randomTensor(h * w * 3, 9);
        const xt = tf.tensor4d(Array.from(xs), [1, h, w, 3]);
        const y = kind === 'max' ? tf.maxPool(xt, k, s, pad) : tf.avgPool(xt, k, s, pad);
        close(ours(b, 'p', xs), Array.from(y.dataSync()));
      });
    }
  }

  it('global average and max pooling', () => {
    const b = new Builder(2);
    const x = b.input('x', [5, 4, 3]);
    b.globalPool('ga', x, 'avg');
    b.globalPool('gm', x, 'max', true);
    const xs = randomTensor(60, 10);
    const xt = tf.tensor3d(Array.from(xs), [5, 4, 3]);
    close(ours(b, 'ga', xs), Array.from(tf.mean(xt, [0, 1]).dataSync()));
    close(ours(b, 'gm', xs), Array.from(tf.max(xt, [0, 1]).dataSync()));
  });

  it('zero padding and channel shuffle', () => {
    const b = new Builder(3);
    const x = b.input('x', [3, 4, 6]);
    b.zeroPad('z', x, { before: [2, 0], after: [1, 3] });
    b.shuffle('s', x, 3);
    const xs = randomTensor(72, 11);
    const xt = tf.tensor4d(Array.from(xs), [1, 3, 4, 6]);
    close(ours(b, 'z', xs), Array.from(tf.pad(xt, [[0, 0], [2, 1], [0, 3], [0, 0]]).dataSync()));
    const shuffled = tf.reshape(tf.transpose(tf.reshape(xt, [1, 3, 4, 3, 2]), [0, 1, 2, 4, 3]), [1, 3, 4, 6]);
    close(ours(b, 's', xs), Array.from(shuffled.dataSync()));
  });
});
