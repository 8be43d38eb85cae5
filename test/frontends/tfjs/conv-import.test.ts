import { describe, expect, it } from 'vitest';
import { randomRows, seededRandom } from '../../../examples/prng.js';
import { evaluateGraph } from '../../../sim/float-reference.js';
import { CompileError } from '../../../src/core/diagnostics.js';
import { importTfjs, loadTfjsModel, tf, tfjsPredict } from '../../../src/frontends/tfjs/index.js';
import { verifyGraph } from '../../../src/ir/graph/verify.js';
import { conv1dModel, conv2dModel } from './conv-models.js';
import { maxFloatError } from './helpers/float-compare.js';
import { editModelJson, saveModel } from './helpers/models.js';
import { useTmpDir } from './helpers/tmp-dir.js';

const tmp = useTmpDir();

async function agrees(model: tf.LayersModel, width: number): Promise<string[]> {
  const file = await saveModel(model, tmp());
  const g = await importTfjs(file);
  verifyGraph(g);
  const rows = randomRows(seededRandom(3), 16, width, 2);
  const ref = tfjsPredict(await loadTfjsModel(file), rows);
  const ours = evaluateGraph(g, rows);
  expect(maxFloatError(ours, ref)).toBeLessThan(1e-4);
  return g.nodes.map((n) => `${n.op}:${n.name}:[${n.shape.join(',')}]`);
}

describe('importTfjs: convolution family', () => {
  it('maps the 2D layers and agrees with TensorFlow.js', async () => {
    const nodes = await agrees(conv2dModel(), 9 * 8 * 3);
    expect(nodes).toEqual([
      'input:img:[9,8,3]',
      'conv:c1:[5,4,4]',
      'activation:c1_relu:[5,4,4]',
      'depthwise_conv:dw:[5,4,8]',
      'separable_conv:sep:[5,4,8]',
      'add:sum:[5,4,8]',
      'batchnorm:bn:[5,4,8]',
      'zero_pad:pad:[6,6,8]',
      'pool:mp:[3,3,8]',
      'pool:mp2:[3,1,8]',
      'upsample:up:[3,3,8]',
      'concat:cat:[3,3,16]',
      'pool:ap:[3,6,8]',
      'global_pool:gap:[16]',
      'global_pool:gmp:[8]',
      'concat:pooled:[24]',
      'dense:out:[3]',
      'softmax:out_softmax:[3]',
    ]);
  });

  it('maps the 1D layers and agrees with TensorFlow.js', async () => {
    const nodes = await agrees(conv1dModel(), 12 * 2);
    expect(nodes[1]).toBe('conv:c1:[12,3]');
    expect(nodes).toContain('pool:ap:[3,4]');
  });

  it('refuses a dilated convolution with FF006 naming the file, layer and field', async () => {
    const file = await saveModel(conv2dModel(), tmp());
    editModelJson(file, (json) => {
      const c1 = json.modelTopology.config.layers.find((l) => l.config['name'] === 'c1');
      if (c1) c1.config['dilation_rate'] = [2, 2];
    });
    const err = await importTfjs(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CompileError);
    expect(err).toMatchObject({ code: 'FF006', file, layer: 'c1', field: 'dilation_rate' });
  });

  it('refuses channels_first and bilinear upsampling with FF006', async () => {
    for (const [layer, field, value] of [['c1', 'data_format', 'channels_first'], ['up', 'interpolation', 'bilinear']] as const) {
      const file = await saveModel(conv2dModel(), tmp());
      editModelJson(file, (json) => {
        const l = json.modelTopology.config.layers.find((x) => x.config['name'] === layer);
        if (l) l.config[field] = value;
      });
      await expect(importTfjs(file)).rejects.toMatchObject({ code: 'FF006', layer, field });
    }
  });
});
