/**
 * Convolutional designs for the streaming Verilog tests: the example
 * blocks (test/conv/blocks.ts) through compileGraph, the two-output 1D block
 * cut to one output (the streaming top has one), and an op ladder with what the blocks do
 * not cover: a folded (reuse factor 3) and 50%-pruned convolution, a
 * narrow saturating accumulator, 'same' max pooling fed by negative values
 * (padding must not win), average pooling that counts the padding, and
 * global max pooling.
 */
import type { Graph } from '../../../src/ir/graph/types.js';
import type { Dataflow } from '../../../src/ir/dataflow/types.js';
import type { PrecisionConfig } from '../../../src/lower/config.js';
import { compileGraph } from '../../../src/pipeline.js';
import { quantizeInputs } from '../../../sim/simulate.js';
import { ALL_BLOCKS, oneDimensional } from '../../conv/blocks.js';
import { Builder } from '../../conv/builder.js';
import type { MixedGraph } from '../../conv/harness.js';
import { randomInputs } from '../../helpers/models.js';

export const BLOCK_CONFIG: PrecisionConfig = { model: { default: 'ap_fixed<18,7,RND>' } };
/**
 * Narrower types for most blocks in the RTL tests: pixels of at most 64 bits
 * halve the Verilator build; the intermediate sums wrap more often, which the
 * test wants too. The MobileNetV2 block keeps 18 bits (pixels wider than 64).
 */
export const NARROW_CONFIG: PrecisionConfig = { model: { default: 'ap_fixed<10,4,RND>' } };

export function compileBlock(g: MixedGraph, config: PrecisionConfig = BLOCK_CONFIG): Dataflow {
  return compileGraph(g as unknown as Graph, { config });
}

/** A graph keeping one of its outputs (and the nodes it needs). */
export function withOutput(g: MixedGraph, out: string): MixedGraph {
  const keep = new Set<string>([out]);
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const n = g.nodes[i];
    if (n && keep.has(n.name)) for (const x of n.inputs) keep.add(x);
  }
  return { ...g, name: `${g.name}_${out}`, nodes: g.nodes.filter((n) => keep.has(n.name)), outputs: [out] };
}

/** The op ladder: the cases the example blocks leave out. */
export function opLadder(): { graph: MixedGraph; config: PrecisionConfig } {
  const b = new Builder(11);
  const x = b.input('input_1', [5, 6, 3]);
  const mp = b.pool('max_same', x, 'max', [3, 3], [1, 1], 'same');
  const c = b.conv('conv_folded', mp, { filters: 4, k: [3, 3], padding: 'same', sparsity: 0.5 });
  const s = b.conv('conv_sat', c, { filters: 3, k: [2, 2], strides: [2, 1], padding: 'valid' });
  const a = b.pool('avg_incl', s, 'avg', [2, 2], [1, 1], 'same', true);
  const g = b.globalPool('gmp', a, 'max');
  const config: PrecisionConfig = {
    model: { default: 'ap_fixed<12,5,RND>' },
    layerName: {
      conv_folded: { reuseFactor: 3 },
      conv_sat: { accum: 'ap_fixed<10,3,TRN,SAT>', result: 'ap_fixed<8,2,RND,SAT>' },
    },
  };
  return { graph: b.graph('op_ladder', [g]), config };
}

/** Weights rounded to ±2^k (k ≤ 0), zeros kept: shift-and-add hardware. */
function powersOfTwo(g: MixedGraph, layer: string): MixedGraph {
  const pow2 = (w: number): number => (w === 0 ? 0 : Math.sign(w) * 2 ** Math.min(0, Math.round(Math.log2(Math.abs(w)))));
  return { ...g, nodes: g.nodes.map((n) => (n.name === layer && n.op === 'conv' ? { ...n, kernel: n.kernel.map(pow2) } : n)) };
}

/**
 * The conv rungs of the ladder in one design: {RF 1, RF > 1} × {dense, 50%
 * pruned, power-of-two weights} × {WRAP, SAT}, with narrow result and
 * accumulator types so that the overflow modes do happen (the test checks
 * the simulator's overflow profile).
 */
