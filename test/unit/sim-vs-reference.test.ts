/**
 * The simulator's fast kernels == the BigInt reference (sim/reference.ts),
 * integer for integer, over every op, narrow saturating accumulators,
 * rounded products, pruned weights, all mode pairs, and types too wide for
 * float64 (which run on the reference path).
 */
import { describe, expect, it } from 'vitest';
import { OVERFLOW_MODES, QUANT_MODES } from '../../src/fixed/fixed-type.js';
import type { Dataflow } from '../../src/ir/dataflow/types.js';
import { verifyDataflow } from '../../src/ir/dataflow/verify.js';
import type { PrecisionConfig } from '../../src/lower/config.js';
import { lowerGraph } from '../../src/lower/lower.js';
import { evalReference } from '../../sim/reference.js';
import { createSimulator, quantizeInputs, simulateRaw } from '../../sim/simulate.js';
import { mlpGraph, randomInputs, type MlpSpec } from '../helpers/models.js';
import { maxRaw, minCode } from '../../src/fixed/fixed-type.js';

function referenceRows(df: Dataflow, inputs: bigint[][]): bigint[][] {
  return inputs.map((row) => {
    const v = evalReference(df, row);
    return df.outputs.flatMap((o) => v.get(o) ?? []);
  });
}

/** Random rows plus rows of extreme codes, to force overflow everywhere. */
function vectors(df: Dataflow, n: number, seed: number, range = 4): bigint[][] {
  const width = df.nodes.filter((x) => x.op === 'input').reduce((a, x) => a + x.shape.reduce((p, q) => p * q, 1), 0);
  const rows = quantizeInputs(df, randomInputs(n, width, seed, range));
  const t = df.nodes[0]?.type;
  if (t) {
    rows.push(new Array<bigint>(width).fill(maxRaw(t)));
    rows.push(new Array<bigint>(width).fill(minCode(t)));
    rows.push(Array.from({ length: width }, (_v, i) => (i % 2 ? maxRaw(t) : minCode(t))));
  }
  return rows;
}

function check(spec: MlpSpec, config: PrecisionConfig, n = 40, expectReference?: boolean): Dataflow {
  const df = lowerGraph(mlpGraph(spec), config);
  verifyDataflow(df);
  const inputs = vectors(df, n, spec.seed ?? 3);
  const got = simulateRaw(df, inputs);
  const want = referenceRows(df, inputs);
  expect(got).toEqual(want);
  if (expectReference !== undefined) {
    expect(createSimulator(df).referenceLayers.length > 0).toBe(expectReference);
  }
  return df;
}

describe('simulator == BigInt reference', () => {
  it('default types, ReLU, softmax head', () => {
    check({ sizes: [16, 12, 8, 5], hidden: 'relu', head: 'softmax', seed: 1 }, {}, 60, false);
  });
  it('narrow saturating accumulator, rounded saturating product (order-sensitive path)', () => {
    check(
      { sizes: [12, 10, 6], hidden: 'relu', seed: 2 },
      { model: { weight: 'ap_fixed<8,3,RND,SAT>', result: 'ap_fixed<10,4,RND_CONV,SAT>', accum: 'ap_fixed<12,4,RND,SAT>', product: 'ap_fixed<10,3,RND_ZERO,SAT_SYM>' } },
      60,
      false,
    );
  });
  it('70% pruned weights', () => {
    check({ sizes: [20, 16, 4], hidden: 'relu', sparsity: 0.7, seed: 3 }, {}, 40, false);
  });
  it('sigmoid, tanh, leaky ReLU, ReLU6, standalone and folded BatchNorm', () => {
    for (const hidden of ['sigmoid', 'tanh', 'leaky_relu', 'relu6'] as const) {
      check({ sizes: [8, 7, 6, 3], hidden, batchnorm: true, head: 'sigmoid', seed: 4 }, { model: { result: 'ap_fixed<14,5,RND,SAT>' } }, 30);
    }
    check({ sizes: [8, 7, 3], hidden: 'relu', foldableBatchnorm: true, seed: 5 }, {}, 30);
  });
  it('argmax softmax', () => {
    check({ sizes: [8, 6, 4], hidden: 'relu', head: 'softmax', seed: 6 }, { layerType: { Softmax: { softmax: { mode: 'argmax' } } } }, 30);
  });
  it('every (quantization, overflow) pair on the result and accumulator types', () => {
    for (const q of QUANT_MODES) {
      for (const o of OVERFLOW_MODES) {
        check(
          { sizes: [6, 5, 4], hidden: 'relu', seed: 7 },
          { model: { result: `ap_fixed<9,3,${q},${o}>`, accum: `ap_fixed<14,5,${q},${o}>`, weight: 'ap_fixed<7,2,RND>' } },
          12,
        );
      }
    }
  });
  it('types wider than float64 holds run on the reference path and still agree', () => {
    const df = check({ sizes: [6, 5, 3], hidden: 'relu', seed: 8 }, { model: { default: 'ap_fixed<40,12>' } }, 10, true);
    expect(df.nodes.find((n) => n.op === 'dense')?.type.width).toBe(40);
  });
  it('unsigned result types after ReLU', () => {
    check({ sizes: [10, 8, 4], hidden: 'relu', seed: 9 }, { layerType: { ReLU: { result: 'ap_ufixed<8,3,RND,SAT>' } } }, 30, false);
  });
});

describe('simulator == BigInt reference, casts that rescale', () => {
  it('ReLU into a type with more fraction bits, and into a narrower one', () => {
    check({ sizes: [6, 5, 4], hidden: 'relu', seed: 12 }, { model: { result: 'ap_fixed<16,6>' }, layerType: { ReLU: { result: 'ap_fixed<20,6>' } } }, 30, false);
    check({ sizes: [6, 5, 4], hidden: 'relu', seed: 13 }, { model: { result: 'ap_fixed<16,6>' }, layerType: { ReLU: { result: 'ap_fixed<8,3,RND,SAT>' } } }, 30, false);
  });
});

describe('overflow profile: fast kernels == BigInt reference', () => {
  it('counts every cast point per sample on the general (order-sensitive) path and in scale_shift', () => {
    const df = lowerGraph(mlpGraph({ sizes: [10, 8, 5], hidden: 'relu', batchnorm: true, seed: 9 }), {
      model: { weight: 'ap_fixed<6,2,RND,SAT>', result: 'ap_fixed<8,3,RND,SAT>', accum: 'ap_fixed<10,3,RND,SAT>', product: 'ap_fixed<9,2,RND,WRAP>' },
    });
    const rows = vectors(df, 50, 9);
    const flat = new Float64Array(rows.length * 10);
    rows.forEach((r, i) => r.forEach((v, j) => (flat[i * 10 + j] = Number(v))));
    const fast = createSimulator(df, { profile: true });
    const ref = createSimulator(df, { profile: true, referenceOnly: true });
    expect(fast.referenceLayers).toEqual([]);
    expect(ref.referenceLayers.length).toBe(df.nodes.length);
    expect(Array.from(fast.runBatch(flat, rows.length), Number)).toEqual(Array.from(ref.runBatch(flat, rows.length), Number));
    // the reference path does not profile input nodes (their codes are checked, not cast)
    const inputs = new Set(df.nodes.filter((n) => n.op === 'input').map((n) => n.name));
    const strip = (p: ReturnType<typeof fast.profile>) => p.filter((x) => !inputs.has(x.layer)).map(({ histogram: _h, ...rest }) => rest);
    const got = strip(fast.profile());
    expect(got.some((p) => p.overflows > 0)).toBe(true);
    expect(got).toEqual(strip(ref.profile()));
  });
});
