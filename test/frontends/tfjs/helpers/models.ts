/** Small TensorFlow.js models covering every supported layer, with seeded weights. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom, uniformFloat32 } from '../../../../examples/prng.js';
import { fileSaveHandler, tf } from '../../../../src/frontends/tfjs/index.js';

/** Replace every weight by seeded uniform values (variances kept positive). */
export function randomizeWeights(model: tf.LayersModel, seed: number): void {
  const rand = seededRandom(seed);
  for (const layer of model.layers) {
    const ws = layer.weights;
    if (ws.length === 0) continue;
    layer.setWeights(
      ws.map((w) => {
        const shape = w.shape as number[];
        const v = uniformFloat32(rand, shape.reduce((a, b) => a * b, 1), 1);
        if (w.originalName.endsWith('/moving_variance')) v.forEach((x, i) => (v[i] = Math.abs(x) + 0.25));
        return tf.tensor(v, shape);
      }),
    );
  }
}

/** Sequential: every supported layer class and fused activation. Input [6], output [3]. */
export function sequentialAll(seed = 1): tf.Sequential {
  const m = tf.sequential({
    name: 'seq_all',
    layers: [
      tf.layers.dense({ units: 8, inputShape: [6], activation: 'relu', name: 'fc1' }),
      tf.layers.batchNormalization({ name: 'bn1', epsilon: 0.01 }),
      tf.layers.reLU({ maxValue: 6, name: 'relu_capped' }),
      tf.layers.dropout({ rate: 0.5, name: 'drop' }),
      tf.layers.dense({ units: 8, activation: 'relu6', name: 'fc2' }),
      tf.layers.dense({ units: 8, name: 'fc3' }),
      tf.layers.leakyReLU({ alpha: 0.2, name: 'leaky' }),
      tf.layers.activation({ activation: 'tanh', name: 'act_tanh' }),
      tf.layers.dense({ units: 5, activation: 'sigmoid', useBias: false, name: 'fc4' }),
      tf.layers.activation({ activation: 'linear', name: 'act_lin' }),
      tf.layers.dense({ units: 3, activation: 'softmax', name: 'out' }),
    ],
  });
  randomizeWeights(m, seed);
  return m;
}

/** Functional: input [2, 3] → Flatten → Dense → LeakyReLU → Reshape → Softmax, and the Dense as a second output. */
export function functionalTwoOutputs(seed = 2): tf.LayersModel {
  const x = tf.input({ shape: [2, 3], name: 'x' });
  const f = tf.layers.flatten({ name: 'flat' }).apply(x) as tf.SymbolicTensor;
  const d = tf.layers.dense({ units: 6, name: 'd1' }).apply(f) as tf.SymbolicTensor;
  const l = tf.layers.leakyReLU({ alpha: 0.1, name: 'lrelu' }).apply(d) as tf.SymbolicTensor;
  const r = tf.layers.reshape({ targetShape: [3, 2], name: 'to_3x2' }).apply(l) as tf.SymbolicTensor;
  const b = tf.layers.batchNormalization({ name: 'bn', center: false }).apply(r) as tf.SymbolicTensor;
  const s = tf.layers.softmax({ name: 'sm', axis: -1 }).apply(b) as tf.SymbolicTensor;
  const m = tf.model({ name: 'func_two', inputs: x, outputs: [s, d] });
  randomizeWeights(m, seed);
  return m;
}

/** Functional with two inputs and two outputs: a → Dense(3), b → Dense(2, relu). */
export function functionalTwoInputs(seed = 3): tf.LayersModel {
  const a = tf.input({ shape: [4], name: 'in_a' });
  const b = tf.input({ shape: [2], name: 'in_b' });
  const ya = tf.layers.dense({ units: 3, name: 'da' }).apply(a) as tf.SymbolicTensor;
  const yb = tf.layers.dense({ units: 2, activation: 'relu', name: 'db' }).apply(b) as tf.SymbolicTensor;
  const m = tf.model({ name: 'two_in', inputs: [a, b], outputs: [ya, yb] });
  randomizeWeights(m, seed);
  return m;
}

/** Save `model` as `<dir>/model.json` + `<dir>/weights.bin`; returns the model.json path. */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<string> {
  const file = join(dir, 'model.json');
  await model.save(fileSaveHandler(file));
  return file;
}

export interface LooseLayer {
  name?: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes?: unknown;
}

/** The parts of a model.json the error tests edit. */
export interface LooseModelJson {
  [key: string]: unknown;
  modelTopology: { class_name: string; config: { layers: LooseLayer[]; [key: string]: unknown } };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string; [key: string]: unknown }[] }[];
}

/** Rewrite a saved model.json through `edit` (which may mutate the parsed object). */
export function editModelJson(file: string, edit: (json: LooseModelJson) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8')) as LooseModelJson;
  edit(json);
  writeFileSync(file, JSON.stringify(json));
}
