/**
 * The training loop shared by every method that trains: Adam on mini-
 * batches in a seeded order, softmax cross-entropy on the logits by default
 * or a method's own loss, and a hook after each step (pruning masks, weight
 * clipping). Progress is reported once per `progressEvery` steps and at the
 * end of each epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkRange } from '../request-error.js';
import { checkData, gather, permutation, prng, type LabelledData } from './dataset.js';
import { logitsNode, type ForwardHooks, type GraphNet } from './graph-net.js';

export interface StepContext {
  readonly outputs: ReadonlyMap<string, tf.Tensor2D>;
  readonly labels: tf.Tensor1D;
  readonly x: tf.Tensor2D;
}

export interface Progress {
  readonly epoch: number;
  readonly step: number;
  readonly stepsPerEpoch: number;
  readonly loss: number;
}

export interface FitOptions {
  readonly epochs: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly seed?: number;
  readonly hooks?: ForwardHooks;
  /** loss of one batch; default: softmax cross-entropy of the logits against the labels */
  readonly loss?: (ctx: StepContext) => tf.Scalar;
  /** extra variables trained with the net's (e.g. a FitNets regressor) */
  readonly extraVariables?: readonly tf.Variable[];
  /** run after each optimizer step, with the global step count (from 1) */
  readonly afterStep?: (step: number) => void;
  readonly onProgress?: (p: Progress) => void;
  readonly progressEvery?: number;
}

export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const classes = logits.shape[1] ?? 1;
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, classes), logits) as tf.Scalar;
}

export function fitGraphNet(net: GraphNet, data: LabelledData, opts: FitOptions): { steps: number; lastLoss: number } {
  checkData(data, net.inSize, 'training data');
  checkInteger(opts.epochs, 0, 10_000, 'epochs');
  const batchSize = opts.batchSize ?? 64;
  checkInteger(batchSize, 1, 1 << 20, 'batchSize');
  const lr = opts.learningRate ?? 1e-3;
  checkRange(lr, 0, 10, 'learningRate', undefined, { lo: true });
  const rand = prng(opts.seed ?? 1);
  const optimizer = tf.train.adam(lr);
  const vars = [...net.trainable(), ...(opts.extraVariables ?? [])];
  const logits = logitsNode(net.graph);
  const stepsPerEpoch = Math.ceil(data.n / batchSize);
  const every = opts.progressEvery ?? 100;
  let step = 0;
  let lastLoss = NaN;
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const order = permutation(data.n, rand);
    let epochLoss = 0;
    for (let b = 0; b < stepsPerEpoch; b++) {
      const idx = order.subarray(b * batchSize, Math.min(data.n, (b + 1) * batchSize));
      const batch = gather(data, idx);
      const lossValue = tf.tidy(() => {
        const x = tf.tensor2d(batch.x, [idx.length, data.inSize]);
        const labels = tf.tensor1d(batch.labels, 'int32');
        const { value, grads } = tf.variableGrads(() => {
          const outputs = net.forward(x, { training: true, hooks: opts.hooks ?? {} });
          if (opts.loss !== undefined) return opts.loss({ outputs, labels, x });
          const z = outputs.get(logits);
          if (z === undefined) throw new Error(`logits node '${logits}' missing`);
          return crossEntropy(z, labels);
        }, vars);
        optimizer.applyGradients(grads as tf.NamedTensorMap as unknown as Parameters<typeof optimizer.applyGradients>[0]);
        return value.dataSync()[0] ?? NaN;
      });
      net.applyBatchStats();
      step++;
      epochLoss += lossValue;
      lastLoss = lossValue;
      opts.afterStep?.(step);
      if (opts.onProgress !== undefined && (step % every === 0 || b === stepsPerEpoch - 1)) {
        opts.onProgress({ epoch, step, stepsPerEpoch, loss: b === stepsPerEpoch - 1 ? epochLoss / stepsPerEpoch : lossValue });
      }
    }
  }
  optimizer.dispose();
  return { steps: step, lastLoss };
}

/** Logits of the whole data set, in batches: [n × classes]. */
export function predictLogits(net: GraphNet, data: LabelledData, hooks: ForwardHooks = {}, node?: string, batchSize = 256): Float32Array {
  checkData(data, net.inSize, 'evaluation data');
  const name = node ?? logitsNode(net.graph);
  const parts: Float32Array[] = [];
  for (let s = 0; s < data.n; s += batchSize) {
    const e = Math.min(data.n, s + batchSize);
    parts.push(
      tf.tidy(() => {
        const x = tf.tensor2d(data.x.subarray(s * data.inSize, e * data.inSize), [e - s, data.inSize]);
        const y = net.forward(x, { training: false, hooks }).get(name);
        if (y === undefined) throw new Error(`node '${name}' missing`);
        return y.dataSync() as Float32Array;
      }),
    );
  }
  const total = parts.reduce((a, p) => a + p.length, 0);
  const out = new Float32Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function accuracyFromLogits(logits: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = labels.length;
  const classes = logits.length / n;
  let hit = 0;
  for (let s = 0; s < n; s++) {
    let best = 0;
    for (let j = 1; j < classes; j++) if ((logits[s * classes + j] ?? 0) > (logits[s * classes + best] ?? 0)) best = j;
    if (best === labels[s]) hit++;
  }
  return hit / n;
}

export function netAccuracy(net: GraphNet, data: LabelledData, hooks: ForwardHooks = {}): number {
  return accuracyFromLogits(predictLogits(net, data, hooks), data.labels);
}
