import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../../sim/float-reference.js';
import { importModel } from '../../../src/frontends/detect-format.js';
import { importKerasArchive, importKerasBytes, importKerasH5, importKerasJson } from '../../../src/frontends/keras/import-keras.js';
import { toSnakeCase } from '../../../src/frontends/keras/weight-store.js';
import type { Graph, GraphNode } from '../../../src/ir/graph/types.js';
import { expectedOf, fixture, FIXTURES, fixtureText, maxDiff, shared, SHARED, SKIP_SHARED } from './fixture-paths.js';

/** float64 against numpy's float64 (different summation order): agreement to a few ulps. */
const FLOAT_TOL = 1e-12;

function ops(g: Graph): string[] {
  return g.nodes.map((n) => `${n.op}:${n.name}`);
}

function node(g: Graph, name: string): GraphNode {
  const n = g.nodes.find((x) => x.name === name);
  if (!n) throw new Error(`no node ${name} in ${ops(g).join(' ')}`);
  return n;
}

describe('Keras 2 full-model .h5 (functional)', async () => {
  const g = await importKerasH5(fixture('keras2_functional.h5'), 'keras2_functional.h5');

  it('maps every layer, splitting the fused activation and dropping Dropout', () => {
    expect(g.name).toBe('func2');
    expect(ops(g)).toEqual(['input:in', 'dense:d1', 'activation:d1_relu', 'batchnorm:bn', 'leaky_relu:lrelu', 'dense:d2', 'softmax:sm']);
    expect(g.outputs).toEqual(['sm']);
    const bn = node(g, 'bn');
    expect(bn.op === 'batchnorm' && bn.epsilon).toBe(0.001);
    const lr = node(g, 'lrelu');
    expect(lr.op === 'leaky_relu' && lr.alpha).toBe(0.1);
    expect(node(g, 'bn').inputs).toEqual(['d1_relu']);
  });

  it('keeps the kernel in Keras layout [in][units]', () => {
    const d1 = node(g, 'd1');
    expect(d1.op).toBe('dense');
    if (d1.op !== 'dense') return;
    expect(d1.units).toBe(6);
    expect(d1.kernel).toHaveLength(8 * 6);
    expect(d1.shape).toEqual([6]);
  });

  it('computes what numpy computes', () => {
    const e = expectedOf('keras2_functional');
    expect(maxDiff(evaluateGraph(g, e.inputs), e.outputs)).toBeLessThan(FLOAT_TOL);
  });
});

describe('Keras 2 Sequential (list config) from JSON + weights-only .h5', async () => {
  const g = await importKerasJson(fixtureText('keras2_sequential.json'), fixture('keras2_sequential_weights.h5'), 'seq.json', 'seq.h5');

  it('creates the input Keras names <first layer>_input and maps Flatten, ReLU(max_value), Reshape', () => {
    expect(ops(g)).toEqual(['input:flat_input', 'reshape:flat', 'dense:h', 'activation:h_tanh', 'clip:relu6', 'dense:o', 'activation:o_sigmoid', 'reshape:r']);
    expect(node(g, 'flat_input').shape).toEqual([2, 3]);
    expect(node(g, 'r').shape).toEqual([3, 1]);
    const c = node(g, 'relu6');
    expect(c.op === 'clip' && [c.min, c.max]).toEqual([0, 6]);
  });

  it('computes what numpy computes', () => {
    const e = expectedOf('keras2_sequential');
    expect(maxDiff(evaluateGraph(g, e.inputs), e.outputs)).toBeLessThan(FLOAT_TOL);
  });
});

