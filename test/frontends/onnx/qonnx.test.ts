import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../../sim/float-reference.js';
import { CompileError } from '../../../src/core/diagnostics.js';
import { formatType } from '../../../src/fixed/fixed-type.js';
import { importOnnxBytes } from '../../../src/frontends/onnx/import-onnx.js';
import { requantization } from '../../../src/frontends/onnx/requant.js';
import type { Graph, GraphNode } from '../../../src/ir/graph/types.js';
import { attr, DT, f32, model, node, seeded, tensor, valueInfo } from './onnx-builder.js';

const QONNX = 'qonnx.custom_op.general';
const domains = { [QONNX]: 1 };

/** QONNX's reference quant(): y = s · (R(clamp(x / s + z, min, max)) − z), numpy rounding. */
function quantRef(x: number, s: number, bits: number, signed: boolean, narrow: boolean, mode: 'ROUND' | 'FLOOR'): number {
  const min = signed ? -(2 ** (bits - 1)) + (narrow ? 1 : 0) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1 - (narrow ? 1 : 0);
  const v = Math.min(max, Math.max(min, x / s));
  const f = Math.floor(v);
  const r = mode === 'FLOOR' ? f : v - f > 0.5 || (v - f === 0.5 && f % 2 !== 0) ? f + 1 : f;
  return (r + 0) * s;
}

function q(name: string, x: string, y: string, scale: string, bits: string, attrs: Parameters<typeof node>[3] = {}) {
  return node('Quant', [x, scale, 'zero', bits], [y], attrs, { name, domain: QONNX });
}

function byName(g: Graph, name: string): GraphNode {
  const n = g.nodes.find((x) => x.name === name);
  if (!n) throw new Error(`no node ${name} in ${g.nodes.map((x) => x.name).join(' ')}`);
  return n;
}

const type = (n: GraphNode, which: 'weight' | 'bias' | 'result'): string | undefined => {
  const t = n.quant?.[which];
  return t && formatType(t);
};

