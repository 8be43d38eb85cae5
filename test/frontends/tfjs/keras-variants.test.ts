/**
 * model.json variants written by the Keras converter rather than
 * tfjs-layers: the model_config wrapper, an explicit InputLayer in a
 * Sequential, axis as a list, Keras 3 field names, ReLU's negative_slope.
 */
import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../../sim/float-reference.js';
import { CompileError } from '../../../src/core/diagnostics.js';
import { importTfjs, loadTfjsModel, tfjsPredict } from '../../../src/frontends/tfjs/index.js';
import { maxFloatError } from './helpers/float-compare.js';
import { writeHandModel } from './helpers/hand-model.js';
import { useTmpDir } from './helpers/tmp-dir.js';

const tmp = useTmpDir();

const layer = (className: string, config: Record<string, unknown>) => ({ class_name: className, config });

function kerasSequential(layers: unknown[]): unknown {
  const model_config = { class_name: 'Sequential', config: { name: 'sequential', layers } };
  return { keras_version: '2.15.0', backend: 'tensorflow', model_config };
}

describe('Keras-converter model.json', () => {
  it('reads the model_config wrapper, an explicit InputLayer and BatchNorm axis [1]', async () => {
    const file = writeHandModel(
      tmp(),
      kerasSequential([
        layer('InputLayer', { batch_input_shape: [null, 2], dtype: 'float32', sparse: false, ragged: false, name: 'input_1' }),
        layer('Dense', { name: 'dense', units: 3, activation: 'relu', use_bias: true }),
        layer('BatchNormalization', { name: 'batch_normalization', axis: [1], epsilon: 0.001, center: true, scale: true }),
        layer('Dense', { name: 'dense_1', units: 2, activation: 'softmax', use_bias: true }),
      ]),
      [
        { name: 'dense/kernel', shape: [2, 3], values: [0.5, -1, 0.25, 2, 0.75, -0.5] },
        { name: 'dense/bias', shape: [3], values: [0.1, 0.2, -0.3] },
        { name: 'batch_normalization/gamma', shape: [3], values: [1, 2, 0.5] },
        { name: 'batch_normalization/beta', shape: [3], values: [0, 0.5, -0.5] },
        { name: 'batch_normalization/moving_mean', shape: [3], values: [0.1, 0.2, 0.3] },
        { name: 'batch_normalization/moving_variance', shape: [3], values: [1, 4, 0.25] },
        { name: 'dense_1/kernel', shape: [3, 2], values: [1, -1, 0.5, 0.5, -2, 1] },
        { name: 'dense_1/bias', shape: [2], values: [0, 0.125] },
      ],
    );
    const g = await importTfjs(file);
    expect(g.name).toBe('sequential');
    expect(g.nodes.map((n) => `${n.op}:${n.name}`)).toEqual([
      'input:input_1',
      'dense:dense',
      'activation:dense_relu',
      'batchnorm:batch_normalization',
      'dense:dense_1',
      'softmax:dense_1_softmax',
    ]);
    const rows = [
      [0.5, -0.25],
      [3, 1],
      [-2, 0.75],
    ];
    const ref = tfjsPredict(await loadTfjsModel(file), rows);
    expect(maxFloatError(evaluateGraph(g, rows), ref)).toBeLessThan(1e-5);
  });

  it('maps ReLU negative_slope to leaky_relu, LeakyReLU negative_slope (Keras 3), batch_shape and relu6', async () => {
    const file = writeHandModel(
      tmp(),
      kerasSequential([
        layer('InputLayer', { batch_shape: [null, 2], name: 'in' }),
        layer('ReLU', { name: 'r', negative_slope: 0.125, max_value: null, threshold: 0 }),
        layer('LeakyReLU', { name: 'lk', negative_slope: 0.25 }),
        layer('Activation', { name: 'r6', activation: 'relu6' }),
      ]),
      [],
    );
    const g = await importTfjs(file);
    expect(g.nodes.slice(1)).toMatchObject([
      { op: 'leaky_relu', name: 'r', alpha: 0.125 },
      { op: 'leaky_relu', name: 'lk', alpha: 0.25 },
      { op: 'clip', name: 'r6', min: 0, max: 6 },
    ]);
  });

  it('refuses a ReLU threshold and a Keras 3 inbound_nodes form with coded errors', async () => {
    const thresholdLayers = [layer('InputLayer', { batch_input_shape: [null, 2], name: 'in' }), layer('ReLU', { name: 'r', threshold: 0.5 })];
    const threshold = writeHandModel(tmp(), kerasSequential(thresholdLayers), []);
    await expect(importTfjs(threshold)).rejects.toMatchObject({ code: 'FF006', layer: 'r', field: 'threshold' });
    const keras3 = writeHandModel(
      tmp(),
      {
        class_name: 'Functional',
        config: {
          name: 'f',
          layers: [
            { name: 'in', class_name: 'InputLayer', config: { batch_shape: [null, 2], name: 'in' }, inbound_nodes: [] },
            {
              name: 'act',
              class_name: 'Activation',
              config: { name: 'act', activation: 'relu' },
              inbound_nodes: [{ args: [{ class_name: '__keras_tensor__', config: { keras_history: ['in', 0, 0] } }], kwargs: {} }],
            },
          ],
          input_layers: [['in', 0, 0]],
          output_layers: [['act', 0, 0]],
        },
      },
      [],
    );
    const err = await importTfjs(keras3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CompileError);
    expect(err).toMatchObject({ code: 'FF002', layer: 'act', field: 'modelTopology.config.layers[1].inbound_nodes' });
  });

  it('accepts a single output given as one reference, not a list of them', async () => {
    const file = writeHandModel(
      tmp(),
      {
        class_name: 'Model',
        config: {
          name: 'm',
          layers: [
            { name: 'in', class_name: 'InputLayer', config: { batch_input_shape: [null, 3], name: 'in' }, inbound_nodes: [] },
            { name: 'sig', class_name: 'Activation', config: { name: 'sig', activation: 'sigmoid' }, inbound_nodes: [[['in', 0, 0, {}]]] },
          ],
          input_layers: [['in', 0, 0]],
          output_layers: ['sig', 0, 0],
        },
      },
      [],
    );
    const g = await importTfjs(file);
    expect(g.outputs).toEqual(['sig']);
  });

  it('keeps raw layer names as node names, odd characters and all (the lowering sanitizes them)', async () => {
    const odd = 'block 1/dense*/ünï';
    const file = writeHandModel(
      tmp(),
      kerasSequential([
        layer('InputLayer', { batch_input_shape: [null, 1], name: 'in put' }),
        layer('Dense', { name: odd, units: 1, activation: 'tanh' }),
      ]),
      [
        { name: `${odd}/kernel`, shape: [1, 1], values: [2] },
        { name: `${odd}/bias`, shape: [1], values: [0.5] },
      ],
    );
    const g = await importTfjs(file);
    expect(g.nodes.map((n) => n.name)).toEqual(['in put', odd, `${odd}_tanh`]);
    expect(g.nodes[1]).toMatchObject({ kernel: [2], bias: [0.5], inputs: ['in put'] });
  });
});
