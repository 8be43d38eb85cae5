/**
 * Every bad model file gives a CompileError with a stable code naming the
 * file, layer and field; each case builds its bad files in a temp folder.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompileError, type ErrorCode } from '../../../src/core/diagnostics.js';
import { importTfjs, loadTfjsModel, tf } from '../../../src/frontends/tfjs/index.js';
import { editModelJson, functionalTwoOutputs, saveModel, sequentialAll, type LooseModelJson } from './helpers/models.js';
import { useTmpDir } from './helpers/tmp-dir.js';

const tmp = useTmpDir();

interface Expected {
  code: ErrorCode;
  file?: string | RegExp;
  layer?: string;
  field?: string;
  message?: RegExp;
}

async function expectError(run: Promise<unknown>, want: Expected): Promise<CompileError> {
  let caught: unknown;
  try {
    await run;
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CompileError);
  const err = caught as CompileError;
  expect({ code: err.code, layer: err.layer, field: err.field }).toEqual({ code: want.code, layer: want.layer, field: want.field });
  if (typeof want.file === 'string') expect(err.file).toBe(want.file);
  else if (want.file) expect(err.file).toMatch(want.file);
  if (want.message) expect(err.message).toMatch(want.message);
  return err;
}

async function savedSeq(): Promise<{ dir: string; file: string; bin: string }> {
  const dir = tmp();
  const file = await saveModel(sequentialAll(), dir);
  return { dir, file, bin: join(dir, 'weights.bin') };
}

function manifestOf(file: string): LooseModelJson['weightsManifest'] {
  return (JSON.parse(readFileSync(file, 'utf8')) as LooseModelJson).weightsManifest;
}

/** Byte offset and length of weight `name` in the (single, float32) group. */
function placeOf(file: string, name: string): { start: number; length: number } {
  let start = 0;
  for (const w of manifestOf(file)[0]?.weights ?? []) {
    const length = 4 * w.shape.reduce((a, b) => a * b, 1);
    if (w.name === name) return { start, length };
    start += length;
  }
  throw new Error(`no weight ${name}`);
}

function setFloat(bin: string, byteOffset: number, value: number): void {
  const bytes = readFileSync(bin);
  bytes.writeFloatLE(value, byteOffset);
  writeFileSync(bin, bytes);
}

function layerNamed(json: LooseModelJson, name: string): LooseModelJson['modelTopology']['config']['layers'][number] {
  const l = json.modelTopology.config.layers.find((x) => x.config['name'] === name || x.name === name);
  if (!l) throw new Error(`no layer ${name}`);
  return l;
}

describe('FF001 / FF002: unreadable or malformed model.json', () => {
  it('FF001 when model.json does not exist', async () => {
    const file = join(tmp(), 'model.json');
    await expectError(importTfjs(file), { code: 'FF001', file });
  });

  it('FF002 when model.json is not JSON', async () => {
    const { file } = await savedSeq();
    writeFileSync(file, '{"format": "layers-model", ');
    await expectError(importTfjs(file), { code: 'FF002', file, message: /not valid JSON/ });
  });

  it('FF002 naming the field when the manifest has the wrong structure', async () => {
    const { file } = await savedSeq();
    editModelJson(file, (j) => {
      (j.weightsManifest[0]?.weights[2] as { shape: unknown }).shape = 'eight';
    });
    await expectError(importTfjs(file), { code: 'FF002', file, field: 'weightsManifest[0].weights[2].shape' });
  });

  it('FF002 when modelTopology is missing', async () => {
    const { file } = await savedSeq();
    editModelJson(file, (j) => {
      delete (j as Partial<LooseModelJson>).modelTopology;
    });
    await expectError(importTfjs(file), { code: 'FF002', file, field: 'modelTopology' });
  });

  it('FF002 when a shard path leaves the model folder', async () => {
    const { file } = await savedSeq();
    editModelJson(file, (j) => {
      if (j.weightsManifest[0]) j.weightsManifest[0].paths = ['../weights.bin'];
    });
    await expectError(importTfjs(file), { code: 'FF002', file, field: 'weightsManifest[0].paths[0]' });
  });

  it('FF002 when the shards hold more bytes than the manifest describes', async () => {
    const { file, bin } = await savedSeq();
    writeFileSync(bin, Buffer.concat([readFileSync(bin), Buffer.alloc(8)]));
    await expectError(importTfjs(file), { code: 'FF002', file: bin, field: 'weightsManifest[0]', message: /describes only/ });
  });

  it('FF003 when a group lists weights but no shard', async () => {
    const { file } = await savedSeq();
    editModelJson(file, (j) => {
      if (j.weightsManifest[0]) j.weightsManifest[0].paths = [];
    });
    await expectError(importTfjs(file), { code: 'FF003', file, layer: 'fc1', field: 'kernel' });
  });

  it('FF002 naming layer and field for a config value of the wrong type', async () => {
    const { file } = await savedSeq();
    editModelJson(file, (j) => {
      layerNamed(j, 'fc3').config['units'] = 'eight';
    });
    await expectError(importTfjs(file), { code: 'FF002', file, layer: 'fc3', field: 'units' });
  });

  it('FF002 for two layers with the same name', async () => {
    const { file } = await savedSeq();
    editModelJson(file, (j) => {
      layerNamed(j, 'act_lin').config['name'] = 'act_tanh';
    });
    await expectError(importTfjs(file), { code: 'FF002', file, layer: 'act_tanh', field: 'name' });
  });

  it('FF002 for a Reshape that changes the number of elements', async () => {
    const dir = tmp();
    const file = await saveModel(functionalTwoOutputs(), dir);
    editModelJson(file, (j) => {
      layerNamed(j, 'to_3x2').config['target_shape'] = [4, 2];
    });
    await expectError(importTfjs(file), { code: 'FF002', file, layer: 'to_3x2', field: 'target_shape' });
  });
});

