import { fromBinary } from '@bufbuild/protobuf';
import { readFileSync } from 'node:fs';
import { ModelProtoSchema } from 'onnx-buf';
import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../../sim/float-reference.js';
import { importModel } from '../../../src/frontends/detect-format.js';
import { importOnnxBytes } from '../../../src/frontends/onnx/import-onnx.js';
import type { Graph, GraphNode } from '../../../src/ir/graph/types.js';
import { maxDiff, SHARED, SKIP_SHARED } from '../keras/fixture-paths.js';
import { attr, DT, f32, model, node, seeded, tensor, valueInfo } from './onnx-builder.js';

const TOL = 1e-12;

function ops(g: Graph): string[] {
  return g.nodes.map((n) => `${n.op}:${n.name}`);
}
function byName(g: Graph, name: string): GraphNode {
  const n = g.nodes.find((x) => x.name === name);
  if (!n) throw new Error(`no node ${name} in ${ops(g).join(' ')}`);
  return n;
}

/** Independent Gemm: Y = alpha · A · B' + beta · C for one row A. */
function gemmRef(a: readonly number[], b: readonly number[], bRows: number, bCols: number, transB: boolean, alpha: number, beta: number, c: (o: number) => number): number[] {
  const units = transB ? bRows : bCols;
  return Array.from({ length: units }, (_, o) => {
    let s = 0;
    a.forEach((x, i) => (s += x * (b[transB ? o * bCols + i : i * bCols + o] ?? NaN)));
    return alpha * s + beta * c(o);
  });
}

const rows = (n: number, width: number, seed: number): number[][] => {
  const r = seeded(seed);
  return Array.from({ length: n }, () => Array.from({ length: width }, () => r() * 4 - 2));
};

describe('Gemm', () => {
  const r = seeded(1);
  const B = f32(Array.from({ length: 12 }, () => r() - 0.5)); // [3, 4]
  const C = f32([0.5, -0.25, 1]);
  const C4 = f32([0.5, -0.25, 1, 2]);

  it('transB, alpha and beta, with C per unit', () => {
    const bytes = model({
      nodes: [node('Gemm', ['x', 'B', 'C'], ['y'], { transB: attr.i(1), alpha: attr.f(0.5), beta: attr.f(2) }, { name: 'fc' })],
      inputs: [valueInfo('x', ['N', 4])],
      outputs: [valueInfo('y', ['N', 3])],
      initializers: [tensor('B', [3, 4], B), tensor('C', [3], C)],
    });
    const g = importOnnxBytes(bytes, 'gemm.onnx');
    expect(ops(g)).toEqual(['input:x', 'dense:fc']);
    const x = rows(5, 4, 2);
    const want = x.map((a) => gemmRef(a, B, 3, 4, true, 0.5, 2, (o) => C[o] ?? NaN));
    expect(maxDiff(evaluateGraph(g, x), want)).toBeLessThan(TOL);
  });

  it('C as [1, M], as one broadcast value, and absent (opset 11)', () => {
    for (const [c, cdims, expectC] of [
      [C4, [1, 4], (o: number) => C4[o] ?? NaN],
      [[0.75], [1], () => 0.75],
    ] as const) {
      const bytes = model({
        nodes: [node('Gemm', ['x', 'B', 'C'], ['y'])],
        inputs: [valueInfo('x', ['N', 3])],
        outputs: [valueInfo('y', ['N', 4])],
        initializers: [tensor('B', [3, 4], B), tensor('C', cdims, [...c])],
      });
      const x = rows(3, 3, 3);
      const want = x.map((a) => gemmRef(a, B, 3, 4, false, 1, 1, expectC));
      expect(maxDiff(evaluateGraph(importOnnxBytes(bytes, 'g.onnx'), x), want)).toBeLessThan(TOL);
    }
    const noC = model({ nodes: [node('Gemm', ['x', 'B'], ['y'])], inputs: [valueInfo('x', ['N', 3])], outputs: [valueInfo('y', ['N', 4])], initializers: [tensor('B', [3, 4], B)], opset: 11 });
    const d = importOnnxBytes(noC, 'g.onnx').nodes[1];
    expect(d?.op === 'dense' && d.bias).toBeNull();
  });

  it('opset 6 with the old broadcast attribute, float_data initializers listed as graph inputs (IR 3)', () => {
    const bytes = model({
      nodes: [node('Gemm', ['x', 'B', 'C'], ['y'], { broadcast: attr.i(1), transB: attr.i(1) })],
      inputs: [valueInfo('x', [1, 4]), valueInfo('B', [3, 4]), valueInfo('C', [3])],
      outputs: [valueInfo('y', [1, 3])],
      initializers: [tensor('B', [3, 4], B, DT.FLOAT, true), tensor('C', [3], C, DT.FLOAT, true)],
      opset: 6,
      irVersion: 3,
    });
    const g = importOnnxBytes(bytes, 'old.onnx');
    expect(ops(g)).toEqual(['input:x', 'dense:y']);
    const x = rows(2, 4, 4);
    expect(maxDiff(evaluateGraph(g, x), x.map((a) => gemmRef(a, B, 3, 4, true, 1, 1, (o) => C[o] ?? NaN)))).toBeLessThan(TOL);
  });
});

