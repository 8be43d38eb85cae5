/**
 * Train the bundled Fashion-MNIST MLP (784-64-32-10, ReLU hidden layers,
 * softmax output) with TensorFlow.js on the pure-JS CPU backend, and save it
 * in the TensorFlow.js Layers format.
 *
 *   npm run train:mlp                      # → examples/fashion-mlp/model.json + weights.bin
 *   node --import tsx examples/train-mlp.ts --epochs 2 --out /tmp/mlp/model.json
 *
 * Deterministic: seeded initializers and a seeded shuffle give the same
 * weights on every run with the same tfjs version. Progress goes to stderr.
 */
import { parseArgs } from 'node:util';
import { readFashionMnist, type FashionMnist } from '../src/datasets/fashion-mnist.js';
import { fileSaveHandler, tf } from '../src/frontends/tfjs/index.js';
import { permutation } from '../src/compress/train/dataset.js';
import { oneHotBatch } from './fashion-batch.js';
import { seededRandom } from './prng.js';

const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '8' },
    batch: { type: 'string', default: '64' },
    lr: { type: 'string', default: '0.001' },
    seed: { type: 'string', default: '2024' },
    limit: { type: 'string' },
    out: { type: 'string', default: 'examples/fashion-mlp/model.json' },
  },
});

const epochs = Number(args.epochs);
const batchSize = Number(args.batch);
const seed = Number(args.seed);
const log = (line: string): void => void process.stderr.write(`${line}\n`);

function buildMlp(seedValue: number): tf.Sequential {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seedValue + k });
  return tf.sequential({
    name: 'fashion_mlp',
    layers: [
      tf.layers.dense({ name: 'fc1', units: 64, activation: 'relu', inputShape: [784], kernelInitializer: init(1) }),
      tf.layers.dense({ name: 'fc2', units: 32, activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.dense({ name: 'out', units: 10, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
}

function batchTensors(ds: FashionMnist, idx: ArrayLike<number>): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const { xs, ys } = oneHotBatch(ds, idx);
  const size = ds.rows * ds.cols;
  return { x: tf.tensor2d(xs, [idx.length, size]), y: tf.tensor2d(ys, [idx.length, 10]) };
}

function accuracy(model: tf.LayersModel, ds: FashionMnist): number {
  let correct = 0;
  for (let start = 0; start < ds.count; start += 1000) {
    const idx = Array.from({ length: Math.min(1000, ds.count - start) }, (_, i) => start + i);
    const { x, y } = batchTensors(ds, idx);
    const predicted = tf.tidy(() => (model.predict(x) as tf.Tensor).argMax(-1).dataSync());
    idx.forEach((k, r) => (correct += predicted[r] === ds.labels[k] ? 1 : 0));
    tf.dispose([x, y]);
  }
  return correct / ds.count;
}

async function main(): Promise<void> {
  const limit = args.limit === undefined ? undefined : Number(args.limit);
  const train = readFashionMnist('train', limit === undefined ? {} : { limit });
  const test = readFashionMnist('test');
  await tf.ready();
  log(`train ${train.count} images, test ${test.count}; backend ${tf.getBackend()}; ${epochs} epochs of batch ${batchSize}`);
  const model = buildMlp(seed);
  model.compile({ optimizer: tf.train.adam(Number(args.lr)), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const rand = seededRandom(seed);
  const batches = Math.ceil(train.count / batchSize);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = permutation(train.count, rand);
    const started = Date.now();
    let lossSum = 0;
    for (let b = 0; b < batches; b++) {
      const { x, y } = batchTensors(train, order.subarray(b * batchSize, (b + 1) * batchSize));
      const [loss] = (await model.trainOnBatch(x, y)) as number[];
      tf.dispose([x, y]);
      lossSum += loss ?? NaN;
      if ((b + 1) % 100 === 0 || b + 1 === batches) {
        log(`epoch ${epoch}/${epochs} batch ${b + 1}/${batches} loss ${(lossSum / (b + 1)).toFixed(4)}`);
      }
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const acc = (100 * accuracy(model, test)).toFixed(2);
    log(`epoch ${epoch}/${epochs} done in ${seconds} s: mean loss ${(lossSum / batches).toFixed(4)}, test accuracy ${acc}%`);
  }
  await model.save(fileSaveHandler(args.out));
  log(`saved ${args.out}`);
}

await main();
