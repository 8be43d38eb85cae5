/** TensorFlow.js models with every convolution-family layer, for the import tests. */
import { tf } from '../../../src/frontends/tfjs/index.js';
import { randomizeWeights } from './helpers/models.js';

type S = tf.SymbolicTensor;
const apply = (layer: tf.layers.Layer, x: S | S[]): S => layer.apply(x) as S;

/** 2D: Conv2D (same, stride 2, relu), DepthwiseConv2D, SeparableConv2D, pools, zero padding, Add, Concatenate, upsampling, GAP, Dense. */
export function conv2dModel(seed = 5): tf.LayersModel {
  const input = tf.input({ shape: [9, 8, 3], name: 'img' });
  const c1 = apply(tf.layers.conv2d({ name: 'c1', filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }), input);
  const dw = apply(tf.layers.depthwiseConv2d({ name: 'dw', kernelSize: [3, 2], depthMultiplier: 2, padding: 'same' }), c1);
  const sep = apply(tf.layers.separableConv2d({ name: 'sep', filters: 8, kernelSize: 3, padding: 'same', useBias: false }), c1);
  const sum = apply(tf.layers.add({ name: 'sum' }), [dw, sep]);
  const bn = apply(tf.layers.batchNormalization({ name: 'bn' }), sum);
  const pad = apply(tf.layers.zeroPadding2d({ name: 'pad', padding: [[1, 0], [0, 2]] }), bn);
  const mp = apply(tf.layers.maxPooling2d({ name: 'mp', poolSize: 2, padding: 'same' }), pad);
  const ap = apply(tf.layers.averagePooling2d({ name: 'ap', poolSize: [3, 2], strides: [2, 1], padding: 'same' }), pad);
  const up = apply(tf.layers.upSampling2d({ name: 'up', size: [1, 3] }), apply(tf.layers.maxPooling2d({ name: 'mp2', poolSize: [1, 3] }), mp));
  const cat = apply(tf.layers.concatenate({ name: 'cat' }), [mp, up]);
  const g1 = apply(tf.layers.globalAveragePooling2d({ name: 'gap' }), cat);
  const g2 = apply(tf.layers.globalMaxPooling2d({ name: 'gmp' }), ap);
  const both = apply(tf.layers.concatenate({ name: 'pooled' }), [g1, g2]);
  const out = apply(tf.layers.dense({ name: 'out', units: 3, activation: 'softmax' }), both);
  const model = tf.model({ name: 'conv2d_all', inputs: input, outputs: out });
  randomizeWeights(model, seed);
  return model;
}

/** 1D: Conv1D (same, strided valid; tfjs cannot run causal), pools, GlobalAveragePooling1D (tfjs has no ZeroPadding1D or UpSampling1D). */
export function conv1dModel(seed = 6): tf.LayersModel {
  const input = tf.input({ shape: [12, 2], name: 'seq' });
  const c1 = apply(tf.layers.conv1d({ name: 'c1', filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh' }), input);
  const c2 = apply(tf.layers.conv1d({ name: 'c2', filters: 4, kernelSize: 2, strides: 2 }), c1);
  const mp = apply(tf.layers.maxPooling1d({ name: 'mp', poolSize: 2, padding: 'same' }), c2);
  const ap = apply(tf.layers.averagePooling1d({ name: 'ap', poolSize: 3, strides: 1, padding: 'same' }), mp);
  const gap = apply(tf.layers.globalAveragePooling1d({ name: 'gap' }), ap);
  const model = tf.model({ name: 'conv1d_all', inputs: input, outputs: gap });
  randomizeWeights(model, seed);
  return model;
}