describe('MatMul + Add, BatchNormalization, activations', () => {
  const r = seeded(7);
  const W = f32(Array.from({ length: 15 }, () => r() - 0.5)); // [5, 3]
  const bias = f32([0.1, -0.2, 0.3]);
  const bn = { scale: f32([1.5, 0.5, 2]), b: f32([0, 0.25, -1]), mean: f32([0.1, 0, -0.2]), v: f32([1, 0.5, 2]) };

  const bytes = model({
    nodes: [
      node('MatMul', ['x', 'W'], ['mm'], {}, { name: 'dense' }),
      node('Add', ['b', 'mm'], ['z'], {}, { name: 'bias' }),
      node('BatchNormalization', ['z', 'scale', 'B', 'mean', 'var'], ['n'], { epsilon: attr.f(0.001), momentum: attr.f(0.9) }, { name: 'bn' }),
      node('LeakyRelu', ['n'], ['l'], { alpha: attr.f(0.125) }, { name: 'lrelu' }),
      node('Clip', ['l', 'lo', 'hi'], ['c'], {}, { name: 'clip' }),
      node('Softmax', ['c'], ['y'], {}, { name: 'sm' }),
    ],
    inputs: [valueInfo('x', ['N', 5])],
    outputs: [valueInfo('y', ['N', 3])],
    initializers: [
      tensor('W', [5, 3], W),
      tensor('b', [3], bias),
      tensor('scale', [3], bn.scale),
      tensor('B', [3], bn.b),
      tensor('mean', [3], bn.mean),
      tensor('var', [3], bn.v),
      tensor('lo', [], [-1]),
      tensor('hi', [], [1.5]),
    ],
  });
  const g = importOnnxBytes(bytes, 'mlp.onnx');

  it('fuses the Add into the Dense built from MatMul', () => {
    expect(ops(g)).toEqual(['input:x', 'dense:dense', 'batchnorm:bn', 'leaky_relu:lrelu', 'clip:clip', 'softmax:sm']);
    const d = byName(g, 'dense');
    expect(d.op === 'dense' && d.bias).toEqual(bias);
  });

  it('computes the ONNX formulas', () => {
    const x = rows(4, 5, 8);
    const want = x.map((a) => {
      const z = gemmRef(a, W, 5, 3, false, 1, 1, (o) => bias[o] ?? NaN);
      const n = z.map((v, c) => ((bn.scale[c] ?? NaN) * (v - (bn.mean[c] ?? NaN))) / Math.sqrt((bn.v[c] ?? NaN) + Math.fround(0.001)) + (bn.b[c] ?? NaN));
      const c = n.map((v) => Math.min(1.5, Math.max(-1, v >= 0 ? v : 0.125 * v)));
      const e = c.map((v) => Math.exp(v));
      const s = e.reduce((p, q) => p + q, 0);
      return e.map((v) => v / s);
    });
    expect(maxDiff(evaluateGraph(g, x), want)).toBeLessThan(TOL);
  });

  it('maps Relu, Sigmoid, Tanh, Clip(0, inf), old-opset Clip attributes and Softmax over axis 1', () => {
    const m = model({
      nodes: [
        node('Relu', ['x'], ['a']),
        node('Sigmoid', ['a'], ['b']),
        node('Tanh', ['b'], ['c']),
        node('Clip', ['c'], ['d'], { min: attr.f(0) }),
        node('Clip', ['d'], ['e'], { min: attr.f(-0.5), max: attr.f(0.5) }),
        node('Softmax', ['e'], ['y'], { axis: attr.i(1) }),
      ],
      inputs: [valueInfo('x', ['N', 3])],
      outputs: [valueInfo('y', ['N', 3])],
      opset: 9,
    });
    const h = importOnnxBytes(m, 'act.onnx');
    expect(h.nodes.map((n) => (n.op === 'activation' ? n.fn : n.op))).toEqual(['input', 'relu', 'sigmoid', 'tanh', 'relu', 'clip', 'softmax']);
  });
});

