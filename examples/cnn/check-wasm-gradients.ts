/**
 * Check examples/cnn/wasm-conv-gradients.ts: gradients of conv2d,
 * depthwiseConv2d (depth multipliers 1 and 2) and batchNorm on small tensors
 * (strides 1 and 2, 'same' and 'valid'), computed by tfjs's own kernels and
 * gradients on the pure-JS CPU backend, then with the replacements on the wasm
 * backend. Prints the largest relative difference.
 *
 *   node --import tsx examples/cnn/check-wasm-gradients.ts
 */
import '@tensorflow/tfjs-backend-wasm';
import { tf } from '../../src/frontends/tfjs/index.js';
import { registerWasmConvGradients } from './wasm-conv-gradients.js';

const CASES = [
  [1, 'same', 3, 3],
  [2, 'same', 3, 4],
  [2, 'valid', 3, 2],
  [1, 'same', 1, 5],
  [2, 'same', 2, 3],
] as const;

const filled = (shape: number[], f: (i: number) => number): tf.Tensor4D =>
  tf.tensor4d(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)), shape as [number, number, number, number]);

const sumSq = (t: tf.Tensor): tf.Scalar => tf.sum(tf.square(t));

function gradients(): number[][] {
  const out: number[][] = [];
  for (const [s, pad, k, c] of CASES) {
    const x = filled([2, 7, 6, c], (i) => Math.sin(i * 0.37));
    const f = filled([k, k, c, 4], (i) => Math.cos(i * 0.11));
    const d2 = filled([k, k, c, 2], (i) => Math.cos(i * 0.23));
    const d1 = filled([k, k, c, 1], (i) => Math.cos(i * 0.31));
    const mean = tf.tensor1d(Array.from({ length: c }, (_, i) => 0.1 * i));
    const variance = tf.tensor1d(Array.from({ length: c }, (_, i) => 1 + 0.2 * i));
    const conv = tf.grads((a: tf.Tensor, b: tf.Tensor) => sumSq(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, pad)));
    const depthwise = tf.grads((a: tf.Tensor, b: tf.Tensor) => sumSq(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, pad)));
    const bn = tf.grads((a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, g: tf.Tensor) => sumSq(tf.batchNorm(a, m, v, o, g, 0.001)));
    const all = [...conv([x, f]), ...depthwise([x, d2]), ...depthwise([x, d1]), ...bn([x, mean, variance, mean, variance])];
    for (const g of all) out.push(Array.from(g.dataSync()));
  }
  return out;
}

await tf.setBackend('cpu');
const reference = gradients();
registerWasmConvGradients();
await tf.setBackend('wasm');
const replaced = gradients();
let worst = 0;
reference.forEach((v, i) => v.forEach((r, j) => (worst = Math.max(worst, Math.abs(r - (replaced[i]?.[j] ?? NaN)) / (1 + Math.abs(r))))));
process.stdout.write(`${reference.length} gradients, ${reference.flat().length} values: largest relative difference ${worst.toExponential(2)}\n`);
