import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../../sim/float-reference.js';
import { importOnnxBytes } from '../../../src/frontends/onnx/import-onnx.js';
import { verifyGraph } from '../../../src/ir/graph/verify.js';
import { cnn, W1, B1, WD } from './conv-model.js';
import { attr, model, node, seeded, tensor, valueInfo } from './onnx-builder.js';

/** A per-sample NCHW tensor for the independent reference. */
interface Chw {
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly v: Float64Array;
}

const at = (t: Chw, c: number, y: number, x: number): number => t.v[(c * t.h + y) * t.w + x] ?? NaN;

function make(c: number, h: number, w: number, f: (c: number, y: number, x: number) => number): Chw {
  const v = new Float64Array(c * h * w);
  for (let k = 0; k < c; k++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) v[(k * h + y) * w + x] = f(k, y, x);
  return { c, h, w, v };
}

/** ONNX Conv, NCHW, pads [top, left, bottom, right]. */
function convRef(t: Chw, wt: readonly number[], b: readonly number[], f: number, k: number, s: readonly number[], pads: readonly number[], group: number): Chw {
  const cg = t.c / group;
  const oh = Math.floor((t.h + (pads[0] ?? 0) + (pads[2] ?? 0) - k) / (s[0] ?? 1)) + 1;
  const ow = Math.floor((t.w + (pads[1] ?? 0) + (pads[3] ?? 0) - k) / (s[1] ?? 1)) + 1;
  return make(f, oh, ow, (o, i, j) => {
    const g = Math.floor(o / (f / group));
    let acc = b[o] ?? 0;
    for (let ci = 0; ci < cg; ci++) {
      for (let ky = 0; ky < k; ky++) {
        for (let kx = 0; kx < k; kx++) {
          const y = i * (s[0] ?? 1) + ky - (pads[0] ?? 0);
          const x = j * (s[1] ?? 1) + kx - (pads[1] ?? 0);
          if (y >= 0 && y < t.h && x >= 0 && x < t.w) acc += at(t, g * cg + ci, y, x) * (wt[((o * cg + ci) * k + ky) * k + kx] ?? NaN);
        }
      }
    }
    return acc;
  });
}

/** Pooling that never reads padding; `out` = output size (ceil mode decides it). */
function poolRef(t: Chw, k: number, s: number, padTop: number, padLeft: number, oh: number, ow: number, kind: 'max' | 'avg'): Chw {
  return make(t.c, oh, ow, (c, i, j) => {
    const vals: number[] = [];
    for (let ky = 0; ky < k; ky++) {
      for (let kx = 0; kx < k; kx++) {
        const y = i * s + ky - padTop;
        const x = j * s + kx - padLeft;
        if (y >= 0 && y < t.h && x >= 0 && x < t.w) vals.push(at(t, c, y, x));
      }
    }
    return kind === 'max' ? Math.max(...vals) : vals.reduce((a, b) => a + b, 0) / vals.length;
  });
}

const mapT = (a: Chw, f: (v: number, i: number) => number): Chw => ({ ...a, v: a.v.map(f) });

/** Channels-last row of an NCHW tensor (the graph's layout). */
function hwc(t: Chw): number[] {
  const out: number[] = [];
  for (let y = 0; y < t.h; y++) for (let x = 0; x < t.w; x++) for (let c = 0; c < t.c; c++) out.push(at(t, c, y, x));
  return out;
}

function reference(x: Chw): number[] {
  const r1 = mapT(convRef(x, W1, B1, 4, 3, [2, 1], [1, 0, 1, 2], 1), (v) => Math.max(0, v));
  const dw = convRef(r1, WD, [0, 0, 0, 0], 4, 3, [1, 1], [1, 1, 1, 1], 4);
  const sum = mapT(r1, (v, i) => v + (dw.v[i] ?? NaN));
  const mp = poolRef(sum, 2, 2, 0, 0, 2, 3, 'max');
  const ap = poolRef(sum, 3, 1, 1, 1, 3, 6, 'avg');
  const pd = make(4, 4, 7, (c, y, x) => (y >= 1 && x < 6 ? at(ap, c, y - 1, x) : 0));
  const mean = (t: Chw, c: number) => Array.from({ length: t.h * t.w }, (_, k) => at(t, c, Math.floor(k / t.w), k % t.w)).reduce((a, b) => a + b, 0) / (t.h * t.w);
  const max = (t: Chw, c: number) => Math.max(...Array.from({ length: t.h * t.w }, (_, k) => at(t, c, Math.floor(k / t.w), k % t.w)));
  return [...[0, 1, 2, 3].map((c) => mean(pd, c)), ...[0, 1, 2, 3].map((c) => max(mp, c))];
}