describe('shapes and layouts', () => {
  const r = seeded(9);
  const W = f32(Array.from({ length: 12 * 2 }, () => r() - 0.5));

  it('Flatten of a one-channel image is a reshape; Reshape with -1, 0 and the opset-1 shape attribute', () => {
    const m = model({
      nodes: [node('Flatten', ['x'], ['f']), node('Reshape', ['f', 's'], ['r']), node('Reshape', ['r', 's0'], ['q']), node('MatMul', ['q', 'W'], ['y'])],
      inputs: [valueInfo('x', ['N', 1, 3, 4])],
      outputs: [valueInfo('y', ['N', 2])],
      initializers: [tensor('s', [3], [-1, 3, 4], DT.INT64), tensor('s0', [2], [0, -1], DT.INT64), tensor('W', [12, 2], W)],
    });
    const g = importOnnxBytes(m, 'flat.onnx');
    expect(g.nodes.map((n) => `${n.op}[${n.shape.join(',')}]`)).toEqual(['input[3,4,1]', 'reshape[12]', 'reshape[3,4]', 'reshape[12]', 'dense[2]']);
    const old = model({
      nodes: [node('Reshape', ['x'], ['y'], { shape: attr.ints([1, 3, 4]) })],
      inputs: [valueInfo('x', [1, 12])],
      outputs: [valueInfo('y', [1, 3, 4])],
      opset: 4,
    });
    expect(importOnnxBytes(old, 'old.onnx').nodes.map((n) => n.shape)).toEqual([[12], [3, 4]]);
  });

  it('a Transpose NCHW → NHWC only relabels: flattening afterwards keeps the channels-last data order', () => {
    const m = model({
      nodes: [node('Transpose', ['x'], ['t'], { perm: attr.ints([0, 2, 3, 1]) }), node('Flatten', ['t'], ['f']), node('MatMul', ['f', 'W'], ['y'])],
      inputs: [valueInfo('x', ['N', 3, 2, 2])],
      outputs: [valueInfo('y', ['N', 2])],
      initializers: [tensor('W', [12, 2], W)],
    });
    const g = importOnnxBytes(m, 'nhwc.onnx');
    expect(g.nodes.map((n) => `${n.op}[${n.shape.join(',')}]`)).toEqual(['input[2,2,3]', 'reshape[12]', 'dense[2]']);
    // the graph's input is channels-last: its row-major data is exactly the transposed tensor
    const x = rows(2, 12, 10);
    expect(maxDiff(evaluateGraph(g, x), x.map((a) => gemmRef(a, W, 12, 2, false, 1, 0, () => 0)))).toBeLessThan(TOL);
  });

  it('folds Transpose of a weight, takes weights from a Constant node, drops Identity and Dropout', () => {
    const Wt = f32(Array.from({ length: 8 }, () => r() - 0.5)); // stored [2, 4], used as [4, 2]
    const m = model({
      nodes: [
        node('Constant', [], ['Wc'], { value: attr.t(tensor('', [2, 4], Wt)) }),
        node('Transpose', ['Wc'], ['WT'], { perm: attr.ints([1, 0]) }),
        node('Identity', ['x'], ['i']),
        node('Dropout', ['i', '', 'train'], ['d', 'mask']),
        node('MatMul', ['d', 'WT'], ['y']),
      ],
      inputs: [valueInfo('x', ['N', 4])],
      outputs: [valueInfo('y', ['N', 2])],
      initializers: [tensor('train', [], [0], DT.BOOL)],
    });
    const g = importOnnxBytes(m, 'fold.onnx');
    expect(ops(g)).toEqual(['input:x', 'dense:y']);
    const x = rows(2, 4, 11);
    expect(maxDiff(evaluateGraph(g, x), x.map((a) => gemmRef(a, Wt, 2, 4, true, 1, 0, () => 0)))).toBeLessThan(TOL);
  });

  it('orders nodes listed out of order, and keeps several outputs', () => {
    const m = model({
      nodes: [node('Sigmoid', ['a'], ['s']), node('Relu', ['x'], ['a'])],
      inputs: [valueInfo('x', ['N', 2])],
      outputs: [valueInfo('s', ['N', 2]), valueInfo('a', ['N', 2])],
    });
    const g = importOnnxBytes(m, 'o.onnx');
    expect(ops(g)).toEqual(['input:x', 'activation:a', 'activation:s']);
    expect(g.outputs).toEqual(['s', 'a']);
    expect(evaluateGraph(g, [[-1, 0]])).toEqual([[0.5, 0.5, 0, 0]]);
  });
});

