import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { distill } from '../../src/compress/distill/distill.js';
import { hintLoss, responseLoss, softTargetLoss } from '../../src/compress/distill/losses.js';
import { measureGraph } from '../../src/compress/model-size.js';
import type { LabelledData } from '../../src/compress/train/dataset.js';
import { crossEntropy, fitGraphNet, netAccuracy } from '../../src/compress/train/fit.js';
import { GraphNet } from '../../src/compress/train/graph-net.js';
import { initMlp } from '../../src/compress/train/init-mlp.js';
import { prng } from '../helpers/prng.js';
import { expectCode } from './helpers.js';

/** Three classes by angle of a 2-D point: a problem a small MLP learns. */
function spiralData(n: number, seed: number): LabelledData {
  const r = prng(seed);
  const x = new Float32Array(n * 2);
  const labels = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const a = 2 * Math.PI * r();
    const rad = 0.2 + r();
    x[2 * s] = rad * Math.cos(a);
    x[2 * s + 1] = rad * Math.sin(a);
    labels[s] = Math.floor((a / (2 * Math.PI)) * 3) % 3;
  }
  return { n, inSize: 2, x, labels };
}

const scalar = (t: tf.Scalar): number => t.dataSync()[0] ?? NaN;

describe('distillation losses', () => {
  it('soft-target loss is 0 for equal logits and T²·KL otherwise', () => {
    tf.tidy(() => {
      const z = tf.tensor2d([[1, 2, 3], [0, -1, 4]]);
      expect(scalar(softTargetLoss(z, z, 3))).toBeCloseTo(0, 6);
      const s = tf.tensor2d([[0, 0]]);
      const t = tf.tensor2d([[Math.log(3), 0]]); // teacher probs (3/4, 1/4) at T = 1
      const kl = 0.75 * Math.log(0.75 / 0.5) + 0.25 * Math.log(0.25 / 0.5);
      expect(scalar(softTargetLoss(s, t, 1))).toBeCloseTo(kl, 5);
      expect(scalar(softTargetLoss(tf.mul(s, 2) as tf.Tensor2D, tf.mul(t, 2) as tf.Tensor2D, 2))).toBeCloseTo(4 * kl, 5);
    });
  });

  it('α mixes soft and hard terms; hint loss is ½‖r(g) − h‖²', () => {
    tf.tidy(() => {
      const s = tf.tensor2d([[0.5, -0.5, 1]]);
      const t = tf.tensor2d([[2, 0, -1]]);
      const y = tf.tensor1d([2], 'int32');
      const ce = scalar(crossEntropy(s, y));
      const soft = scalar(softTargetLoss(s, t, 2));
      expect(scalar(responseLoss(s, t, y, { temperature: 2, alpha: 0 }))).toBeCloseTo(ce, 5);
      expect(scalar(responseLoss(s, t, y, { temperature: 2, alpha: 0.3 }))).toBeCloseTo(0.3 * soft + 0.7 * ce, 5);
      const g = tf.tensor2d([[1, 2]]);
      const r = tf.tensor2d([[1, 0, 1], [0, 1, 1]]);
      const h = tf.tensor2d([[1, 1, 1]]);
      expect(scalar(hintLoss(g, r, h))).toBeCloseTo(0.5 * (0 + 1 + 4), 6);
    });
  });
});

describe('training a student from a teacher', () => {
  const train = spiralData(600, 1);
  const test = spiralData(300, 2);
  const teacherNet = new GraphNet(initMlp('teacher', [2, 32, 32, 3], 1));
  fitGraphNet(teacherNet, train, { epochs: 30, batchSize: 32, learningRate: 0.01 });
  const teacher = teacherNet.toGraph();
  const teacherAcc = netAccuracy(teacherNet, test);
  teacherNet.dispose();
  const student = initMlp('student', [2, 8, 3], 2);

  it('the teacher learns; a student at ≤ 25% of its parameters learns from it (KD and FitNets)', () => {
    expect(teacherAcc).toBeGreaterThan(0.9);
    expect(measureGraph(student).parameters / measureGraph(teacher).parameters).toBeLessThanOrEqual(0.25);
    for (const hint of [undefined, { teacherNode: 'relu_1', studentNode: 'relu_1', epochs: 3 }]) {
      const s = distill(teacher, student, train, {
        temperature: 3,
        alpha: 0.8,
        ...(hint !== undefined ? { hint } : {}),
        fit: { epochs: 30, batchSize: 32, learningRate: 0.01 },
      });
      const net = new GraphNet(s);
      const acc = netAccuracy(net, test);
      net.dispose();
      expect(acc).toBeGreaterThan(0.8);
      expect(s.nodes.map((n) => n.name)).toEqual(student.nodes.map((n) => n.name));
    }
  });

  it('mismatched teacher and student, and bad settings, are FF019', () => {
    const fit = { epochs: 1 };
    expectCode(() => distill(teacher, initMlp('s4', [2, 8, 4]), train, { temperature: 2, alpha: 0.5, fit }), 'FF019', { layer: 's4', field: 'outputs' });
    expectCode(() => distill(teacher, initMlp('s3', [3, 8, 3]), train, { temperature: 2, alpha: 0.5, fit }), 'FF019', { field: 'inputs' });
    expectCode(() => distill(teacher, student, train, { temperature: 0, alpha: 0.5, fit }), 'FF019', { field: 'temperature' });
    expectCode(() => distill(teacher, student, train, { temperature: 2, alpha: 1.5, fit }), 'FF019', { field: 'alpha' });
    expectCode(
      () => distill(teacher, student, train, { temperature: 2, alpha: 0.5, hint: { teacherNode: 'nope', studentNode: 'relu_1', epochs: 1 }, fit }),
      'FF019',
      { layer: 'nope', field: 'hint.teacherNode' },
    );
    expectCode(() => distill(teacher, student, { ...train, inSize: 3 }, { temperature: 2, alpha: 0.5, fit }), 'FF019', { field: 'training data' });
  });
});
