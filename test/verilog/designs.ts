/**
 * The ladder designs: every op of the dataflow IR, with dense, 50%-pruned,
 * power-of-two and ternary weights, fully parallel and folded, once with
 * wrapping types and once with saturating ones. Several layers share one
 * design so that each needs a single Verilator build.
 */
import { OVERFLOW_MODES, QUANT_MODES } from '../../src/fixed/fixed-type.js';
import type { Dataflow } from '../../src/ir/dataflow/types.js';
import { DfChain } from './helpers/df-builder.js';

/** RF 1, wrapping types; branches: every cast mode, tanh, argmax, a reshaped softmax. */
export function wrapParallel(): Dataflow {
  const c = new DfChain('wrap_rf1', 'ap_fixed<8,3>', 8, 1)
    .dense('fc_dense', { out: 8, weights: 'dense', type: 'ap_fixed<8,3>' })
    .relu('act_relu', 'ap_fixed<8,3>')
    .dense('fc_pruned', { out: 8, weights: 'pruned', type: 'ap_fixed<9,3,RND>' })
    .leaky('act_leaky', 0.3, 'ap_fixed<8,1,RND>', 'ap_fixed<8,3>')
    .dense('fc_pow2', { out: 6, weights: 'pow2', type: 'ap_fixed<8,3>', accType: 'ap_fixed<12,4>' })
    .clip('act_clip', -2, 3.5, 'ap_fixed<8,4>', 'ap_fixed<8,3>')
    .scaleShift('bn', 'ap_fixed<8,3>', 'ap_fixed<8,3>', 'ap_fixed<8,3,RND_CONV>')
    .cast('requant', 'ap_fixed<6,2,RND_ZERO>')
    .table('act_sigmoid', 'sigmoid', 64, -8, 8, 'ap_ufixed<8,0>', 'ap_fixed<8,1>')
    .dense('fc_ternary', { out: 5, weights: 'ternary', type: 'ap_fixed<8,3>' })
    .softmax('softmax', 'ap_ufixed<8,0>')
    .output()
    .table('act_tanh', 'tanh', 32, -4, 4, 'ap_fixed<8,1>', 'ap_fixed<8,1>', 'act_relu')
    .output()
    .argmax('argmax', 'ap_ufixed<2,1>', 'fc_pow2')
    .output()
    .reshape('rows', [2, 3], 'act_clip')
    .softmax('softmax_rows', 'ap_ufixed<9,1,RND>', { expSize: 32, expStepLog2: -2 })
    .output();
  for (const q of QUANT_MODES) for (const o of OVERFLOW_MODES) c.cast(`cast_${q}_${o}`.toLowerCase(), `ap_fixed<5,1,${q},${o}>`, 'in0').output();
  for (const o of OVERFLOW_MODES) c.cast(`ucast_${o}`.toLowerCase(), `ap_ufixed<5,2,RND,${o}>`, 'in0').output();
  return c.build();
}

/** RF 1, saturating types, accumulators narrow enough to saturate (sequential order). */
export function satParallel(): Dataflow {
  return new DfChain('sat_rf1', 'ap_fixed<8,3>', 8, 2)
    .dense('fc_dense', { out: 8, weights: 'dense', type: 'ap_fixed<8,3,TRN,SAT>', accType: 'ap_fixed<10,3,TRN,SAT>' })
    .relu('act_relu', 'ap_ufixed<7,3,RND,SAT>')
    .dense('fc_pruned', { out: 8, weights: 'pruned', type: 'ap_fixed<8,3,RND_INF,SAT_SYM>', pType: 'ap_fixed<10,3,RND,SAT>', accType: 'ap_fixed<12,4,TRN,SAT_SYM>' })
    .leaky('act_leaky', 0.1, 'ap_fixed<8,0,RND>', 'ap_fixed<8,3,TRN,SAT>', 'ap_fixed<8,2,RND_MIN_INF,SAT>')
    .dense('fc_pow2', { out: 6, weights: 'pow2', type: 'ap_fixed<8,2,RND_CONV,SAT>', accType: 'ap_fixed<11,4,RND,SAT_ZERO>' })
    .clip('act_clip', -1.5, 1.75, 'ap_fixed<6,2>', 'ap_fixed<7,2,TRN,SAT>')
    .scaleShift('bn', 'ap_fixed<8,3>', 'ap_fixed<8,3>', 'ap_fixed<8,3,RND,SAT>', { accType: 'ap_fixed<9,3,RND,SAT>' })
    .cast('requant', 'ap_fixed<6,2,RND_ZERO,SAT_SYM>')
    .table('act_tanh', 'tanh', 64, -4, 4, 'ap_fixed<8,1,RND,SAT>', 'ap_fixed<6,1,RND,SAT>')
    .dense('fc_ternary', { out: 5, weights: 'ternary', type: 'ap_fixed<8,3,TRN,SAT>', accType: 'ap_fixed<7,3,TRN,SAT>' })
    .softmax('softmax', 'ap_ufixed<8,0,RND,SAT>', { sum: 'ap_ufixed<6,2,TRN,SAT>' })
    .output()
    .build();
}

