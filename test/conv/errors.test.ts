/**
 * Bad input gives a coded CompileError naming layer and field, in one line
 * without a stack: at the graph verifier (geometry, groups, shapes at Add
 * and Concatenate, weight counts), at lowering (widths, reuse), and at the
 * dataflow verifier (hand-broken IR).
 */
import { describe, expect, it } from 'vitest';
import { CompileError, formatError } from '../../src/core/diagnostics.js';
import { isSafeIdentifier } from '../../src/core/naming.js';
import type { ConvDfNode } from '../../src/ir/dataflow/conv-types.js';
import { verifyConvDfNode } from '../../src/ir/dataflow/conv-verify.js';
import type { ConvGraphNode } from '../../src/ir/graph/conv-types.js';
import { GRAPH_IR_VERSION, type Shape } from '../../src/ir/graph/types.js';
import type { PrecisionConfig } from '../../src/lower/config.js';
import { Builder } from './builder.js';
import { lowerMixed, type MixedDataflow, type MixedNode } from './harness.js';

function caught(f: () => unknown): CompileError {
  try {
    f();
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error('expected a CompileError');
}

function lowerNodes(nodes: MixedNode[], config: PrecisionConfig = {}): MixedDataflow {
  return lowerMixed({ version: GRAPH_IR_VERSION, name: 'bad', nodes, outputs: [nodes[nodes.length - 1]?.name ?? ''] }, config);
}

const input = (shape: Shape, name = 'x'): MixedNode => ({ op: 'input', name, inputs: [], shape });

function conv(over: Partial<Extract<ConvGraphNode, { op: 'conv' }>>): MixedNode {
  return { op: 'conv', name: 'c', inputs: ['x'], shape: [3, 3, 2], kernelSize: [3, 3], strides: [1, 1], padding: 'same', groups: 1, filters: 2, kernel: new Array<number>(36).fill(0.5), bias: null, ...over };
}

describe('graph errors', () => {
  it('kernel larger than the padded input', () => {
    const e = caught(() => lowerNodes([input([3, 3, 2]), conv({ kernelSize: [3, 5], padding: 'valid', shape: [1, 1, 2], kernel: new Array<number>(60).fill(0) })]));
    expect(formatError(e)).toBe("error FF004: kernelSize[1] = 5 is larger than the padded input (3 + 0 + 0 on spatial axis 1) (layer 'c', field 'kernelSize')");
  });

  it('stride 0', () => {
    const e = caught(() => lowerNodes([input([3, 3, 2]), conv({ strides: [1, 0] })]));
    expect(formatError(e)).toBe("error FF004: strides[1] = 0 must be an integer ≥ 1 (layer 'c', field 'strides')");
  });

  it('a group count that does not divide the channels', () => {
    const e = caught(() => lowerNodes([input([3, 3, 3]), conv({ groups: 2, kernel: new Array<number>(27).fill(0) })]));
    expect(formatError(e)).toBe("error FF004: groups = 2 does not divide the 3 input channels (layer 'c', field 'groups')");
    const f = caught(() => lowerNodes([input([3, 3, 4]), conv({ groups: 2, filters: 3, shape: [3, 3, 3], kernel: new Array<number>(54).fill(0) })]));
    expect([f.code, f.layer, f.field]).toEqual(['FF004', 'c', 'groups']);
    const s = caught(() => lowerNodes([input([2, 6]), { op: 'channel_shuffle', name: 'shuf', inputs: ['x'], shape: [2, 6], groups: 4 }]));
    expect(formatError(s)).toBe("error FF004: groups = 4 does not divide the 6 channels (layer 'shuf', field 'groups')");
  });

  it('mismatched shapes at Add and Concatenate', () => {
    const add = caught(() => lowerNodes([input([4, 4, 2]), input([4, 4, 3], 'y'), { op: 'add', name: 'res', inputs: ['x', 'y'], shape: [4, 4, 2] }]));
    expect(formatError(add)).toBe("error FF004: Add input 1 has shape [4, 4, 3], the others [4, 4, 2]: shapes must match (layer 'res', field 'inputs')");
    const cat = caught(() => lowerNodes([input([4, 4, 2]), input([4, 3, 2], 'y'), { op: 'concat', name: 'cat', inputs: ['x', 'y'], shape: [4, 4, 4] }]));
    expect(formatError(cat)).toBe("error FF004: Concatenate input 1 has shape [4, 3, 2], which does not match [4, 4, 2] outside the last axis (layer 'cat', field 'inputs')");
    const one = caught(() => lowerNodes([input([4, 4, 2]), { op: 'add', name: 'res', inputs: ['x'], shape: [4, 4, 2] }]));
    expect([one.code, one.field]).toEqual(['FF012', 'inputs']);
  });

  it('wrong weight counts, non-finite weights, wrong declared shapes', () => {
    const k = caught(() => lowerNodes([input([3, 3, 2]), conv({ kernel: [1, 2, 3] })]));
    expect(formatError(k)).toBe("error FF004: kernel has 3 values, expected 36 (3×3×2×2) (layer 'c', field 'kernel')");
    const nan = caught(() => lowerNodes([input([3, 3, 2]), conv({ kernel: [...new Array<number>(35).fill(0), NaN] })]));
    expect([nan.code, nan.field]).toEqual(['FF005', 'kernel']);
    const shape = caught(() => lowerNodes([input([3, 3, 2]), conv({ shape: [3, 3, 3] })]));
    expect(formatError(shape)).toBe("error FF004: output shape [3, 3, 3] does not match the computed [3, 3, 2] (layer 'c', field 'shape')");
    const flat = caught(() => lowerNodes([input([9]), conv({ shape: [9, 2] })]));
    expect(formatError(flat)).toBe("error FF004: conv needs a channels-last input [L, C] or [H, W, C], got [9] (layer 'c', field 'inputs')");
  });

  it('a pooling window entirely in the padding', () => {
    const e = caught(() =>
      lowerNodes([input([4, 1]), { op: 'pool', name: 'p', kind: 'max', inputs: ['x'], shape: [4, 1], poolSize: [2], strides: [1], padding: { before: [2], after: [0] }, countIncludePad: false }]),
    );
    expect(formatError(e)).toBe("error FF004: a pooling window lies entirely in the padding (layer 'p', field 'padding')");
  });

  it('errors name the model layer; identifiers in the IR are sanitized', () => {
    const nodes: MixedNode[] = [input([3, 3, 2]), conv({ name: 'conv/1 */ evil', inputs: ['x'] })];
    const df = lowerNodes(nodes);
    const c = df.nodes[1];
    expect(c?.source).toBe('conv/1 */ evil');
    expect(isSafeIdentifier(c?.name ?? '')).toBe(true);
    const e = caught(() => lowerNodes([input([3, 3, 2]), conv({ name: 'conv/1 */ evil', strides: [0, 1] })]));
    expect(e.layer).toBe('conv/1 */ evil');
  });
});

describe('lowering errors', () => {
  it('an exact accumulator over the width limit asks for a narrower accum type', () => {
    // product 64 + 64 = 128 bits; 18 taps + bias: 5 more integer bits
    const e = caught(() => lowerNodes([input([3, 3, 2]), conv({})], { model: { default: 'ap_fixed<64,20>' } }));
    expect(formatError(e)).toBe(
      "error FF009: the exact accum type needs 133 bits, over the 128-bit limit: set a narrower 'accum' type for this layer (layer 'c', field 'accum')",
    );
  });

  it('a reuse factor over the number of multiplies', () => {
    const e = caught(() => lowerNodes([input([3, 3, 2]), conv({})], { layerName: { c: { reuseFactor: 1000 } } }));
    expect(formatError(e)).toBe("error FF007: reuse factor must be an integer in 1..36, got 1000 (layer 'c', field 'reuseFactor')");
  });
});

describe('dataflow verifier errors', () => {
  function lowered(): MixedDataflow {
    const b = new Builder(1);
    const x = b.input('x', [4, 4, 4]);
    const c = b.conv('c', x, { filters: 4, k: [3, 3] });
    const p = b.pool('p', c, 'avg', [3, 3], [2, 2], 'same');
    const s = b.shuffle('s', p, 2);
    return lowerMixed(b.graph('v', [b.zeroPad('z', s, { before: [1, 1], after: [0, 0] })]));
  }
  const operands = (df: MixedDataflow, n: ConvDfNode): { shape: Shape; type: ConvDfNode['type'] }[] =>
    n.inputs.map((i) => df.nodes.find((m) => m.name === i) as { shape: Shape; type: ConvDfNode['type'] });
  function broken(name: string, edit: (n: ConvDfNode) => ConvDfNode): CompileError {
    const df = lowered();
    const n = df.nodes.find((m) => m.name === name) as ConvDfNode;
    const bad = edit(n);
    expect(() => verifyConvDfNode(n, operands(df, n))).not.toThrow();
    return caught(() => verifyConvDfNode(bad, operands(df, bad)));
  }

  it('rejects hand-broken nodes with FF012 and the field', () => {
    const cases: [string, (n: ConvDfNode) => ConvDfNode, string][] = [
      ['s', (n) => (n.op === 'channel_shuffle' ? { ...n, perm: [0, 0, 1, 2] } : n), 'perm'],
      ['p', (n) => (n.op === 'pool' && n.average ? { ...n, average: { ...n.average, counts: [4, 9], recips: n.average.recips.slice(1) } } : n), 'average.counts'],
      ['p', (n) => (n.op === 'pool' && n.average ? { ...n, average: { ...n.average, sumType: { ...n.average.sumType, width: 10, int: 4 } } } : n), 'average.sumType'],
      ['c', (n) => (n.op === 'conv' ? { ...n, weights: [100000n, ...n.weights.slice(1)] } : n), 'weights'],
      ['c', (n) => (n.op === 'conv' ? { ...n, inShape: [4, 4, 2] } : n), 'inShape'],
      ['c', (n) => (n.op === 'conv' ? { ...n, padAfter: [-1, 0] } : n), 'padAfter'],
      ['c', (n) => (n.op === 'conv' ? { ...n, groups: 3 } : n), 'groups'],
      ['z', (n) => ({ ...n, type: { ...n.type, width: n.type.width + 1 } }), 'type'],
      ['z', (n) => (n.op === 'zero_pad' ? { ...n, padBefore: [2, 1] } : n), 'shape'],
    ];
    for (const [name, edit, field] of cases) {
      const e = broken(name, edit);
      expect([e.code, e.field]).toEqual(['FF012', field]);
      expect(formatError(e)).not.toMatch(/\n|at .*\.ts/);
    }
  });
});
