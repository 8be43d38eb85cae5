/**
 * Fuzzing the ONNX importer: mutated files (bit flips, truncations, swapped
 * byte ranges) and mutated models (swapped node inputs, changed op types,
 * attributes and dimensions, re-encoded), each of which must import or fail
 * with a CompileError.
 */
import { clone, fromBinary, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, type ModelProto } from 'onnx-buf';
import { describe, expect, it } from 'vitest';
import { isCompileError } from '../../../src/core/diagnostics.js';
import { importOnnxBytes } from '../../../src/frontends/onnx/import-onnx.js';
import { mutateBytes, rng } from '../keras/mutate.js';
import { cnn } from './conv-model.js';
import { attr, DT, f32, model, node, seeded, tensor, valueInfo } from './onnx-builder.js';

const RUNS = 2000;
const OPS = ['Gemm', 'MatMul', 'Add', 'Relu', 'Softmax', 'Flatten', 'Reshape', 'Transpose', 'BatchNormalization', 'Clip', 'Quant', 'Trunc', 'QuantizeLinear', 'DequantizeLinear', 'Conv', 'Identity'];

function mlp(): Uint8Array {
  const r = seeded(21);
  const w = (n: number) => f32(Array.from({ length: n }, () => r() - 0.5));
  return model({
    nodes: [
      node('Flatten', ['x'], ['f']),
      node('Gemm', ['f', 'W1', 'b1'], ['h'], { transB: attr.i(1), alpha: attr.f(0.5) }, { name: 'fc1' }),
      node('BatchNormalization', ['h', 'g', 'be', 'm', 'v'], ['n'], { epsilon: attr.f(1e-3) }),
      node('Relu', ['n'], ['a']),
      node('MatMul', ['a', 'W2'], ['z']),
      node('Add', ['z', 'b2'], ['o']),
      node('Softmax', ['o'], ['y'], { axis: attr.i(-1) }),
    ],
    inputs: [valueInfo('x', ['N', 1, 2, 3])],
    outputs: [valueInfo('y', ['N', 3])],
    initializers: [
      tensor('W1', [5, 6], w(30)),
      tensor('b1', [5], w(5)),
      tensor('g', [5], w(5)),
      tensor('be', [5], w(5)),
      tensor('m', [5], w(5)),
      tensor('v', [5], [1, 2, 3, 4, 5]),
      tensor('W2', [5, 3], w(15)),
      tensor('b2', [3], w(3)),
    ],
  });
}

function quantized(): Uint8Array {
  const r = seeded(22);
  const q = 'qonnx.custom_op.general';
  return model({
    nodes: [
      node('Quant', ['x', 's', 'z', 'b8'], ['xq'], { signed: attr.i(1), narrow: attr.i(0), rounding_mode: attr.s('ROUND') }, { domain: q }),
      node('Quant', ['W', 's', 'z', 'b4'], ['Wq'], {}, { domain: q }),
      node('MatMul', ['xq', 'Wq'], ['h']),
      node('Trunc', ['h', 's', 'z', 'b8', 'os', 'b4'], ['t'], { rounding_mode: attr.s('FLOOR') }, { domain: q }),
      node('QuantizeLinear', ['t', 'qs', 'zp'], ['tq']),
      node('DequantizeLinear', ['tq', 'qs', 'zp'], ['td']),
      node('DequantizeLinear', ['Wi', 'qs'], ['W2']),
      node('MatMul', ['td', 'W2'], ['y']),
    ],
    inputs: [valueInfo('x', ['N', 4])],
    outputs: [valueInfo('y', ['N', 2])],
    initializers: [
      tensor('s', [], [2 ** -4]),
      tensor('z', [], [0]),
      tensor('b8', [], [8]),
      tensor('b4', [], [4]),
      tensor('os', [], [2 ** -2]),
      tensor('qs', [], [2 ** -3]),
      tensor('zp', [], [0], DT.INT8),
      tensor('W', [4, 3], f32(Array.from({ length: 12 }, () => r() - 0.5))),
      tensor('Wi', [3, 2], [1, -2, 3, -4, 5, -6], DT.INT8),
    ],
    domains: { [q]: 2 },
  });
}

