/**
 * Hand-computed cases: tiny layers whose raw output codes are worked out
 * on paper (in the comments), run through lowering, the BigInt reference and
 * the fast kernels.
 */
import { describe, expect, it } from 'vitest';
import { GRAPH_IR_VERSION } from '../../src/ir/graph/types.js';
import type { PrecisionConfig } from '../../src/lower/config.js';
import { lowerMixed, simulateFast, simulateReference, type MixedGraph, type MixedNode } from './harness.js';

function run(nodes: MixedNode[], config: PrecisionConfig, rows: bigint[][]): bigint[][] {
  const g: MixedGraph = { version: GRAPH_IR_VERSION, name: 'hand', nodes, outputs: [nodes[nodes.length - 1]?.name ?? ''] };
  const df = lowerMixed(g, config);
  const ref = simulateReference(df, rows);
  expect(simulateFast(df, rows).rows).toEqual(ref);
  return ref;
}

// ap_fixed<8,4>: 4 fractional bits, raw = value · 16
const Q4: PrecisionConfig = { model: { default: 'ap_fixed<8,4>' } };

describe('hand-computed conv ops', () => {
  it("Conv1D 'same': x = [1, 2, 3, 4], w = [1, 0, −1], b = 0.5 → [−1.5, −1.5, −1.5, 3.5]", () => {
    // padding 1/1: y0 = 0·1 + 1·0 + 2·(−1) + 0.5 = −1.5; y3 = 3·1 + 4·0 + 0 + 0.5 = 3.5
    const out = run(
      [
        { op: 'input', name: 'x', inputs: [], shape: [4, 1] },
        { op: 'conv', name: 'c', inputs: ['x'], shape: [4, 1], kernelSize: [3], strides: [1], padding: 'same', groups: 1, filters: 1, kernel: [1, 0, -1], bias: [0.5] },
      ],
      Q4,
      [[16n, 32n, 48n, 64n]],
    );
    expect(out).toEqual([[-24n, -24n, -24n, 56n]]);
  });

  it('grouped 2D conv: each group sees only its channels', () => {
    // x [1, 1, 4] = [1, 2, 3, 4]; groups 2, 2 filters, 1×1 kernel [Cg=2][F=2] = [[1, 10], [1, 10]] (Keras order)
    // filter 0 (group 0): 1·1 + 2·1 = 3; filter 1 (group 1): 3·10 + 4·10 = 70
    const out = run(
      [
        { op: 'input', name: 'x', inputs: [], shape: [1, 1, 4] },
        { op: 'conv', name: 'c', inputs: ['x'], shape: [1, 1, 2], kernelSize: [1, 1], strides: [1, 1], padding: 'valid', groups: 2, filters: 2, kernel: [1, 10, 1, 10], bias: null },
      ],
      { model: { default: 'ap_fixed<12,8>' } },
      [[16n, 32n, 48n, 64n]],
    );
    expect(out).toEqual([[3n * 16n, 70n * 16n]]);
  });

  it("AveragePooling1D 'same' divides by the elements inside the input: [1..5], window 3, stride 2 → [1.5, 3, 4.5]", () => {
    // padding 1/1: windows {x0, x1}, {x1, x2, x3}, {x3, x4}; 9 · cast(1/3) = 3.00002 rounds to 3 at 4 fractional bits
    const out = run(
      [
        { op: 'input', name: 'x', inputs: [], shape: [5, 1] },
        { op: 'pool', name: 'p', kind: 'avg', inputs: ['x'], shape: [3, 1], poolSize: [3], strides: [2], padding: 'same', countIncludePad: false },
      ],
      { model: { default: 'ap_fixed<8,4,RND>' } },
      [[16n, 32n, 48n, 64n, 80n]],
    );
    expect(out).toEqual([[24n, 48n, 72n]]);
  });

  it('AveragePooling with countIncludePad divides by the whole window: [1..5] → [1, 3, 3]', () => {
    const out = run(
      [
        { op: 'input', name: 'x', inputs: [], shape: [5, 1] },
        { op: 'pool', name: 'p', kind: 'avg', inputs: ['x'], shape: [3, 1], poolSize: [3], strides: [2], padding: 'same', countIncludePad: true },
      ],
      { model: { default: 'ap_fixed<8,4,RND>' } },
      [[16n, 32n, 48n, 64n, 80n]],
    );
    expect(out).toEqual([[16n, 48n, 48n]]);
  });

  it('MaxPool over negatives never sees padding: [−3, −1, −2], window 2, same → [−1, −1, −2]', () => {
    // padding 0/1: the last window holds only x2 = −2 (a zero pad would give 0)
    const out = run(
      [
        { op: 'input', name: 'x', inputs: [], shape: [3, 1] },
        { op: 'pool', name: 'p', kind: 'max', inputs: ['x'], shape: [3, 1], poolSize: [2], strides: [1], padding: 'same', countIncludePad: false },
      ],
      Q4,
      [[-48n, -16n, -32n]],
    );
    expect(out).toEqual([[-16n, -16n, -32n]]);
  });

  it('Add of a signed and an unsigned type, exact sum then one cast: 1.5 + 0.75 = 2.25', () => {
    const out = run(
      [
        { op: 'input', name: 'a', inputs: [], shape: [1, 1] },
        { op: 'input', name: 'b', inputs: [], shape: [1, 1] },
        { op: 'add', name: 's', inputs: ['a', 'b'], shape: [1, 1] },
      ],
      { model: { default: 'ap_fixed<8,4>' }, layerName: { b: { result: 'ap_ufixed<6,2>' } } },
      [[24n, 12n]], // 1.5 at 4 fractional bits; 0.75 at 4 fractional bits of ap_ufixed<6,2>
    );
    expect(out).toEqual([[36n]]);
  });

  it('Concatenate casts each input from its own type: 33/64 → 0.5 and 1.25 → 1.25 in ap_fixed<6,3,RND>', () => {
    const out = run(
      [
        { op: 'input', name: 'a', inputs: [], shape: [1, 1] },
        { op: 'input', name: 'b', inputs: [], shape: [1, 1] },
        { op: 'concat', name: 'c', inputs: ['a', 'b'], shape: [1, 2] },
      ],
      { model: { default: 'ap_fixed<6,3,RND>' }, layerName: { a: { result: 'ap_fixed<8,2>' }, b: { result: 'ap_fixed<8,4>' } } },
      [[33n, 20n]], // 33/64 = 0.515625 (4.125 eighths → 4); 20/16 = 1.25 (10 eighths)
    );
    expect(out).toEqual([[4n, 10n]]);
  });

  it('channel shuffle with 2 groups of 3: [a0 a1 a2 b0 b1 b2] → [a0 b0 a1 b1 a2 b2]', () => {
    const out = run(
      [
        { op: 'input', name: 'x', inputs: [], shape: [1, 6] },
        { op: 'channel_shuffle', name: 's', inputs: ['x'], shape: [1, 6], groups: 2 },
      ],
      Q4,
      [[1n, 2n, 3n, 4n, 5n, 6n]],
    );
    expect(out).toEqual([[1n, 4n, 2n, 5n, 3n, 6n]]);
  });

  it('UpSampling1D and ZeroPadding1D move codes: [1, 2] → [1, 1, 2, 2] → [0, 1, 1, 2, 2, 0, 0]', () => {
    const out = run(
      [
        { op: 'input', name: 'x', inputs: [], shape: [2, 1] },
        { op: 'upsample', name: 'u', inputs: ['x'], shape: [4, 1], size: [2] },
        { op: 'zero_pad', name: 'z', inputs: ['u'], shape: [7, 1], padding: { before: [1], after: [2] } },
      ],
      Q4,
      [[1n, 2n]],
    );
    expect(out).toEqual([[0n, 1n, 1n, 2n, 2n, 0n, 0n]]);
  });

  it('a saturating accumulator clips in the defined order', () => {
    // x = [4, 4, −4] (ap_fixed<8,4>), w = [1, 1, 1], acc ap_fixed<6,4,TRN,SAT> (max 7.75):
    // acc = 0 → 4 → min(8, 7.75) = 7.75 → 7.75 − 4 = 3.75; an exact sum would give 4
    const out = run(
      [
        { op: 'input', name: 'x', inputs: [], shape: [3, 1] },
        { op: 'conv', name: 'c', inputs: ['x'], shape: [1, 1], kernelSize: [3], strides: [1], padding: 'valid', groups: 1, filters: 1, kernel: [1, 1, 1], bias: null },
      ],
      { model: { default: 'ap_fixed<8,4>' }, layerName: { c: { accum: 'ap_fixed<6,4,TRN,SAT>' } } },
      [[64n, 64n, -64n]],
    );
    expect(out).toEqual([[60n]]);
  });
});
