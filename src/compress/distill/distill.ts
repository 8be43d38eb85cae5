/**
 * Training a small student from a larger teacher in tfjs. The teacher is
 * frozen (its variables get no gradients). Optional FitNets stage: first
 * `hint.epochs` epochs train the student up to its guided layer (and the
 * regressor) on the hint loss alone, then response-based distillation trains
 * the whole student.
 */
import * as tf from '@tensorflow/tfjs';
import type { Graph } from '../../ir/graph/types.js';
import { shapeSize } from '../../ir/graph/types.js';
import { nodeByName } from '../graph-edit.js';
import { inputNode } from '../graph-eval.js';
import { checkInteger, checkRange, invalidRequest } from '../request-error.js';
import { prng, type LabelledData } from '../train/dataset.js';
import { fitGraphNet, type FitOptions } from '../train/fit.js';
import { GraphNet, logitsNode } from '../train/graph-net.js';
import { hintLoss, responseLoss, type ResponseOptions } from './losses.js';

export interface HintOptions {
  /** teacher node whose output is the hint */
  readonly teacherNode: string;
  /** student node whose output is guided */
  readonly studentNode: string;
  readonly epochs: number;
}

export interface DistillOptions extends ResponseOptions {
  readonly hint?: HintOptions;
  readonly fit: Omit<FitOptions, 'loss' | 'extraVariables'>;
}

function outWidth(graph: Graph, name: string, which: string, field: string): number {
  const n = nodeByName(graph, name);
  if (n === undefined) throw invalidRequest(`${which} has no node '${name}'`, name, field);
  return shapeSize(n.shape);
}

export function checkDistill(teacher: Graph, student: Graph, o: DistillOptions): void {
  checkRange(o.temperature, 0, 100, 'temperature', undefined, { lo: true });
  checkRange(o.alpha, 0, 1, 'alpha');
  const tOut = outWidth(teacher, logitsNode(teacher), 'teacher', 'outputs');
  const sOut = outWidth(student, logitsNode(student), 'student', 'outputs');
  if (tOut !== sOut) {
    throw invalidRequest(`teacher '${teacher.name}' has ${tOut} outputs but student '${student.name}' has ${sOut}`, student.name, 'outputs');
  }
  const tIn = shapeSize(inputNode(teacher).shape);
  const sIn = shapeSize(inputNode(student).shape);
  if (tIn !== sIn) throw invalidRequest(`teacher takes ${tIn} inputs but student takes ${sIn}`, student.name, 'inputs');
  if (o.hint !== undefined) {
    outWidth(teacher, o.hint.teacherNode, 'teacher', 'hint.teacherNode');
    outWidth(student, o.hint.studentNode, 'student', 'hint.studentNode');
    checkInteger(o.hint.epochs, 0, 10_000, 'hint.epochs');
  }
}

export function distill(teacher: Graph, student: Graph, data: LabelledData, o: DistillOptions): Graph {
  checkDistill(teacher, student, o);
  const tNet = new GraphNet(teacher);
  const sNet = new GraphNet(student);
  const tLogits = logitsNode(teacher);
  const sLogits = logitsNode(student);
  const extra: tf.Variable[] = [];
  try {
    if (o.hint !== undefined && o.hint.epochs > 0) {
      const h = o.hint;
      const k = outWidth(student, h.studentNode, 'student', 'hint.studentNode');
      const m = outWidth(teacher, h.teacherNode, 'teacher', 'hint.teacherNode');
      const rand = prng((o.fit.seed ?? 1) + 7919);
      const lim = Math.sqrt(6 / (k + m));
      const reg = tf.variable(tf.tensor2d(Float32Array.from({ length: k * m }, () => (2 * rand() - 1) * lim), [k, m]));
      extra.push(reg);
      fitGraphNet(sNet, data, {
        ...o.fit,
        epochs: h.epochs,
        extraVariables: extra,
        loss: ({ outputs, x }) => {
          const hint = tNet.forward(x).get(h.teacherNode) as tf.Tensor2D;
          const g = outputs.get(h.studentNode);
          if (g === undefined) throw new Error(`student node '${h.studentNode}' missing`);
          return hintLoss(g, reg, hint);
        },
      });
    }
    fitGraphNet(sNet, data, {
      ...o.fit,
      loss: ({ outputs, x, labels }) => {
        const t = tNet.forward(x).get(tLogits) as tf.Tensor2D;
        const s = outputs.get(sLogits);
        if (s === undefined) throw new Error(`student logits '${sLogits}' missing`);
        return responseLoss(s, t, labels, o);
      },
    });
    return sNet.toGraph();
  } finally {
    for (const v of extra) v.dispose();
    tNet.dispose();
    sNet.dispose();
  }
}
