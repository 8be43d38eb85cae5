/** The bundled example models: committed files, their import, and their float behaviour. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../../sim/float-reference.js';
import { makeJetMlp } from '../../../examples/jet-mlp-model.js';
import { randomRows, seededRandom } from '../../../examples/prng.js';
import { FASHION_MNIST_DIR, imageRows, readFashionMnist } from '../../../src/datasets/fashion-mnist.js';
import { importTfjs, loadTfjsModel, tfjsPredict } from '../../../src/frontends/tfjs/index.js';
import { maxFloatError } from './helpers/float-compare.js';
import { saveModel } from './helpers/models.js';
import { useTmpDir } from './helpers/tmp-dir.js';

const tmp = useTmpDir();
const JET = 'examples/jet-mlp/model.json';
const FASHION = 'examples/fashion-mlp/model.json';

const argmax = (row: readonly number[]): number => row.reduce((best, v, i) => (v > (row[best] ?? -Infinity) ? i : best), 0);

describe('examples/jet-mlp', () => {
  it('is what make-jet-mlp.ts writes, byte for byte', async () => {
    const dir = tmp();
    await saveModel(makeJetMlp(), dir);
    for (const f of ['model.json', 'weights.bin']) {
      expect(readFileSync(join(dir, f)).equals(readFileSync(join('examples/jet-mlp', f))), f).toBe(true);
    }
  });

  it('imports as 16-64-32-32-5 with ReLU hidden layers and a softmax output, and computes what tfjs computes', async () => {
    const g = await importTfjs(JET);
    expect(g.nodes.map((n) => `${n.op}:${n.name}:[${n.shape.join(',')}]`)).toEqual([
      'input:fc1_input:[16]',
      'dense:fc1:[64]',
      'activation:fc1_relu:[64]',
      'dense:fc2:[32]',
      'activation:fc2_relu:[32]',
      'dense:fc3:[32]',
      'activation:fc3_relu:[32]',
      'dense:output:[5]',
      'softmax:output_softmax:[5]',
    ]);
    const rows = randomRows(seededRandom(99), 100, 16, 2);
    const ref = tfjsPredict(await loadTfjsModel(JET), rows);
    expect(maxFloatError(evaluateGraph(g, rows), ref)).toBeLessThan(1e-4);
  });
});

describe('examples/fashion-mlp', () => {
  it('is a small 784-64-32-10 model', async () => {
    const bytes = statSync(FASHION).size + statSync('examples/fashion-mlp/weights.bin').size;
    expect(bytes).toBeLessThan(300 * 1024);
    const g = await importTfjs(FASHION);
    expect(g.nodes.map((n) => `${n.op}:${n.name}:[${n.shape.join(',')}]`)).toEqual([
      'input:fc1_input:[784]',
      'dense:fc1:[64]',
      'activation:fc1_relu:[64]',
      'dense:fc2:[32]',
      'activation:fc2_relu:[32]',
      'dense:out:[10]',
      'softmax:out_softmax:[10]',
    ]);
  });

  // Needs the Debian package dataset-fashion-mnist, which CI installs.
  describe.skipIf(!existsSync(FASHION_MNIST_DIR) && !process.env['CI'])('on the Fashion-MNIST test set', () => {
    it('reaches at least 85% float accuracy in tfjs, and the graph IR agrees with tfjs', async () => {
      const test = readFashionMnist('test');
      const rows = imageRows(test);
      const ref = tfjsPredict(await loadTfjsModel(FASHION), rows);
      const correct = ref.filter((row, k) => argmax(row) === test.labels[k]).length;
      expect(correct / test.count).toBeGreaterThanOrEqual(0.85);
      const g = await importTfjs(FASHION);
      const sample = rows.slice(0, 200);
      expect(maxFloatError(evaluateGraph(g, sample), ref.slice(0, 200))).toBeLessThan(1e-3);
    });
  });
});
