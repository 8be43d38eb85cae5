import { describe, expect, it } from 'vitest';
import { castToType, evaluateGraph } from '../../../sim/float-reference.js';
import { CompileError } from '../../../src/core/diagnostics.js';
import { formatType, type FixedType } from '../../../src/fixed/fixed-type.js';
import { importModel } from '../../../src/frontends/detect-format.js';
import { importKerasJson } from '../../../src/frontends/keras/import-keras.js';
import { Fields, type Json } from '../../../src/frontends/keras/json-fields.js';
import { activationQuantizer, roundHalfEven, weightQuantizer } from '../../../src/frontends/keras/qkeras-quantizers.js';
import { readQuantizerSpec } from '../../../src/frontends/keras/qkeras-spec.js';
import type { Graph, GraphNode } from '../../../src/ir/graph/types.js';
import { expectedOf, fixture, fixtureText, maxDiff, SHARED, SKIP_SHARED } from './fixture-paths.js';

const where = new Fields({}, 'model.json', 'layer');
const spec = (v: Json) => {
  const s = readQuantizerSpec(v, where, 'kernel_quantizer');
  if (s === null) throw new Error('no quantizer');
  return s;
};
const wq = (v: Json) => weightQuantizer(spec(v));
const aq = (v: Json) => activationQuantizer(spec(v));

function node(g: Graph, name: string): GraphNode {
  const n = g.nodes.find((x) => x.name === name);
  if (!n) throw new Error(`no node ${name}`);
  return n;
}

describe('QKeras quantizers → exact fixed-point types', () => {
  it('quantized_bits(bits, integer) keeps a sign bit: ap_fixed<bits, integer+1, RND_CONV, SAT>', () => {
    expect(formatType(wq('quantized_bits(6,0,alpha=1)').type)).toBe('ap_fixed<6,1,RND_CONV,SAT>');
    expect(formatType(wq({ class_name: 'quantized_bits', config: { bits: 8, integer: 3, symmetric: 0, keep_negative: true, alpha: 1 } }).type)).toBe(
      'ap_fixed<8,4,RND_CONV,SAT>',
    );
    expect(formatType(wq('quantized_bits(4,2,1)').type)).toBe('ap_fixed<4,3,RND_CONV,SAT_SYM>');
    expect(formatType(wq('quantized_bits(5,1,keep_negative=False)').type)).toBe('ap_ufixed<5,1,RND_CONV,SAT>');
    expect(formatType(wq('quantized_bits(6,0,alpha=4)').type)).toBe('ap_fixed<6,3,RND_CONV,SAT>');
  });

  it('rounds half to even and clips like QKeras', () => {
    const q = wq('quantized_bits(4,0)').quantize; // step 1/8, codes -8..7
    const z = (v: number): number => v + 0; // -0 → 0
    expect([0.0625, 0.1875, -0.0625, -0.1875, 0.3, 2, -2, 0.875, -1].map((x) => z(q(x)))).toEqual([0, 0.25, 0, -0.25, 0.25, 0.875, -1, 0.875, -1]);
    const sym = wq('quantized_bits(4,0,1)').quantize; // codes -7..7
    expect(sym(-5)).toBe(-0.875);
    const uns = wq('quantized_bits(4,0,0,keep_negative=False)').quantize; // step 1/16, codes 0..15
    expect([-0.5, 0.5, 2].map(uns)).toEqual([0, 0.5, 0.9375]);
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5].map((x) => z(roundHalfEven(x)))).toEqual([0, 2, 2, 0, -2, -2]);
  });

  it('every quantized value is a value of its type, and the cast to the type reproduces the quantizer', () => {
    for (const text of ['quantized_bits(6,0,alpha=1)', 'quantized_bits(4,2,1)', 'quantized_bits(5,1,keep_negative=False)', 'quantized_bits(3,-1)']) {
      const q = wq(text);
      for (let k = -400; k <= 400; k++) {
        const x = k / 97;
        const v = q.quantize(x) + 0;
        expect(castToType(v, q.type)).toBe(v);
        expect(castToType(x, q.type)).toBe(v);
      }
    }
  });

  it('binary, ternary and one-bit quantized_bits', () => {
    const b = wq({ class_name: 'binary', config: { use_01: false, alpha: null } });
    expect([-0.2, 0, 0.7].map(b.quantize)).toEqual([-1, 1, 1]);
    expect(formatType(b.type)).toBe('ap_fixed<2,2,RND_CONV,SAT>');
    expect([-0.2, 0.3].map(wq('binary(1)').quantize)).toEqual([0, 1]);
    const t = wq('ternary()');
    // float32 weights against float32(0.33), as TensorFlow compares them
    expect([-0.5, Math.fround(-0.33), -0.2, 0, 0.2, Math.fround(0.33), 0.9, 0.33].map((x) => t.quantize(x) + 0)).toEqual([-1, -1, 0, 0, 0, 1, 1, 0]);
    expect([-0.5, 0.2, 0].map(wq('quantized_bits(1,0)').quantize)).toEqual([-1, 1, 1]);
  });

  it('activations: quantized_relu is relu then ap_ufixed<bits, integer, RND_CONV, SAT>; quantized_bits a cast', () => {
    const r = aq('quantized_relu(6,0)');
    expect(r.fn).toBe('relu');
    expect(formatType(r.result)).toBe('ap_ufixed<6,0,RND_CONV,SAT>');
    const c = aq({ class_name: 'quantized_bits', config: { bits: 8, integer: 3, keep_negative: true } });
    expect([c.fn, formatType(c.result)]).toEqual(['linear', 'ap_fixed<8,4,RND_CONV,SAT>']);
  });

  it('refuses what is not an exact cast, naming the field', () => {
    const refusals: [Json, RegExp][] = [
      ['quantized_bits(6,0,alpha="auto_po2")', /alpha='auto_po2'/],
      ['quantized_bits(6,0,alpha=0.7)', /not a power of two/],
      ['quantized_bits(6,0,qnoise_factor=0.5)', /qnoise_factor/],
      ['quantized_bits(6,0,frobnicate=1)', /'frobnicate' is not understood/],
      ['quantized_po2(4)', /not supported/],
    ];
    for (const [text, why] of refusals) {
      let err: unknown;
      try {
        wq(text);
      } catch (e) {
        err = e;
      }
      expect(err, String(text)).toBeInstanceOf(CompileError);
      expect((err as CompileError).code).toBe('FF006');
      expect((err as CompileError).message).toMatch(why);
      expect((err as CompileError).layer).toBe('layer');
    }
    expect(() => aq('quantized_bits(6,0,alpha=2)')).toThrow(/alpha/);
    expect(() => aq('quantized_relu(4,0,0,0.25)')).toThrow(/negative_slope/);
    expect(() => aq('binary()')).toThrow(CompileError);
    expect(() => wq('quantized_bits(6,0,alpha=')).toThrow(CompileError);
  });
});