/** Folded (RF 2..4), wrapping types: a chain. */
export function wrapFolded(): Dataflow {
  return new DfChain('wrap_rf', 'ap_fixed<8,3>', 8, 3)
    .dense('fc_dense', { out: 8, weights: 'dense', rf: 2, type: 'ap_fixed<8,3>' })
    .relu('act_relu', 'ap_fixed<8,3>')
    .dense('fc_pruned', { out: 8, weights: 'pruned', rf: 3, type: 'ap_fixed<9,3,RND>' })
    .leaky('act_leaky', 0.3, 'ap_fixed<8,1,RND>', 'ap_fixed<8,3>')
    .dense('fc_pow2', { out: 6, weights: 'pow2', rf: 4, type: 'ap_fixed<8,3>', accType: 'ap_fixed<12,4>' })
    .clip('act_clip', -2, 3.5, 'ap_fixed<8,4>', 'ap_fixed<8,3>')
    .scaleShift('bn', 'ap_fixed<8,3>', 'ap_fixed<8,3>', 'ap_fixed<8,3,RND_CONV>')
    .cast('requant', 'ap_fixed<6,2,RND_ZERO>')
    .table('act_sigmoid', 'sigmoid', 64, -8, 8, 'ap_ufixed<8,0>', 'ap_fixed<8,1>')
    .dense('fc_ternary', { out: 6, weights: 'ternary', rf: 2, type: 'ap_fixed<8,3>' })
    .reshape('rows', [2, 3])
    .softmax('softmax', 'ap_ufixed<8,0>', { expSize: 32, expStepLog2: -2 })
    .output()
    .build();
}

/** Folded (RF 2..5), saturating types with sequential accumulation; ends in argmax. */
export function satFolded(): Dataflow {
  return new DfChain('sat_rf', 'ap_fixed<8,3>', 8, 4)
    .dense('fc_dense', { out: 8, weights: 'dense', rf: 3, type: 'ap_fixed<8,3,TRN,SAT>', accType: 'ap_fixed<10,3,TRN,SAT>' })
    .relu('act_relu', 'ap_ufixed<7,3,RND,SAT>')
    .dense('fc_pruned', { out: 8, weights: 'pruned', rf: 2, type: 'ap_fixed<8,3,RND_INF,SAT_SYM>', pType: 'ap_fixed<10,3,RND,SAT>', accType: 'ap_fixed<12,4,TRN,SAT_SYM>' })
    .leaky('act_leaky', 0.1, 'ap_fixed<8,0,RND>', 'ap_fixed<8,3,TRN,SAT>', 'ap_fixed<8,2,RND_MIN_INF,SAT>')
    .dense('fc_pow2', { out: 6, weights: 'pow2', rf: 5, type: 'ap_fixed<8,2,RND_CONV,SAT>', accType: 'ap_fixed<11,4,RND,SAT_ZERO>' })
    .clip('act_clip', -1.5, 1.75, 'ap_fixed<6,2>', 'ap_fixed<7,2,TRN,SAT>')
    .scaleShift('bn', 'ap_fixed<8,3>', 'ap_fixed<8,3>', 'ap_fixed<8,3,RND,SAT>', { accType: 'ap_fixed<9,3,RND,SAT>' })
    .cast('requant', 'ap_fixed<6,2,RND_ZERO,SAT_SYM>')
    .table('act_tanh', 'tanh', 64, -4, 4, 'ap_fixed<8,1,RND,SAT>', 'ap_fixed<6,1,RND,SAT>')
    .dense('fc_ternary', { out: 5, weights: 'ternary', rf: 4, type: 'ap_fixed<8,3,TRN,SAT>', accType: 'ap_fixed<7,3,TRN,SAT>' })
    .argmax('argmax', 'ap_ufixed<1,1>')
    .output()
    .build();
}

/** Wide and odd types: negative and over-wide integer bits, up to 128 bits, a folded layer. */
export function wideTypes(): Dataflow {
  return new DfChain('wide', 'ap_fixed<12,20>', 5, 5)
    .dense('fc_wide', { out: 4, weights: 'dense', wType: 'ap_fixed<20,-1>', bType: 'ap_fixed<24,2>', type: 'ap_fixed<90,16,RND,SAT>' })
    .cast('to128', 'ap_fixed<128,20,RND_ZERO,SAT>')
    .cast('to116', 'ap_fixed<116,18,RND_CONV,SAT_SYM>')
    .dense('fc_fold', { out: 3, weights: 'pruned', rf: 3, wType: 'ap_fixed<12,2>', bType: 'ap_fixed<24,2>', accType: 'ap_fixed<110,19,TRN,SAT>', type: 'ap_ufixed<64,20,RND_INF,SAT>' })
    .cast('narrow', 'ap_fixed<40,22,RND,WRAP>')
    .output()
    .build();
}
