/**
 * The example blocks end to end: lowered (BatchNorms folded,
 * SeparableConv split), verified, simulated by the fast kernels and by the
 * BigInt reference (equal integers, under default, narrow saturating and
 * over-wide types), and compared with the float model: the error is small
 * and shrinks with the fractional bits as quantization error must.
 */
import { describe, expect, it } from 'vitest';
import { maxRaw, minCode } from '../../src/fixed/fixed-type.js';
import type { PrecisionConfig } from '../../src/lower/config.js';
import { randomInputs } from '../helpers/models.js';
import { ALL_BLOCKS } from './blocks.js';
import { evaluateMixed, inputWidth, lowerMixed, quantizeMixed, realOutputs, simulateFast, simulateReference, type MixedDataflow, type MixedGraph } from './harness.js';

function vectors(df: MixedDataflow, n: number, seed: number, range: number): bigint[][] {
  const width = inputWidth(df);
  const rows = quantizeMixed(df, randomInputs(n, width, seed, range));
  const t = df.nodes[0]?.type;
  if (t) {
    rows.push(new Array<bigint>(width).fill(maxRaw(t)));
    rows.push(new Array<bigint>(width).fill(minCode(t)));
    rows.push(Array.from({ length: width }, (_v, i) => (i % 3 ? maxRaw(t) : minCode(t))));
  }
  return rows;
}

function fastEqualsReference(g: MixedGraph, config: PrecisionConfig, seed: number): { df: MixedDataflow; referenceLayers: string[] } {
  const df = lowerMixed(g, config);
  const rows = vectors(df, 24, seed, 3);
  const fast = simulateFast(df, rows);
  const ref = simulateReference(df, rows);
  expect(fast.rows).toEqual(ref);
  expect(ref.flat().some((v) => v !== 0n)).toBe(true);
  return { df, referenceLayers: fast.referenceLayers };
}

function worstError(g: MixedGraph, frac: number, inputs: number[][]): number {
  const recip = { weight: `ap_ufixed<${frac + 1},1,RND>` };
  const df = lowerMixed(g, {
    model: { default: `ap_fixed<${frac + 8},8,RND>` },
    layerType: { Input: { result: `ap_fixed<${frac + 2},2>` }, GlobalAveragePooling: recip, AveragePooling1D: recip, AveragePooling2D: recip },
  });
  const fixed = realOutputs(df, simulateReference(df, quantizeMixed(df, inputs)));
  const float = evaluateMixed(g, inputs);
  let worst = 0;
  float.forEach((row, r) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - (fixed[r]?.[j] ?? NaN))))));
  return worst;
}

const NARROW: PrecisionConfig = {
  model: { weight: 'ap_fixed<6,2,RND>', bias: 'ap_fixed<8,3,RND>', result: 'ap_fixed<8,3,RND,SAT>', accum: 'ap_fixed<12,4,RND_CONV,SAT_SYM>', product: 'ap_fixed<10,3,RND_ZERO,SAT>' },
};

describe.each(ALL_BLOCKS)('%s', (_name, build) => {
  it('fast kernels == BigInt reference with default types, every conv op on a fast kernel', () => {
    const { df, referenceLayers } = fastEqualsReference(build(), {}, 11);
    expect(referenceLayers).toEqual([]);
    expect(df.nodes.some((n) => n.op === 'conv' || n.op === 'pool' || n.op === 'add' || n.op === 'concat')).toBe(true);
  });

  it('fast kernels == BigInt reference with narrow rounding, saturating products and accumulators', () => {
    const { referenceLayers } = fastEqualsReference(build(), NARROW, 12);
    expect(referenceLayers).toEqual([]);
  });

  it('types too wide for float64 run on the reference and agree', () => {
    const { df, referenceLayers } = fastEqualsReference(build(), { model: { default: 'ap_fixed<40,12>' } }, 13);
    const convs = df.nodes.filter((n) => n.op === 'conv').map((n) => n.name);
    for (const c of convs) expect(referenceLayers).toContain(c);
  });

  it('float model ≈ simulator, and the error shrinks with the fractional bits', () => {
    const g = build();
    const width = g.nodes.filter((n) => n.op === 'input').reduce((a, n) => a + n.shape.reduce((p, q) => p * q, 1), 0);
    const inputs = randomInputs(16, width, 21, 1);
    const coarse = worstError(g, 10, inputs);
    const fine = worstError(g, 20, inputs);
    expect(fine).toBeGreaterThan(0); // fixed point is not float: zero error would mean the check is not looking
    expect(fine).toBeLessThan(2e-4);
    expect(coarse).toBeGreaterThan(fine * 128); // 2^10 in theory
  });
});