describe('FF003: missing or short weight data', () => {
  it('names the missing shard file and the first weight it holds', async () => {
    const { file, bin } = await savedSeq();
    rmSync(bin);
    await expectError(importTfjs(file), { code: 'FF003', file: bin, layer: 'fc1', field: 'kernel', message: /fc1\/kernel/ });
  });

  it('names the short shard and the weight that is cut', async () => {
    const { file, bin } = await savedSeq();
    const place = placeOf(file, 'fc4/kernel');
    writeFileSync(bin, readFileSync(bin).subarray(0, place.start + 4));
    await expectError(importTfjs(file), { code: 'FF003', file: bin, layer: 'fc4', field: 'kernel', message: /fc4\/kernel/ });
  });

  it('names the right shard of a multi-shard group', async () => {
    const { dir, file, bin } = await savedSeq();
    const place = placeOf(file, 'fc3/kernel');
    const bytes = readFileSync(bin);
    writeFileSync(join(dir, 'shard1.bin'), bytes.subarray(0, place.start + 8));
    writeFileSync(join(dir, 'shard2.bin'), bytes.subarray(place.start + 8));
    editModelJson(file, (j) => {
      if (j.weightsManifest[0]) j.weightsManifest[0].paths = ['shard1.bin', 'shard2.bin'];
    });
    await expect(importTfjs(file)).resolves.toBeDefined();
    rmSync(join(dir, 'shard2.bin'));
    await expectError(importTfjs(file), { code: 'FF003', file: join(dir, 'shard2.bin'), layer: 'fc3', field: 'kernel' });
  });

  it('names layer and weight when the manifest lacks a weight the topology needs', async () => {
    const { file, bin } = await savedSeq();
    const place = placeOf(file, 'fc2/bias');
    const bytes = readFileSync(bin);
    writeFileSync(bin, Buffer.concat([bytes.subarray(0, place.start), bytes.subarray(place.start + place.length)]));
    editModelJson(file, (j) => {
      const g = j.weightsManifest[0];
      if (g) g.weights = g.weights.filter((w) => w.name !== 'fc2/bias');
    });
    await expectError(importTfjs(file), { code: 'FF003', file, layer: 'fc2', field: 'bias' });
  });
});

describe('FF004: shapes of topology and weights disagree', () => {
  it('when the manifest shape is not the one the topology implies', async () => {
    const { file } = await savedSeq();
    editModelJson(file, (j) => {
      const w = j.weightsManifest[0]?.weights.find((x) => x.name === 'fc1/kernel');
      if (w) w.shape = [8, 6];
    });
    await expectError(importTfjs(file), { code: 'FF004', file, layer: 'fc1', field: 'kernel', message: /\[8, 6\].*\[6, 8\]/ });
  });

  it('when the topology is changed under the weights', async () => {
    const { file } = await savedSeq();
    editModelJson(file, (j) => {
      layerNamed(j, 'out').config['units'] = 4;
    });
    await expectError(importTfjs(file), { code: 'FF004', file, layer: 'out', field: 'kernel' });
  });

  it('when the manifest has a weight no layer owns', async () => {
    const { file, bin } = await savedSeq();
    writeFileSync(bin, Buffer.concat([readFileSync(bin), Buffer.alloc(4)]));
    editModelJson(file, (j) => {
      j.weightsManifest[0]?.weights.push({ name: 'ghost/kernel', shape: [1], dtype: 'float32' });
    });
    await expectError(importTfjs(file), { code: 'FF004', file, layer: 'ghost', field: 'kernel' });
  });
});

