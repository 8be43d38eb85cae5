/**
 * Where fixed point can be exact it must be: with weights, biases and inputs
 * on a coarse binary grid and types wide enough for every exact value, the
 * simulator's outputs equal the float model's bit for bit, through conv,
 * grouped and depthwise conv, SeparableConv, max pooling, 2×2 and 4-element
 * averages (power-of-two counts), zero padding, upsampling, channel
 * shuffle, Add and Concatenate. Any index or padding slip would show.
 */
import { describe, expect, it } from 'vitest';
import { prng } from '../helpers/prng.js';
import { Builder } from './builder.js';
import { evaluateMixed, lowerMixed, quantizeMixed, realOutputs, simulateFast, simulateReference, type MixedGraph } from './harness.js';

const WIDE = { model: { weight: 'ap_fixed<16,8>', bias: 'ap_fixed<16,8>', result: 'ap_fixed<40,16>' }, layerType: { Input: { result: 'ap_fixed<16,8>' } } };

function gridInputs(n: number, width: number, seed: number): number[][] {
  const r = prng(seed);
  return Array.from({ length: n }, () => Array.from({ length: width }, () => Math.round((r() * 2 - 1) * 8) / 4));
}

function exact(g: MixedGraph): void {
  const width = g.nodes.filter((n) => n.op === 'input').reduce((a, n) => a + n.shape.reduce((p, q) => p * q, 1), 0);
  const inputs = gridInputs(10, width, 5);
  const df = lowerMixed(g, WIDE);
  const rows = quantizeMixed(df, inputs);
  const ref = simulateReference(df, rows);
  expect(simulateFast(df, rows).rows).toEqual(ref);
  const fixed = realOutputs(df, ref);
  const float = evaluateMixed(g, inputs);
  expect(fixed).toEqual(float);
  expect(float.flat().filter((v) => v !== 0).length).toBeGreaterThan(float.flat().length / 4);
}

describe('exact on a coarse grid: simulator == float model, bit for bit', () => {
  it('conv ‖ grouped conv → concat → max pool → upsample → 2×2 average', () => {
    const b = new Builder(1, 0.25);
    const x = b.input('x', [6, 5, 4]);
    const c1 = b.conv('c1', x, { filters: 3, k: [3, 3], strides: [2, 1], padding: 'same' });
    const c2 = b.conv('c2', x, { filters: 4, k: [2, 3], strides: [2, 1], padding: { before: [0, 1], after: [1, 1] }, groups: 2 });
    const cat = b.concat('cat', [c1, c2]);
    const mp = b.pool('mp', cat, 'max', [2, 2], [1, 1], 'same');
    const up = b.upsample('up', mp, [1, 2]);
    exact(b.graph('grid1', [b.pool('avg', up, 'avg', [2, 2], [2, 2], 'valid')]));
  });

  it('depthwise (multiplier 2) → shuffle → separable → Add → zero pad → global max', () => {
    const b = new Builder(2, 0.25);
    const x = b.input('x', [5, 5, 2]);
    const d = b.depthwise('dw', x, [3, 3], [1, 1], 'same', 2);
    const s = b.shuffle('shuffle', d, 2);
    const sep = b.separable('sep', s, 4, [3, 3], [1, 1], 'same');
    const add = b.sum('add', [sep, d]);
    const z = b.zeroPad('pad', add, { before: [1, 0], after: [0, 2] });
    exact(b.graph('grid2', [b.globalPool('gmax', z, 'max'), z]));
  });

  it('1D: strided conv → global average over 4 steps', () => {
    const b = new Builder(3, 0.25);
    const x = b.input('x', [8, 3]);
    const c = b.conv('c', x, { filters: 2, k: [3], strides: [2], padding: 'same' });
    exact(b.graph('grid3', [b.globalPool('gap', c, 'avg'), c]));
  });
});
