import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../../sim/float-reference.js';
import { seededRandom, randomRows } from '../../../examples/prng.js';
import { importTfjs, loadTfjsModel, tf, tfjsPredict } from '../../../src/frontends/tfjs/index.js';
import type { Graph, GraphNode } from '../../../src/ir/graph/types.js';
import { maxFloatError } from './helpers/float-compare.js';
import { functionalTwoInputs, functionalTwoOutputs, saveModel, sequentialAll } from './helpers/models.js';
import { useTmpDir } from './helpers/tmp-dir.js';

const tmp = useTmpDir();

function node(g: Graph, name: string): GraphNode {
  const n = g.nodes.find((x) => x.name === name);
  if (!n) throw new Error(`no node ${name} in ${g.nodes.map((x) => x.name).join(', ')}`);
  return n;
}

/** The graph, run in float64, agrees with TensorFlow.js to float32 rounding on random inputs. */
async function expectSameAsTfjs(file: string, g: Graph, width: number): Promise<void> {
  const rows = randomRows(seededRandom(11), 64, width, 3);
  const model = await loadTfjsModel(file);
  const ref = tfjsPredict(model, rows);
  const ours = evaluateGraph(g, rows);
  expect(ours[0]?.length).toBe(ref[0]?.length);
  expect(maxFloatError(ours, ref)).toBeLessThan(1e-4);
}

describe('importTfjs: Sequential', () => {
  it('maps every supported layer, splits fused activations and drops Dropout', async () => {
    const model = sequentialAll();
    const file = await saveModel(model, tmp());
    const g = await importTfjs(file);
    expect(g.name).toBe('seq_all');
    expect(g.nodes.map((n) => `${n.op}:${n.name}:${n.inputs.join('+')}:[${n.shape.join(',')}]`)).toEqual([
      'input:fc1_input::[6]',
      'dense:fc1:fc1_input:[8]',
      'activation:fc1_relu:fc1:[8]',
      'batchnorm:bn1:fc1_relu:[8]',
      'clip:relu_capped:bn1:[8]',
      'dense:fc2:relu_capped:[8]',
      'clip:fc2_relu6:fc2:[8]',
      'dense:fc3:fc2_relu6:[8]',
      'leaky_relu:leaky:fc3:[8]',
      'activation:act_tanh:leaky:[8]',
      'dense:fc4:act_tanh:[5]',
      'activation:fc4_sigmoid:fc4:[5]',
      'activation:act_lin:fc4_sigmoid:[5]',
      'dense:out:act_lin:[3]',
      'softmax:out_softmax:out:[3]',
    ]);
    expect(g.outputs).toEqual(['out_softmax']);
    expect(node(g, 'relu_capped')).toMatchObject({ op: 'clip', min: 0, max: 6 });
    expect(node(g, 'fc2_relu6')).toMatchObject({ op: 'clip', min: 0, max: 6 });
    expect(node(g, 'leaky')).toMatchObject({ alpha: 0.2 });
    expect(node(g, 'fc4')).toMatchObject({ bias: null });
    expect(node(g, 'bn1')).toMatchObject({ epsilon: 0.01 });
  });

  it('keeps the exact float32 weights tfjs holds', async () => {
    const model = sequentialAll();
    const g = await importTfjs(await saveModel(model, tmp()));
    const fc1 = node(g, 'fc1');
    if (fc1.op !== 'dense') throw new Error('fc1 is not dense');
    const [kernel, bias] = model.getLayer('fc1').getWeights();
    expect(fc1.kernel).toEqual(Array.from(kernel?.dataSync() ?? []));
    expect(fc1.bias).toEqual(Array.from(bias?.dataSync() ?? []));
    const bn = node(g, 'bn1');
    if (bn.op !== 'batchnorm') throw new Error('bn1 is not batchnorm');
    const [gamma, beta, mean, variance] = model.getLayer('bn1').getWeights().map((t) => Array.from(t.dataSync()));
    expect([bn.gamma, bn.beta, bn.mean, bn.variance]).toEqual([gamma, beta, mean, variance]);
  });

  it('computes what TensorFlow.js computes', async () => {
    const file = await saveModel(sequentialAll(), tmp());
    await expectSameAsTfjs(file, await importTfjs(file), 6);
  });

  it('numbers a fused activation node apart from a layer that already has its name', async () => {
    const m = tf.sequential({
      layers: [
        tf.layers.dense({ units: 2, inputShape: [3], activation: 'relu', name: 'a' }),
        tf.layers.activation({ activation: 'linear', name: 'a_relu' }),
      ],
    });
    const g = await importTfjs(await saveModel(m, tmp()));
    expect(g.nodes.map((n) => n.name)).toEqual(['a_input', 'a', 'a_relu_2', 'a_relu']);
    expect(node(g, 'a_relu')).toMatchObject({ op: 'activation', fn: 'linear', inputs: ['a_relu_2'] });
  });
});

describe('importTfjs: functional', () => {
  it('maps Flatten, Reshape, BatchNorm without center, Softmax and several outputs', async () => {
    const file = await saveModel(functionalTwoOutputs(), tmp());
    const g = await importTfjs(file);
    expect(g.nodes.map((n) => `${n.op}:${n.name}:${n.inputs.join('+')}:[${n.shape.join(',')}]`)).toEqual([
      'input:x::[2,3]',
      'reshape:flat:x:[6]',
      'dense:d1:flat:[6]',
      'leaky_relu:lrelu:d1:[6]',
      'reshape:to_3x2:lrelu:[3,2]',
      'batchnorm:bn:to_3x2:[3,2]',
      'softmax:sm:bn:[3,2]',
    ]);
    expect(g.outputs).toEqual(['sm', 'd1']);
    expect(node(g, 'bn')).toMatchObject({ beta: [0, 0] });
    await expectSameAsTfjs(file, g, 6);
  });

  it('orders inputs and outputs as the model does, and tfjsPredict concatenates them', async () => {
    const file = await saveModel(functionalTwoInputs(), tmp());
    const g = await importTfjs(file);
    expect(g.nodes.filter((n) => n.op === 'input').map((n) => n.name)).toEqual(['in_a', 'in_b']);
    expect(g.outputs).toEqual(['da', 'db_relu']);
    await expectSameAsTfjs(file, g, 6);
  });
});