describe('ONNX importer: convolution family (NCHW → channels last)', () => {
  it('Conv (pads, strides, group), Add, MaxPool (ceil_mode), AveragePool, Pad, global pools and Concat agree with an NCHW reference', () => {
    const g = importOnnxBytes(cnn(), 'cnn.onnx');
    verifyGraph(g);
    expect(g.nodes.map((n) => `${n.op}:${n.name}:[${n.shape.join(',')}]`)).toEqual([
      'input:x:[5,6,2]',
      'conv:c1:[3,6,4]',
      'activation:r1:[3,6,4]',
      'conv:dw:[3,6,4]',
      'add:sum:[3,6,4]',
      'pool:mp:[2,3,4]',
      'pool:ap:[3,6,4]',
      'zero_pad:pd:[4,7,4]',
      'global_pool:gap:[1,1,4]',
      'global_pool:gmp:[1,1,4]',
      'concat:cat:[1,1,8]',
      'reshape:flat:[8]',
    ]);
    const rr = seeded(4);
    const xs = Array.from({ length: 6 }, () => make(2, 5, 6, () => rr() * 4 - 2));
    const ours = evaluateGraph(g, xs.map(hwc));
    const want = xs.map(reference);
    ours.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i]?.[j] ?? NaN, 9)));
  });

  it('refuses dilations, a Concat off the channel axis and ceil_mode with count_include_pad: FF006 naming the node and field', () => {
    const cases: [Parameters<typeof cnn>[0], string, string][] = [
      [{ c1: { dilations: attr.ints([2, 2]) } }, 'c1', 'dilations'],
      [{ cat: { axis: attr.i(2) } }, 'cat', 'axis'],
      [{ ap: { ceil_mode: attr.i(1), count_include_pad: attr.i(1), strides: attr.ints([2, 2]) } }, 'ap', 'ceil_mode'],
      [{ c1: { unknown_attribute: attr.i(1) } }, 'c1', 'unknown_attribute'],
    ];
    for (const [edit, layer, field] of cases) {
      let err: unknown;
      try {
        importOnnxBytes(cnn(edit), 'cnn.onnx');
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: 'FF006', file: 'cnn.onnx', layer, field });
    }
  });

  it('Reshape–Transpose–Reshape over [g, C/g] (ShuffleNet as PyTorch exports it) becomes a channel_shuffle', () => {
    const bytes = model({
      nodes: [
        node('Relu', ['x'], ['r'], {}, { name: 'r' }),
        node('Reshape', ['r', 's5'], ['a'], {}, { name: 'split' }),
        node('Transpose', ['a'], ['t'], { perm: attr.ints([0, 2, 1, 3, 4]) }, { name: 'swap' }),
        node('Reshape', ['t', 's4'], ['u'], {}, { name: 'shuffle' }),
        node('GlobalMaxPool', ['u'], ['y'], {}, { name: 'gmp' }),
      ],
      inputs: [valueInfo('x', ['N', 6, 2, 3])],
      outputs: [valueInfo('y', ['N', 6, 1, 1])],
      initializers: [tensor('s5', [5], [-1, 2, 3, 2, 3], 7), tensor('s4', [4], [-1, 6, 2, 3], 7)],
      opset: 13,
    });
    const g = importOnnxBytes(bytes, 'shuffle.onnx');
    verifyGraph(g);
    expect(g.nodes.map((n) => n.op)).toEqual(['input', 'activation', 'reshape', 'reshape', 'channel_shuffle', 'global_pool']);
    const rr = seeded(9);
    const xs = Array.from({ length: 3 }, () => make(6, 2, 3, () => rr() * 4 - 2));
    // channel a·g + b of the shuffle is channel b·(C/g) + a of relu(x), g = 2, C/g = 3; then the max over H, W
    const shuffled = (x: Chw): Chw => make(6, 2, 3, (c, yy, xx) => Math.max(0, at(x, (c % 2) * 3 + Math.floor(c / 2), yy, xx)));
    const want = xs.map((x) => Array.from({ length: 6 }, (_, c) => Math.max(...Array.from({ length: 6 }, (_v, k) => at(shuffled(x), c, Math.floor(k / 3), k % 3)))));
    expect(evaluateGraph(g, xs.map(hwc))).toEqual(want);
  });
});
