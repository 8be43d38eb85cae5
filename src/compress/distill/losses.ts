/**
 * Distillation losses.
 * - Response-based (Hinton et al. 2015): with p^T = softmax(z / T),
 *   L = α · T² · KL(p_teacher^T ‖ p_student^T) + (1 − α) · CE(labels, student);
 *   T² keeps the soft term's gradient scale independent of T.
 * - Feature-based (FitNets, Romero et al. 2015): a regressor r maps the
 *   student's guided layer to the teacher's hint layer, L_hint = ½‖r(g) − h‖²
 *   averaged over the batch.
 */
import * as tf from '@tensorflow/tfjs';
import { crossEntropy } from '../train/fit.js';

export interface ResponseOptions {
  readonly temperature: number;
  readonly alpha: number;
}

export function softTargetLoss(student: tf.Tensor2D, teacher: tf.Tensor2D, temperature: number): tf.Scalar {
  const logPs = tf.logSoftmax(tf.div(student, temperature));
  const pt = tf.softmax(tf.div(teacher, temperature));
  const logPt = tf.logSoftmax(tf.div(teacher, temperature));
  const kl = tf.mean(tf.sum(tf.mul(pt, tf.sub(logPt, logPs)), 1));
  return tf.mul(kl, temperature * temperature) as tf.Scalar;
}

export function responseLoss(student: tf.Tensor2D, teacher: tf.Tensor2D, labels: tf.Tensor1D, o: ResponseOptions): tf.Scalar {
  const soft = softTargetLoss(student, teacher, o.temperature);
  if (o.alpha === 1) return soft;
  return tf.add(tf.mul(soft, o.alpha), tf.mul(crossEntropy(student, labels), 1 - o.alpha)) as tf.Scalar;
}

export function hintLoss(guided: tf.Tensor2D, regressor: tf.Tensor2D, hint: tf.Tensor2D): tf.Scalar {
  const d = tf.sub(tf.matMul(guided, regressor), hint);
  return tf.mul(tf.mean(tf.sum(tf.square(d), 1)), 0.5) as tf.Scalar;
}