describe('Keras 3 functional', async () => {
  const fromArchive = await importKerasArchive(fixture('keras3_functional.keras'), 'keras3_functional.keras');
  const fromJson = await importKerasJson(fixtureText('keras3_functional.json'), fixture('keras3_functional.weights.h5'), 'k3.json', 'k3.weights.h5');

  it('reads the .keras archive (one member deflated) and finds weights by class-name paths', () => {
    expect(ops(fromArchive)).toEqual([
      'input:inp',
      'dense:first',
      'clip:first_clip',
      'batchnorm:norm',
      'dense:narrow',
      'activation:act',
      'dense:out',
      'activation:out_sigmoid',
    ]);
    const narrow = node(fromArchive, 'narrow');
    expect(narrow.op === 'dense' && narrow.bias).toBeNull();
  });

  it('gives the same graph from the JSON + .weights.h5 pair', () => {
    expect(fromJson).toEqual({ ...fromArchive });
  });

  it('computes what numpy computes', () => {
    const e = expectedOf('keras3_functional');
    expect(maxDiff(evaluateGraph(fromArchive, e.inputs), e.outputs)).toBeLessThan(FLOAT_TOL);
  });

  it('names weight groups as Keras does', () => {
    expect(['QDense', 'BatchNormalization', 'Dense', 'QActivation', 'Conv2DTranspose'].map(toSnakeCase)).toEqual([
      'q_dense',
      'batch_normalization',
      'dense',
      'q_activation',
      'conv2d_transpose',
    ]);
  });
});

describe('importModel', () => {
  it('detects .h5, .keras and .json (finding <stem>_weights.h5), and takes --format and weights overrides', async () => {
    const a = await importModel(`${FIXTURES}keras2_functional.h5`);
    const b = await importModel(`${FIXTURES}keras3_functional.keras`);
    const c = await importModel(`${FIXTURES}keras2_sequential.json`);
    const d = await importModel(`${FIXTURES}keras3_functional.json`, { format: 'keras-json', weights: `${FIXTURES}keras3_functional.weights.h5` });
    expect([a.name, b.name, c.name, d.name]).toEqual(['func2', 'func3', 'sequential', 'func3']);
  });

  it('tells .h5 from .keras by magic bytes, whatever the name', async () => {
    const g = await importKerasBytes(fixture('keras3_functional.keras'), 'misnamed.h5');
    expect(g.name).toBe('func3');
  });

  it('is deterministic: the same file gives an identical graph', async () => {
    const a = await importModel(`${FIXTURES}keras2_functional.h5`);
    const b = await importModel(`${FIXTURES}keras2_functional.h5`);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe.skipIf(SKIP_SHARED)('real Keras files of ../shared/models', () => {
  it('KERAS_1layer: Keras 2.1 functional JSON + weights', async () => {
    const g = await importModel(`${SHARED}KERAS_1layer.json`);
    expect(ops(g)).toEqual(['input:input_1', 'dense:fc1_relu', 'activation:fc1_relu_relu', 'dense:output_sigmoid', 'activation:output_sigmoid_sigmoid']);
    expect(node(g, 'input_1').shape).toEqual([10]);
  });

  it('KERAS_1layer agrees with its ONNX export two_layer_keras.onnx exactly (same float32 weights, same float64 arithmetic)', async () => {
    const k = await importModel(`${SHARED}KERAS_1layer.json`);
    const o = await importModel(`${SHARED}two_layer_keras.onnx`);
    const x = Array.from({ length: 6 }, (_, r) => Array.from({ length: 10 }, (_, i) => Math.sin(r * 10 + i) * 2));
    expect(evaluateGraph(o, x)).toEqual(evaluateGraph(k, x));
  });

  it('qkeras-v3_3layer.keras (Keras 3.14 archive with QKeras layers) equals qkeras_3layer (Keras 2.4 JSON + h5)', async () => {
    const v3 = await importKerasBytes(shared('qkeras-v3_3layer.keras'), 'qkeras-v3_3layer.keras');
    const v2 = await importModel(`${SHARED}qkeras_3layer.json`);
    expect(ops(v3)).toEqual(ops(v2));
    const e = expectedOf('qkeras_3layer');
    expect(maxDiff(evaluateGraph(v2, e.inputs), e.outputs)).toBeLessThan(FLOAT_TOL);
    expect(maxDiff(evaluateGraph(v3, e.inputs), e.outputs)).toBeLessThan(FLOAT_TOL);
  });
});