async function failure(f: () => unknown): Promise<CompileError> {
  try {
    await f();
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error('expected a CompileError');
}

describe('QONNX Quant on computed tensors: exact casts', () => {
  it('after the input: the input type is ap_fixed<8,4,RND_CONV,SAT>, rounding half to even', () => {
    const m = model({
      nodes: [q('qin', 'x', 'xq', 's', 'b'), node('Relu', ['xq'], ['y'], {}, { name: 'relu' })],
      inputs: [valueInfo('x', ['N', 6])],
      outputs: [valueInfo('y', ['N', 6])],
      initializers: [tensor('s', [], [2 ** -4]), tensor('zero', [], [0]), tensor('b', [], [8])],
      domains,
    });
    const g = importOnnxBytes(m, 'q.onnx');
    expect(g.nodes.map((n) => n.op)).toEqual(['input', 'activation']);
    expect(type(byName(g, 'x'), 'result')).toBe('ap_fixed<8,4,RND_CONV,SAT>');
    const x = [0.03125, 0.09375, -0.03125, 100, -100, 0.3];
    expect(evaluateGraph(g, [x])).toEqual([x.map((v) => Math.max(0, quantRef(v, 2 ** -4, 8, true, false, 'ROUND')))]);
  });

  it('after a Gemm: narrow → SAT_SYM, FLOOR → TRN; with a second reader it stays a separate cast node', () => {
    const r = seeded(3);
    const W = f32(Array.from({ length: 6 }, () => r() * 4 - 2));
    const spec = (outputs: string[]) =>
      model({
        nodes: [node('Gemm', ['x', 'W'], ['h'], {}, { name: 'fc' }), q('qh', 'h', 'y', 's', 'b', { narrow: attr.i(1), rounding_mode: attr.s('FLOOR') })],
        inputs: [valueInfo('x', ['N', 3])],
        outputs: outputs.map((o) => valueInfo(o, ['N', 2])),
        initializers: [tensor('W', [3, 2], W), tensor('s', [1], [0.125]), tensor('zero', [], [0]), tensor('b', [], [6])],
        domains,
      });
    const g = importOnnxBytes(spec(['y']), 'q.onnx');
    expect(g.nodes.map((n) => n.name)).toEqual(['x', 'fc']);
    expect(type(byName(g, 'fc'), 'result')).toBe('ap_fixed<6,3,TRN,SAT_SYM>');
    const x = [[1, 2, 3], [-3, -2, 1], [0.1, 0.2, -0.3]];
    const want = x.map((a) => [0, 1].map((o) => quantRef(a.reduce((s, v, i) => s + v * (W[i * 2 + o] ?? NaN), 0), 0.125, 6, true, true, 'FLOOR')));
    expect(evaluateGraph(g, x)).toEqual(want);
    const both = importOnnxBytes(spec(['y', 'h']), 'q2.onnx');
    expect(both.nodes.map((n) => n.name)).toEqual(['x', 'fc', 'qh']);
    expect(type(byName(both, 'fc'), 'result')).toBeUndefined();
  });

  it('a scale that is not a power of two: FF006 stating the requantization it would need', async () => {
    const m = model({
      nodes: [q('qin', 'x', 'y', 's', 'b')],
      inputs: [valueInfo('x', ['N', 2])],
      outputs: [valueInfo('y', ['N', 2])],
      initializers: [tensor('s', [], [0.1]), tensor('zero', [], [0]), tensor('b', [], [8])],
      domains,
    });
    const e = await failure(() => importOnnxBytes(m, 'q.onnx'));
    expect(e).toMatchObject({ code: 'FF006', layer: 'qin' });
    const rq = requantization(Math.fround(0.1));
    expect(e.message).toContain(`round(x · ${rq.multiplier} · 2^-${rq.shift})`);
    expect(rq.relativeError).toBeLessThanOrEqual(2 ** -16);
    expect(Math.abs(rq.multiplier * 2 ** -rq.shift - 1 / Math.fround(0.1)) / 10).toBeLessThan(2 ** -15);
  });

  it('Trunc (opset 2) is the two casts it defines', async () => {
    const m = model({
      nodes: [
        q('qin', 'x', 'xq', 's', 'b'),
        node('Trunc', ['xq', 's', 'zero', 'b', 'os', 'ob'], ['y'], { rounding_mode: attr.s('FLOOR') }, { name: 'tr', domain: QONNX }),
      ],
      inputs: [valueInfo('x', ['N', 5])],
      outputs: [valueInfo('y', ['N', 5])],
      initializers: [tensor('s', [], [2 ** -6]), tensor('zero', [], [0]), tensor('b', [], [8]), tensor('os', [], [2 ** -3]), tensor('ob', [], [5])],
      domains: { [QONNX]: 2 },
    });
    const g = importOnnxBytes(m, 't.onnx');
    expect(g.nodes.map((n) => `${n.name}:${type(n, 'result')}`)).toEqual(['x:ap_fixed<8,2,RND_CONV,SAT>', 'tr_round:ap_fixed<10,4,RND_CONV,SAT>', 'tr:ap_fixed<5,2,TRN,SAT>']);
    const x = [0.3, -0.3, 1.99, -2, 0.0703125];
    const want = x.map((v) => {
      const xq = quantRef(v, 2 ** -6, 8, true, false, 'ROUND');
      const y = Math.round(xq / 2 ** -6) / 8; // exact: xq is on the input grid
      return Math.floor(Math.min(15, Math.max(-16, y))) * 2 ** -3;
    });
    expect(evaluateGraph(g, [x])).toEqual([want]);
    const v1 = model({
      nodes: [node('Trunc', ['x', 's', 'zero', 'b', 'ob'], ['y'], {}, { name: 'tr', domain: QONNX })],
      inputs: [valueInfo('x', ['N', 1])],
      outputs: [valueInfo('y', ['N', 1])],
      initializers: [tensor('s', [], [2 ** -6]), tensor('zero', [], [0]), tensor('b', [], [8]), tensor('ob', [], [5])],
      domains,
    });
    expect(await failure(() => importOnnxBytes(v1, 't1.onnx'))).toMatchObject({ code: 'FF006', layer: 'tr' });
  });

  it('BipolarQuant on a computed tensor is a sign function: FF006', async () => {
    const m = model({
      nodes: [node('BipolarQuant', ['x', 's'], ['y'], {}, { name: 'bq', domain: QONNX })],
      inputs: [valueInfo('x', ['N', 2])],
      outputs: [valueInfo('y', ['N', 2])],
      initializers: [tensor('s', [], [1])],
      domains,
    });
    expect(await failure(() => importOnnxBytes(m, 'b.onnx'))).toMatchObject({ code: 'FF006', layer: 'bq' });
  });
});

describe('quantized weights', () => {
  const r = seeded(5);
  const W = f32(Array.from({ length: 12 }, () => r() * 2 - 1)); // [4, 3]

  function weightModel(nodes: ReturnType<typeof node>[], inits: ReturnType<typeof tensor>[], wName = 'Wq') {
    return model({
      nodes: [...nodes, node('MatMul', ['x', wName], ['y'], {}, { name: 'fc' })],
      inputs: [valueInfo('x', ['N', 4])],
      outputs: [valueInfo('y', ['N', 3])],
      initializers: inits,
      domains,
      opset: 13,
    });
  }

  it('Quant on an initializer: quantized values and their type', () => {
    const g = importOnnxBytes(weightModel([q('qw', 'W', 'Wq', 's', 'b')], [tensor('W', [4, 3], W), tensor('s', [], [2 ** -3]), tensor('zero', [], [0]), tensor('b', [], [4])]), 'w.onnx');
    const d = byName(g, 'fc');
    expect(type(d, 'weight')).toBe('ap_fixed<4,1,RND_CONV,SAT>');
    expect(d.op === 'dense' && d.kernel).toEqual(W.map((w) => quantRef(w, 2 ** -3, 4, true, false, 'ROUND') + 0));
  });

  it('per-column scales: the union type (finest fraction, widest integer part)', () => {
    const s = [2 ** -2, 2 ** -4, 2 ** -3];
    const g = importOnnxBytes(weightModel([q('qw', 'W', 'Wq', 's', 'b')], [tensor('W', [4, 3], W), tensor('s', [1, 3], s), tensor('zero', [], [0]), tensor('b', [], [4])]), 'w.onnx');
    const d = byName(g, 'fc');
    expect(type(d, 'weight')).toBe('ap_fixed<6,2,RND_CONV,SAT>');
    expect(d.op === 'dense' && d.kernel).toEqual(W.map((w, i) => quantRef(w, s[i % 3] ?? NaN, 4, true, false, 'ROUND') + 0));
  });

  it('a scale that is not a power of two on weights: float32 values, no type', () => {
    const g = importOnnxBytes(weightModel([q('qw', 'W', 'Wq', 's', 'b')], [tensor('W', [4, 3], W), tensor('s', [], [0.3]), tensor('zero', [], [0]), tensor('b', [], [4])]), 'w.onnx');
    const d = byName(g, 'fc');
    expect(d.quant).toBeUndefined();
    const s = Math.fround(0.3);
    expect(d.op === 'dense' && d.kernel.map((v) => v + 0)).toEqual(W.map((w) => Math.fround(Math.round(Math.fround(w / s)) * s) + 0));
  });

  it('BipolarQuant on an initializer: ±scale in ap_fixed<2,1>', () => {
    const g = importOnnxBytes(weightModel([node('BipolarQuant', ['W', 's'], ['Wq'], {}, { domain: QONNX })], [tensor('W', [4, 3], W), tensor('s', [], [0.5])]), 'w.onnx');
    const d = byName(g, 'fc');
    expect(type(d, 'weight')).toBe('ap_fixed<2,1,TRN,SAT>');
    expect(d.op === 'dense' && d.kernel).toEqual(W.map((w) => (w >= 0 ? 0.5 : -0.5)));
  });

  it('int8 initializer + DequantizeLinear with per-axis scales', () => {
    const codes = [-128, 127, 5, -3, 0, 64, 1, -1, 100, -100, 7, 8];
    const s = [2 ** -3, 2 ** -4, 2 ** -5];
    const g = importOnnxBytes(
      weightModel([node('DequantizeLinear', ['Wi', 'ws'], ['Wq'], { axis: attr.i(1) })], [tensor('Wi', [4, 3], codes, DT.INT8), tensor('ws', [3], s)]),
      'dq.onnx',
    );
    const d = byName(g, 'fc');
    expect(type(d, 'weight')).toBe('ap_fixed<10,5,RND_CONV,SAT>');
    expect(d.op === 'dense' && d.kernel).toEqual(codes.map((c, i) => c * (s[i % 3] ?? NaN)));
  });
});

describe('QuantizeLinear / DequantizeLinear on activations', () => {
  const qdq = (zp: ReturnType<typeof tensor> | null, dqScale = 2 ** -5) =>
    model({
      nodes: [
        node('QuantizeLinear', zp ? ['x', 's', 'zp'] : ['x', 's'], ['xq'], {}, { name: 'q' }),
        node('DequantizeLinear', zp ? ['xq', 'ds', 'zp'] : ['xq', 'ds'], ['xd'], {}, { name: 'dq' }),
        node('Relu', ['xd'], ['y']),
      ],
      inputs: [valueInfo('x', ['N', 4])],
      outputs: [valueInfo('y', ['N', 4])],
      initializers: [tensor('s', [], [2 ** -5]), tensor('ds', [], [dqScale]), ...(zp ? [zp] : [])],
    });

  it('int8 with zero point 0: ap_fixed<8,3,RND_CONV,SAT>; no zero point: uint8, ap_ufixed<8,3,RND_CONV,SAT>', () => {
    const g = importOnnxBytes(qdq(tensor('zp', [], [0], DT.INT8)), 'qdq.onnx');
    expect(g.nodes.map((n) => `${n.op}:${type(n, 'result')}`)).toEqual(['input:ap_fixed<8,3,RND_CONV,SAT>', 'activation:undefined']);
    const x = [1 / 64, 3 / 64, 10, -10];
    expect(evaluateGraph(g, [x])).toEqual([[0, 2 / 32, 127 / 32, 0]]);
    const u = importOnnxBytes(qdq(null), 'qdq.onnx');
    expect(type(byName(u, 'x'), 'result')).toBe('ap_ufixed<8,3,RND_CONV,SAT>');
  });

  it('asymmetric zero points and mismatched scales: FF006', async () => {
    expect(await failure(() => importOnnxBytes(qdq(tensor('zp', [], [3], DT.INT8)), 'a.onnx'))).toMatchObject({ code: 'FF006', layer: 'q' });
    expect(await failure(() => importOnnxBytes(qdq(null, 2 ** -4), 'b.onnx'))).toMatchObject({ code: 'FF006', layer: 'dq' });
  });
});
