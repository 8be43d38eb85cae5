/**
 * Float test accuracy of a Fashion-MNIST model, as TensorFlow.js computes it
 * after loading the files through the fixflow frontend (loadTfjsModel).
 *
 *   node --import tsx examples/eval-fashion.ts [examples/fashion-mlp/model.json] [--limit N]
 */
import { parseArgs } from 'node:util';
import { imageRows, readFashionMnist } from '../src/datasets/fashion-mnist.js';
import { loadTfjsModel, tfjsPredict } from '../src/frontends/tfjs/index.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { limit: { type: 'string' } } });
const file = positionals[0] ?? 'examples/fashion-mlp/model.json';
const test = readFashionMnist('test', values.limit === undefined ? {} : { limit: Number(values.limit) });
const probabilities = tfjsPredict(await loadTfjsModel(file), imageRows(test));
const argmax = (row: readonly number[]): number => row.reduce((best, v, i) => (v > (row[best] ?? -Infinity) ? i : best), 0);
const correct = probabilities.filter((row, k) => argmax(row) === test.labels[k]).length;
process.stdout.write(`${file}: float test accuracy ${((100 * correct) / test.count).toFixed(2)}% (${correct}/${test.count})\n`);
