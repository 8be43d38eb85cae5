/**
 * Train the bundled MobileNet-style Fashion-MNIST CNN with TensorFlow.js and
 * save it in the TensorFlow.js Layers format (examples/cnn/model/).
 *
 *   node --import tsx examples/cnn/train-cnn.ts                 # wasm backend, 3 epochs
 *   node --import tsx examples/cnn/train-cnn.ts --backend cpu --epochs 1 --limit 2000 --out /tmp/cnn/model.json
 *   node --import tsx examples/cnn/train-cnn.ts --resume examples/cnn/model/model.json --epochs 2 --lr 0.001 --seed 7
 *
 * Topology (28×28×1 input, pixels byte / 255 as readFashionMnist returns them):
 *   conv0 3×3×16 stride 2 → BN → ReLU, then three depthwise-separable blocks
 *   (depthwise 3×3 → BN → ReLU → pointwise 1×1 → BN → ReLU) with strides 1, 2, 1
 *   and 32, 64, 64 output channels, global average pooling, Dense 10 softmax.
 * Convolutions have no bias (the BatchNorm that follows supplies it once folded).
 *
 * Seeded initializers and a seeded shuffle; progress goes to stderr.
 */
import { parseArgs } from 'node:util';
import '@tensorflow/tfjs-backend-wasm';
import { readFashionMnist, type FashionMnist } from '../../src/datasets/fashion-mnist.js';
import { fileSaveHandler, loadTfjsModel, tf } from '../../src/frontends/tfjs/index.js';
import { permutation } from '../../src/compress/train/dataset.js';
import { oneHotBatch } from '../fashion-batch.js';
import { seededRandom } from '../prng.js';
import { registerWasmConvGradients } from './wasm-conv-gradients.js';

const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '3' },
    batch: { type: 'string', default: '128' },
    lr: { type: 'string', default: '0.004' },
    seed: { type: 'string', default: '2025' },
    backend: { type: 'string', default: 'wasm' },
    limit: { type: 'string' },
    /** continue training a saved model (same topology) instead of a fresh one */
    resume: { type: 'string' },
    out: { type: 'string', default: 'examples/cnn/model/model.json' },
  },
});

const epochs = Number(args.epochs);
const batchSize = Number(args.batch);
const seed = Number(args.seed);
const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** (width of the pointwise conv, stride of the depthwise conv) per separable block */
const BLOCKS: readonly (readonly [number, number])[] = [
  [32, 1],
  [64, 2],
  [64, 1],
];

function buildCnn(seedValue: number): tf.LayersModel {
  let k = 0;
  const init = () => tf.initializers.heNormal({ seed: seedValue + ++k });
  const bnRelu = (x: tf.SymbolicTensor, name: string): tf.SymbolicTensor => {
    const bn = tf.layers.batchNormalization({ name: `${name}_bn`, momentum: 0.9 }).apply(x) as tf.SymbolicTensor;
    return tf.layers.reLU({ name: `${name}_relu` }).apply(bn) as tf.SymbolicTensor;
  };
  const input = tf.input({ shape: [28, 28, 1], name: 'image' });
  let x = tf.layers
    .conv2d({ name: 'conv0', filters: 16, kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: init() })
    .apply(input) as tf.SymbolicTensor;
  x = bnRelu(x, 'conv0');
  BLOCKS.forEach(([filters, stride], i) => {
    const dw = `block${i + 1}_dw`;
    const pw = `block${i + 1}_pw`;
    x = tf.layers
      .depthwiseConv2d({ name: dw, kernelSize: 3, strides: stride, padding: 'same', useBias: false, depthwiseInitializer: init() })
      .apply(x) as tf.SymbolicTensor;
    x = bnRelu(x, dw);
    x = tf.layers
      .conv2d({ name: pw, filters, kernelSize: 1, useBias: false, kernelInitializer: init() })
      .apply(x) as tf.SymbolicTensor;
    x = bnRelu(x, pw);
  });
  x = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({ name: 'out', units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seedValue }) })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ name: 'fashion_cnn', inputs: input, outputs: output });
}

function batchTensors(ds: FashionMnist, idx: ArrayLike<number>): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const { xs, ys } = oneHotBatch(ds, idx);
  return { x: tf.tensor4d(xs, [idx.length, ds.rows, ds.cols, 1]), y: tf.tensor2d(ys, [idx.length, 10]) };
}

function accuracy(model: tf.LayersModel, ds: FashionMnist): number {
  let correct = 0;
  for (let start = 0; start < ds.count; start += 500) {
    const idx = Array.from({ length: Math.min(500, ds.count - start) }, (_, i) => start + i);
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
  registerWasmConvGradients();
  await tf.setBackend(args.backend);
  await tf.ready();
  const model = args.resume === undefined ? buildCnn(seed) : await loadTfjsModel(args.resume);
  if (args.resume !== undefined) log(`resuming from ${args.resume}`);
  log(`train ${train.count} images, test ${test.count}; backend ${tf.getBackend()}; ${model.countParams()} parameters; ${epochs} epochs of batch ${batchSize}`);
  const optimizer = tf.train.adam(Number(args.lr));
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const rand = seededRandom(seed);
  const batches = Math.ceil(train.count / batchSize);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    // cosine decay of the learning rate over the epochs
    // (tfjs reads the field on every step but declares it protected)
    (optimizer as unknown as { learningRate: number }).learningRate = Number(args.lr) * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / epochs));
    const order = permutation(train.count, rand);
    const started = Date.now();
    let lossSum = 0;
    for (let b = 0; b < batches; b++) {
      const { x, y } = batchTensors(train, order.subarray(b * batchSize, (b + 1) * batchSize));
      const [loss] = (await model.trainOnBatch(x, y)) as number[];
      tf.dispose([x, y]);
      lossSum += loss ?? NaN;
      if ((b + 1) % 50 === 0 || b + 1 === batches) {
        const rate = ((b + 1) * batchSize) / ((Date.now() - started) / 1000);
        log(`epoch ${epoch}/${epochs} batch ${b + 1}/${batches} loss ${(lossSum / (b + 1)).toFixed(4)} (${rate.toFixed(0)} images/s)`);
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
