/** The designs of the HLS ladder: together they use every dataflow op. */
import type { Dataflow } from '../../../src/ir/dataflow/types.js';
import { OVERFLOW_MODES, QUANT_MODES } from '../../../src/fixed/fixed-type.js';
import { DesignBuilder, fx, ufx } from './designs.js';

/** Every op, chained and branched, with a dense layer at reuse factor `rf`. */
export function allOpsDesign(rf: number): Dataflow {
  const b = new DesignBuilder(`all_ops_rf${rf}`, 11);
  const x = b.input('in_a', [12], fx(10, 4));
  const fc1 = b.dense('fc1', x, { out: 16, weightType: fx(8, 2), type: fx(14, 6, 'RND', 'SAT'), sparsity: 0.3, pow2: 0.25, rf });
  const r = b.relu('relu1', fc1, ufx(12, 5, 'RND_CONV', 'SAT'));
  // a narrow saturating accumulator: order-sensitive, as the IR defines it
  const fc2 = b.dense('fc2', r, { out: 12, weightType: fx(6, 1), type: fx(16, 7), accType: fx(13, 5, 'TRN', 'SAT'), productType: fx(12, 5, 'RND', 'SAT'), sparsity: 0.2, pow2: 0.2, rf });
  const c = b.clip('clip1', fc2, -2.5, 3.25, fx(8, 4), fx(12, 4, 'RND_INF', 'SAT_SYM'));
  const lk = b.leakyRelu('leaky1', c, 0.1, fx(10, 0), fx(12, 3, 'RND_ZERO', 'SAT_ZERO'));
  const rs = b.reshape('to_3x4', lk, [3, 4]);
  const ss = b.scaleShift('bn1', rs, fx(8, 2), fx(8, 3), fx(12, 4, 'RND', 'WRAP'));
  const ca = b.cast('requant', ss, fx(10, 3, 'RND_MIN_INF', 'WRAP'));
  const sg = b.table('sig1', ca, 'sigmoid', 256, -8, 8, ufx(10, 0, 'RND', 'SAT'), ufx(9, 0, 'TRN_ZERO', 'SAT'));
  const flat = b.reshape('flat', sg, [12]);
  const fc3 = b.dense('fc3', flat, { out: 6, weightType: fx(8, 3), type: fx(16, 6), rf: 1 });
  const sm = b.softmax('softmax1', fc3, ufx(16, 1, 'RND', 'SAT'));
  const am = b.softmax('argmax1', fc3, fx(4, 2), 'argmax');
  const th = b.table('tanh1', c, 'tanh', 128, -4, 4, fx(12, 1, 'RND', 'SAT'), fx(10, 1, 'RND', 'SAT'));
  return b.build([sm, am, th, fc3]);
}

/** Wide types (64..128 bits, 256-bit exact products), negative and over-wide integer bits. */
export function wideDesign(rf: number): Dataflow {
  const b = new DesignBuilder(`wide_rf${rf}`, 23);
  const x = b.input('in_w', [6], fx(64, 20));
  const fc = b.dense('wide_fc', x, {
    out: 5,
    weightType: fx(70, 10),
    type: fx(128, 40, 'RND_CONV', 'SAT_SYM'),
    productType: fx(128, 30, 'RND', 'SAT'),
    accType: fx(128, 34, 'TRN', 'SAT'),
    sparsity: 0.2,
    pow2: 0.3,
    rf,
  });
  const n1 = b.cast('neg_int', fc, fx(16, -3, 'RND', 'SAT'));
  const n2 = b.cast('wide_int', fc, fx(8, 20, 'TRN', 'SAT_SYM'));
  const n3 = b.cast('u_wide', fc, ufx(100, 60, 'RND_INF', 'WRAP'));
  const lk = b.leakyRelu('wide_leaky', fc, -0.375, fx(90, 2), fx(96, 48, 'RND_ZERO', 'SAT'), fx(128, 40, 'RND', 'SAT'));
  const r = b.relu('wide_relu', n3, ufx(120, 70, 'RND', 'SAT'));
  const fc2 = b.dense('fc_small', n1, { out: 3, weightType: fx(40, 8), type: fx(60, 20, 'RND', 'SAT'), rf });
  return b.build([fc, n1, n2, lk, r, fc2]);
}

/** The input cast to a 7-bit type under each of the 28 mode pairs, signed and unsigned. */
export function modesDesign(): Dataflow {
  const b = new DesignBuilder('modes', 5);
  const x = b.input('in_m', [5], fx(20, 6));
  const outs: string[] = [];
  for (const q of QUANT_MODES) {
    for (const o of OVERFLOW_MODES) {
      outs.push(b.cast(`s_${q}_${o}`.toLowerCase(), x, fx(7, 2, q, o)));
      outs.push(b.cast(`u_${q}_${o}`.toLowerCase(), x, ufx(6, 3, q, o)));
    }
  }
  return b.build(outs);
}