describe('FF005: non-finite weights', () => {
  it('NaN in a Dense kernel', async () => {
    const { file, bin } = await savedSeq();
    setFloat(bin, placeOf(file, 'fc2/kernel').start + 4 * 5, NaN);
    await expectError(importTfjs(file), { code: 'FF005', file, layer: 'fc2', field: 'kernel', message: /NaN at index 5/ });
  });

  it('Inf in a BatchNorm moving mean', async () => {
    const { file, bin } = await savedSeq();
    setFloat(bin, placeOf(file, 'bn1/moving_mean').start, -Infinity);
    await expectError(importTfjs(file), { code: 'FF005', file, layer: 'bn1', field: 'moving_mean', message: /-Infinity/ });
  });
});

describe('FF006: unsupported layers and options', () => {
  it('names the layer and its class', async () => {
    const { file } = await savedSeq();
    editModelJson(file, (j) => {
      layerNamed(j, 'act_tanh').class_name = 'Conv3D';
    });
    await expectError(importTfjs(file), { code: 'FF006', file, layer: 'act_tanh', field: 'class_name', message: /Conv3D/ });
  });

  it('an unsupported activation', async () => {
    const { file } = await savedSeq();
    editModelJson(file, (j) => {
      layerNamed(j, 'fc3').config['activation'] = 'elu';
    });
    await expectError(importTfjs(file), { code: 'FF006', file, layer: 'fc3', field: 'activation', message: /'elu'/ });
  });

  it('a Softmax over an axis other than the last (tfjs defaults to axis 1)', async () => {
    const x = tf.input({ shape: [2, 3] });
    const s = tf.layers.softmax({ name: 'sm_axis1' }).apply(x) as tf.SymbolicTensor;
    const file = await saveModel(tf.model({ inputs: x, outputs: s }), tmp());
    await expectError(importTfjs(file), { code: 'FF006', file, layer: 'sm_axis1', field: 'axis' });
  });

  it('a Dense on an input that is not flat', async () => {
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2, 3], name: 'dense3d' })] });
    const file = await saveModel(m, tmp());
    await expectError(importTfjs(file), { code: 'FF006', file, layer: 'dense3d', field: 'inputs' });
  });

  it('a graph model', async () => {
    const { file } = await savedSeq();
    editModelJson(file, (j) => {
      j['format'] = 'graph-model';
    });
    await expectError(importTfjs(file), { code: 'FF006', file, field: 'format' });
  });

  it('an int32 weight', async () => {
    const { file } = await savedSeq();
    editModelJson(file, (j) => {
      const w = j.weightsManifest[0]?.weights[0];
      if (w) w.dtype = 'int32';
    });
    await expectError(importTfjs(file), { code: 'FF006', file, field: 'weightsManifest[0].weights[0].dtype' });
  });
});

describe('FF020: broken layer graph', () => {
  it('an inbound layer that does not exist', async () => {
    const file = await saveModel(functionalTwoOutputs(), tmp());
    editModelJson(file, (j) => {
      layerNamed(j, 'lrelu').inbound_nodes = [[['nowhere', 0, 0, {}]]];
    });
    await expectError(importTfjs(file), { code: 'FF020', file, layer: 'lrelu', field: 'inbound_nodes' });
  });

  it('a cycle', async () => {
    const file = await saveModel(functionalTwoOutputs(), tmp());
    editModelJson(file, (j) => {
      layerNamed(j, 'd1').inbound_nodes = [[['lrelu', 0, 0, {}]]];
    });
    await expectError(importTfjs(file), { code: 'FF020', file, layer: 'd1', field: 'inbound_nodes', message: /cycle/ });
  });
});

describe('loadTfjsModel validates before tfjs sees the files', () => {
  it('reports the same coded errors as importTfjs', async () => {
    const { file, bin } = await savedSeq();
    setFloat(bin, placeOf(file, 'out/bias').start, NaN);
    await expectError(loadTfjsModel(file), { code: 'FF005', file, layer: 'out', field: 'bias' });
    editModelJson(file, (j) => {
      layerNamed(j, 'fc2').class_name = 'Conv2DTranspose';
    });
    await expectError(loadTfjsModel(file), { code: 'FF006', file, layer: 'fc2', field: 'class_name' });
  });
});