const int = (r: () => number, n: number): number => Math.floor(r() * n);

/** One structural change to a decoded model, re-encoded. */
function mutateModel(base: ModelProto, r: () => number): { bytes: Uint8Array; what: string } {
  const m = clone(ModelProtoSchema, base);
  const g = m.graph;
  if (!g) throw new Error('no graph');
  const pick = <T>(a: T[]): T | undefined => a[int(r, a.length)];
  const n1 = pick(g.node);
  const n2 = pick(g.node);
  let what = '';
  switch (int(r, 8)) {
    case 0:
      if (n1 && n2 && n1.input.length && n2.input.length) {
        const [i, j] = [int(r, n1.input.length), int(r, n2.input.length)];
        [n1.input[i], n2.input[j]] = [n2.input[j] ?? '', n1.input[i] ?? ''];
        what = `swap inputs of ${n1.opType} and ${n2.opType}`;
      }
      break;
    case 1:
      if (n1) {
        n1.opType = pick(OPS) ?? 'Relu';
        what = `op → ${n1.opType}`;
      }
      break;
    case 2: {
      const a = n1 && pick(n1.attribute);
      if (a) {
        a.i = BigInt(int(r, 7) - 3);
        a.f = [0, -1, 1e30, NaN, 0.5][int(r, 5)] ?? 0;
        what = `attribute ${a.name} changed`;
      }
      break;
    }
    case 3:
      if (n1 && n1.attribute.length) {
        n1.attribute.splice(int(r, n1.attribute.length), 1);
        what = `attribute of ${n1.opType} dropped`;
      }
      break;
    case 4: {
      const t = pick(g.initializer);
      if (t && t.dims.length) {
        t.dims[int(r, t.dims.length)] = BigInt([0, 1, 2, 7, 1e6, 2 ** 40][int(r, 6)] ?? 1);
        what = `dims of ${t.name} changed`;
      }
      break;
    }
    case 5: {
      const [t, u] = [pick(g.initializer), pick(g.initializer)];
      if (t && u) {
        [t.name, u.name] = [u.name, t.name];
        what = `initializers ${t.name} and ${u.name} swapped`;
      }
      break;
    }
    case 6:
      if (g.node.length) {
        g.node.splice(int(r, g.node.length), 1);
        what = 'node deleted';
      }
      break;
    default:
      if (n1 && n2) {
        [n1.output, n2.output] = [n2.output, n1.output];
        what = 'outputs swapped';
      }
  }
  return { bytes: toBinary(ModelProtoSchema, m), what };
}

describe('ONNX importer under mutation', () => {
  for (const [label, make, seed] of [
    ['an MLP (Gemm, BatchNorm, MatMul + Add, Softmax)', mlp, 31],
    ['a QONNX / QDQ model (Quant, Trunc, QuantizeLinear, DequantizeLinear)', quantized, 32],
    ['a CNN (Conv, grouped Conv, Add, MaxPool, AveragePool, Pad, global pools, Concat)', () => cnn(), 33],
  ] as const) {
    it(`${label}: ${RUNS} byte mutations and ${RUNS} model mutations`, () => {
      const bytes = make();
      expect(importOnnxBytes(bytes, 'base.onnx').nodes.length).toBeGreaterThan(1);
      const base = fromBinary(ModelProtoSchema, bytes);
      const r = rng(seed);
      const codes = new Map<string, number>();
      let ok = 0;
      for (let i = 0; i < 2 * RUNS; i++) {
        const m = i % 2 === 0 ? mutateBytes(bytes, r) : mutateModel(base, r);
        try {
          importOnnxBytes(m.bytes, 'fuzz.onnx');
          ok++;
        } catch (e) {
          if (!isCompileError(e)) throw new Error(`case ${i} (${m.what}) threw a non-CompileError: ${e instanceof Error ? e.stack : String(e)}`);
          codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
        }
      }
      expect(ok).toBeGreaterThan(0);
      expect(codes.size).toBeGreaterThan(3);
    });
  }
});
