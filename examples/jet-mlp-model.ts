/**
 * The hls4ml jet-tagging topology, 16-64-32-32-5 (ReLU hidden layers,
 * softmax output), with random but seeded weights: kernels uniform in the
 * Glorot range ±sqrt(6 / (fanIn + fanOut)), biases uniform in ±0.1. The
 * benches use it for its shape, not for its accuracy.
 */
import { tf } from '../src/frontends/tfjs/index.js';
import { seededRandom, uniformFloat32 } from './prng.js';

export const JET_MLP_SEED = 16643;

export function makeJetMlp(seed = JET_MLP_SEED): tf.Sequential {
  const model = tf.sequential({
    name: 'jet_mlp',
    layers: [
      tf.layers.dense({ name: 'fc1', units: 64, activation: 'relu', inputShape: [16] }),
      tf.layers.dense({ name: 'fc2', units: 32, activation: 'relu' }),
      tf.layers.dense({ name: 'fc3', units: 32, activation: 'relu' }),
      tf.layers.dense({ name: 'output', units: 5, activation: 'softmax' }),
    ],
  });
  const rand = seededRandom(seed);
  for (const layer of model.layers) {
    const [kernel, bias] = layer.weights;
    if (!kernel || !bias) throw new Error(`layer ${layer.name} lacks kernel or bias`);
    const [fanIn = 0, fanOut = 0] = kernel.shape as number[];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    layer.setWeights([
      tf.tensor2d(uniformFloat32(rand, fanIn * fanOut, limit), [fanIn, fanOut]),
      tf.tensor1d(uniformFloat32(rand, fanOut, 0.1)),
    ]);
  }
  return model;
}