describe.skipIf(SKIP_SHARED)('real ONNX files of ../shared/models', () => {
  it('two_layer_pytorch.onnx (PyTorch 0.3, opset 9, Gemm transB, initializers as inputs)', async () => {
    const g = await importModel(`${SHARED}two_layer_pytorch.onnx`);
    expect(g.nodes.map((n) => `${n.op}[${n.shape.join(',')}]`)).toEqual(['input[10]', 'dense[32]', 'activation[32]', 'dense[1]', 'activation[1]']);
    // independent read of the first layer's raw little-endian initializers
    const m = fromBinary(ModelProtoSchema, new Uint8Array(readFileSync(`${SHARED}two_layer_pytorch.onnx`)));
    const init = (name: string): number[] => {
      const t = m.graph?.initializer.find((i) => i.name === name);
      const b = Buffer.from(t?.rawData ?? new Uint8Array());
      return Array.from({ length: b.length / 4 }, (_, i) => b.readFloatLE(4 * i));
    };
    const [w1, b1, w2, b2] = ['1', '2', '3', '4'].map(init);
    const x = rows(3, 10, 12);
    const want = x.map((a) => {
      const h = gemmRef(a, w1 ?? [], 32, 10, true, 1, 1, (o) => b1?.[o] ?? NaN).map((v) => Math.max(0, v));
      return gemmRef(h, w2 ?? [], 1, 32, true, 1, 1, (o) => b2?.[o] ?? NaN).map((v) => 1 / (1 + Math.exp(-v)));
    });
    expect(maxDiff(evaluateGraph(g, x), want)).toBeLessThan(TOL);
  });

  it('two_layer_keras.onnx (OnnxMLTools, MatMul + Add)', async () => {
    const g = await importModel(`${SHARED}two_layer_keras.onnx`);
    expect(g.nodes.map((n) => n.op)).toEqual(['input', 'dense', 'activation', 'dense', 'activation']);
    expect(g.nodes.filter((n) => n.op === 'dense').every((n) => n.op === 'dense' && n.bias !== null)).toBe(true);
  });
});
