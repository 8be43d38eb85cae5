import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom, randomRows } from '../../../examples/prng.js';
import { CompileError } from '../../../src/core/diagnostics.js';
import { loadTfjsModel, tf, tfjsPredict } from '../../../src/frontends/tfjs/index.js';
import { functionalTwoInputs, saveModel, sequentialAll } from './helpers/models.js';
import { useTmpDir } from './helpers/tmp-dir.js';

const tmp = useTmpDir();

describe('fileSaveHandler / loadTfjsModel', () => {
  it('round-trips a model: same predictions bit for bit', async () => {
    const model = sequentialAll(5);
    const file = await saveModel(model, tmp());
    const loaded = await loadTfjsModel(file);
    const rows = randomRows(seededRandom(3), 20, 6);
    expect(tfjsPredict(loaded, rows)).toEqual(tfjsPredict(model, rows));
  });

  it('writes byte-identical files for the same model', async () => {
    const a = tmp();
    const b = tmp();
    await saveModel(sequentialAll(7), a);
    await saveModel(sequentialAll(7), b);
    for (const f of ['model.json', 'weights.bin']) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f)))).toBe(true);
    const json = JSON.parse(readFileSync(join(a, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[]; format: string };
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest.map((g) => g.paths)).toEqual([['weights.bin']]);
  });
});

describe('tfjsPredict', () => {
  it('concatenates several inputs and outputs in model order', () => {
    const model = functionalTwoInputs();
    const out = tfjsPredict(model, [[1, 2, 3, 4, 0.5, -0.5]]);
    // the same sample, each input fed as its own tensor
    const [ya, yb] = model.predict([tf.tensor([[1, 2, 3, 4]]), tf.tensor([[0.5, -0.5]])]) as tf.Tensor[];
    if (!ya || !yb) throw new Error('two outputs expected');
    expect(out).toEqual([[...Array.from(ya.dataSync()), ...Array.from(yb.dataSync())]]);
  });

  it('batches: the result does not depend on the batch size', () => {
    const model = sequentialAll(9);
    const rows = randomRows(seededRandom(4), 37, 6);
    expect(tfjsPredict(model, rows, 5)).toEqual(tfjsPredict(model, rows, 256));
  });

  it('FF010 for a row of the wrong length', () => {
    const model = sequentialAll();
    let caught: unknown;
    try {
      tfjsPredict(model, [[1, 2, 3, 4, 5, 6], [1, 2]]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CompileError);
    expect(caught).toMatchObject({ code: 'FF010', field: 'inputs[1]' });
  });
});