describe('QKeras model fixture (JSON + weights-only .h5)', async () => {
  const g = await importKerasJson(fixtureText('qkeras_sequential.json'), fixture('qkeras_sequential_weights.h5'), 'q.json', 'q.h5');
  const want = JSON.parse(fixtureText('qkeras_sequential.weights.json')) as Record<string, { kernel: number[][]; bias: number[] }>;

  it('puts the weights in already quantized, with their types', () => {
    const types = (n: GraphNode): [string | undefined, string | undefined] => [
      n.quant?.weight && formatType(n.quant.weight),
      n.quant?.bias && formatType(n.quant.bias),
    ];
    expect(types(node(g, 'qd1'))).toEqual(['ap_fixed<4,1,RND_CONV,SAT>', 'ap_fixed<6,3,RND_CONV,SAT_SYM>']);
    expect(types(node(g, 'qd2'))).toEqual(['ap_fixed<2,2,RND_CONV,SAT>', undefined]);
    expect(types(node(g, 'qd3'))).toEqual(['ap_fixed<2,2,RND_CONV,SAT>', 'ap_fixed<5,2,RND_CONV,SAT>']);
    for (const name of ['qd1', 'qd2', 'qd3']) {
      const n = node(g, name);
      if (n.op !== 'dense') throw new Error('not dense');
      const z = (a: readonly number[] | null | undefined): number[] | undefined => a?.map((v) => v + 0); // numpy writes -0.0
      expect(z(n.kernel)).toEqual(z(want[name]?.kernel.flat()));
      expect(z(n.bias)).toEqual(z(want[name]?.bias));
    }
  });

  it('maps QActivations: quantized_relu stays a node, quantized_bits becomes the result type of the Dense before it', () => {
    expect(g.nodes.map((n) => `${n.op}:${n.name}`)).toEqual(['input:q_in', 'dense:qd1', 'activation:qa1', 'dense:qd2', 'dense:qd3', 'activation:qd3_relu', 'softmax:sm']);
    const res = (n: string): string | undefined => {
      const t: FixedType | undefined = node(g, n).quant?.result;
      return t && formatType(t);
    };
    expect([res('qa1'), res('qd2'), res('qd3_relu')]).toEqual(['ap_ufixed<4,1,RND_CONV,SAT>', 'ap_fixed<8,4,RND_CONV,SAT>', 'ap_ufixed<6,2,RND_CONV,SAT>']);
  });

  it('computes what the numpy transcription of QKeras computes', () => {
    const e = expectedOf('qkeras_sequential');
    expect(maxDiff(evaluateGraph(g, e.inputs), e.outputs)).toBeLessThan(1e-12);
  });
});

describe.skipIf(SKIP_SHARED)('the real QKeras model qkeras_3layer', () => {
  it('gets ap_fixed<6,1> weights on their grid and ap_ufixed<6,0> activations', async () => {
    const g = await importModel(`${SHARED}qkeras_3layer.json`);
    const dense = g.nodes.filter((n) => n.op === 'dense');
    expect(dense).toHaveLength(4);
    for (const d of dense) {
      if (d.op !== 'dense' || !d.quant?.weight || !d.quant.bias) throw new Error('unannotated dense');
      expect(formatType(d.quant.weight)).toBe('ap_fixed<6,1,RND_CONV,SAT>');
      const grid = d.kernel.concat(d.bias ?? []).map((w) => w * 32);
      expect(grid.every((v) => Number.isInteger(v) && v >= -32 && v <= 31)).toBe(true);
      expect(grid.some((v) => v !== 0)).toBe(true);
    }
    const relus = g.nodes.filter((n) => n.op === 'activation' && n.fn === 'relu');
    expect(relus.map((n) => n.quant?.result && formatType(n.quant.result))).toEqual(Array(3).fill('ap_ufixed<6,0,RND_CONV,SAT>'));
  });
});