export function convLadder(): { graph: MixedGraph; config: PrecisionConfig; mustOverflow: string[] } {
  const b = new Builder(13);
  const x = b.input('input_1', [5, 5, 4]);
  const c1 = b.conv('c_dense_wrap', x, { filters: 4, k: [3, 3], padding: 'same' });
  const c2 = b.conv('c_pruned_sat_rf2', c1, { filters: 4, k: [3, 3], padding: 'valid', sparsity: 0.5 });
  const c3 = b.conv('c_pow2_wrap_rf3', c2, { filters: 4, k: [1, 1], groups: 2 });
  const c4 = b.conv('c_dense_sat_rf4', c3, { filters: 3, k: [2, 2], strides: [1, 1], padding: 'same' });
  const graph = powersOfTwo(b.graph('conv_ladder', [c4]), 'c_pow2_wrap_rf3');
  const config: PrecisionConfig = {
    model: { default: 'ap_fixed<10,3,RND>' },
    layerName: {
      c_dense_wrap: { result: 'ap_fixed<7,2>' },
      c_pruned_sat_rf2: { reuseFactor: 2, accum: 'ap_fixed<10,1,RND,SAT>', result: 'ap_fixed<8,2,RND,SAT>' },
      c_pow2_wrap_rf3: { reuseFactor: 3, result: 'ap_fixed<6,1,TRN,WRAP>' },
      c_dense_sat_rf4: { reuseFactor: 4, accum: 'ap_fixed<10,1,RND_CONV,SAT_SYM>', result: 'ap_fixed<7,1,RND,SAT>' },
    },
  };
  return { graph, config, mustOverflow: ['c_dense_wrap.result', 'c_pruned_sat_rf2.accum', 'c_pow2_wrap_rf3.result', 'c_dense_sat_rf4.accum'] };
}

/** One pixel stream into four layers, two joins: Add of three inputs, then Concatenate with the input again. */
export function fanOut(): MixedGraph {
  const b = new Builder(17);
  const x = b.input('input_1', [5, 5, 2]);
  const a = b.conv('conv', x, { filters: 2, k: [3, 3], padding: 'same' });
  const m = b.pool('maxpool', x, 'max', [3, 3], [1, 1], 'same');
  const s = b.sum('add3', [x, a, m]);
  return b.graph('fan_out', [b.concat('concat', [s, x])]);
}

/** Global max and average pooling (fx_accum) of unsigned values over 15 pixels (the average's reciprocal rounds), joined. */
export function globalPools(): { graph: MixedGraph; config: PrecisionConfig } {
  const b = new Builder(19);
  const x = b.input('input_1', [5, 3, 2]);
  const r = b.relu('r', x);
  const g = b.concat('both', [b.globalPool('gmax', r, 'max'), b.globalPool('gavg', r, 'avg')]);
  return { graph: b.graph('global_pools', [g]), config: { model: { default: 'ap_fixed<10,4,RND>' }, layerName: { r: { result: 'ap_ufixed<7,3>' } } } };
}

export interface ConvCase {
  readonly name: string;
  readonly df: () => Dataflow;
  /** float inputs per image: width and range */
  readonly vectors: (df: Dataflow, n: number) => bigint[][];
  /** casts (`layer.tensor`) the vectors must make overflow */
  readonly mustOverflow?: readonly string[];
}

const inputWidth = (df: Dataflow): number => df.nodes.filter((n) => n.op === 'input').reduce((a, n) => a + n.shape.reduce((p, q) => p * q, 1), 0);
const randomRaw = (seed: number, range = 3) => (df: Dataflow, n: number): bigint[][] => quantizeInputs(df, randomInputs(n, inputWidth(df), seed, range));

/** Every example block, as single-output designs. */
export function blockCases(): ConvCase[] {
  const cases: ConvCase[] = [];
  ALL_BLOCKS.forEach(([name, build], i) => {
    if (name === '1D ops') return;
    const config = name === 'MobileNetV2 inverted residual' ? BLOCK_CONFIG : NARROW_CONFIG;
    cases.push({ name: `${name}, ${config.model?.default ?? ''}`, df: () => compileBlock(build(), config), vectors: randomRaw(20 + i) });
  });
  // the block's other output, a global max pool, is covered by the op ladder's
  cases.push({ name: '1D ops (output avgpool)', df: () => compileBlock(withOutput(oneDimensional(), 'avgpool'), NARROW_CONFIG), vectors: randomRaw(40) });
  const ladder = opLadder();
  // negative images: a zero in the padding would win the 'same' max pool
  const negative = (df: Dataflow, n: number): bigint[][] => quantizeInputs(df, randomInputs(n, inputWidth(df), 9, 3).map((r) => r.map((v) => -Math.abs(v) - 0.25)));
  cases.push({ name: 'op ladder (negative inputs)', df: () => compileBlock(ladder.graph, ladder.config), vectors: negative });
  cases.push({ name: 'fan-out to four layers, Add of three, Concatenate', df: () => compileBlock(fanOut(), NARROW_CONFIG), vectors: randomRaw(60) });
  const pools = globalPools();
  cases.push({ name: 'global max and average pools of unsigned values (15 pixels)', df: () => compileBlock(pools.graph, pools.config), vectors: randomRaw(70) });
  const conv = convLadder();
  cases.push({ name: 'conv ladder: RF 1..4, dense / pruned / power-of-two, WRAP / SAT', df: () => compileBlock(conv.graph, conv.config), vectors: randomRaw(50, 4), mustOverflow: conv.mustOverflow });
  return cases;
}
