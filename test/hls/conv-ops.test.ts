/**
 * The csim rung of the ladder for the conv-family ops: one design using
 * every conv-family op in many variants (test/hls/helpers/conv-designs.ts),
 * lowered by the pipeline at reuse factor 1 and 3, emitted in both io styles,
 * compiled with g++ -Wall -Wextra -Werror: equal integers to the simulator on
 * every vector. Both reuse factors go into one design (two inputs' worth of
 * sub-designs, names prefixed), so each io style costs one g++ build.
 */
import { describe, expect, it } from 'vitest';
import { emitHls } from '../../src/backends/hls/emit-hls.js';
import type { Dataflow, DfOp } from '../../src/ir/dataflow/types.js';
import { findGxx } from '../../sim/csim/gxx.js';
import { verifyCsim } from '../../sim/csim/verify-csim.js';
import { simulateRaw } from '../../sim/simulate.js';
import { convOpsDesign, mergeDesigns } from './helpers/conv-designs.js';
import { randomVectors } from './helpers/designs.js';

const skip = findGxx() === null && !process.env.CI;
/** Every dataflow op, by ladder (exhaustive: a new op does not compile until it is placed here). */
const LADDER_OF: Record<DfOp, 'ladder.test.ts' | 'conv-ops.test.ts'> = {
  input: 'ladder.test.ts',
  dense: 'ladder.test.ts',
  scale_shift: 'ladder.test.ts',
  relu: 'ladder.test.ts',
  clip: 'ladder.test.ts',
  leaky_relu: 'ladder.test.ts',
  cast: 'ladder.test.ts',
  table: 'ladder.test.ts',
  softmax: 'ladder.test.ts',
  reshape: 'ladder.test.ts',
  conv: 'conv-ops.test.ts',
  pool: 'conv-ops.test.ts',
  add: 'conv-ops.test.ts',
  concat: 'conv-ops.test.ts',
  zero_pad: 'conv-ops.test.ts',
  upsample: 'conv-ops.test.ts',
  channel_shuffle: 'conv-ops.test.ts',
};
const VECTORS = 300;
const designs = new Map([1, 3].map((rf) => [rf, convOpsDesign(rf)]));
const design = (rf: number): Dataflow => designs.get(rf) ?? convOpsDesign(rf);

describe('the conv-family ladder design', () => {
  const df = design(1);
  const nodes = df.nodes;

  it('uses every conv-family op (the others are on ladder.test.ts)', () => {
    const ops = new Set(nodes.map((n) => n.op));
    const mine = Object.entries(LADDER_OF).flatMap(([op, where]) => (where === 'conv-ops.test.ts' ? [op] : []));
    expect(mine.length).toBe(7);
    for (const op of mine) expect(ops.has(op as DfOp), op).toBe(true);
  });

  it('covers the variants: 1D and 2D, strides, padding (also wider than the kernel), groups, depthwise, both pool kinds and divisors, global pooling, 3-input add, a tensor read twice', () => {
    const convs = nodes.flatMap((n) => (n.op === 'conv' ? [n] : []));
    expect(convs.some((n) => n.inShape.length === 2)).toBe(true);
    expect(convs.some((n) => n.groups > 1 && n.groups < (n.inShape[n.inShape.length - 1] ?? 0))).toBe(true);
    expect(convs.some((n) => n.groups === n.inShape[n.inShape.length - 1] && n.outChannels === 2 * n.groups)).toBe(true);
    expect(convs.some((n) => n.strides.some((s) => s > 1))).toBe(true);
    expect(convs.some((n) => n.padBefore.some((p, i) => p !== n.padAfter[i]))).toBe(true);
    expect(convs.some((n) => n.accType.overflow === 'SAT')).toBe(true);
    expect(convs.some((n) => n.weights.includes(0n))).toBe(true);
    expect(convs.some((n) => (n.kernelSize[0] ?? 0) > (n.inShape[0] ?? 0))).toBe(true);
    expect(convs.some((n) => (n.padBefore[0] ?? 0) >= (n.kernelSize[0] ?? 0))).toBe(true);
    const pools = nodes.flatMap((n) => (n.op === 'pool' ? [n] : []));
    expect(new Set(pools.map((n) => `${n.kind}/${n.average?.divisor ?? ''}`))).toEqual(new Set(['max/', 'avg/valid', 'avg/window']));
    expect(pools.some((n) => n.shape.length === 1)).toBe(true);
    expect(pools.some((n) => n.kind === 'max' && n.padBefore.some((p) => p > 0))).toBe(true);
    expect(nodes.some((n) => n.op === 'add' && n.inputs.length === 3 && new Set(n.inputs).size === 3)).toBe(true);
    expect(nodes.some((n) => n.op === 'concat' && new Set(n.inputs).size < n.inputs.length)).toBe(true);
  });

  it('gives varied outputs (not one constant row) and folds at reuse factor 3', () => {
    const rows = simulateRaw(df, randomVectors(df, 50, 1)).map((r) => r.join(','));
    expect(new Set(rows).size).toBeGreaterThan(40);
    expect(design(3).nodes.every((n) => n.op !== 'conv' || n.reuseFactor === 3)).toBe(true);
  });
});

describe.skipIf(skip)('conv-family ops: csim == simulator, bit for bit', () => {
  const both = mergeDesigns('conv_ops_rf1_rf3', [design(1), design(3)]);
  it.each(['parallel', 'stream'] as const)('reuse factors 1 and 3, io_%s: zero mismatches', async (io) => {
    const df = both;
    const verdict = await verifyCsim(df, emitHls(df, { io }), randomVectors(df, VECTORS, 7), { opt: '-O0' });
    expect(verdict.vectors).toBe(VECTORS);
    expect(verdict.examples).toEqual([]);
    expect(verdict.mismatches).toBe(0);
  });
});
