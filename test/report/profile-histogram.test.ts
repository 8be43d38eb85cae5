/**
 * The value histograms of sim/profile.ts: the fast (number) and reference
 * (BigInt) paths count every exact pre-cast value in the bin of its sign and
 * binary exponent, identically, and the simulator's histograms equal the
 * ones an independent BigInt walk over sim/reference.ts gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseType, type FixedType } from '../../src/fixed/fixed-type.js';
import { DATAFLOW_IR_VERSION, type Dataflow } from '../../src/ir/dataflow/types.js';
import { lowerGraph } from '../../src/lower/lower.js';
import type { PrecisionConfig } from '../../src/lower/config.js';
import { exponentOf, TensorStats, type HistogramBin, type ValueHistogram } from '../../sim/profile.js';
import { evalReference } from '../../sim/reference.js';
import { createSimulator, quantizeInputs } from '../../sim/simulate.js';
import { mlpGraph, randomInputs } from '../helpers/models.js';

/** The histogram of raw codes at srcFrac, computed on BigInt bit lengths. */
function expectedHistogram(raws: readonly bigint[], srcFrac: number, t: FixedType): ValueHistogram {
  const pos = new Map<number, number>();
  const neg = new Map<number, number>();
  let zero = 0;
  for (const r of raws) {
    if (r === 0n) {
      zero++;
      continue;
    }
    const mag = r < 0n ? -r : r;
    const e = mag.toString(2).length - 1 - srcFrac;
    const m = r < 0n ? neg : pos;
    m.set(e, (m.get(e) ?? 0) + 1);
  }
  const bins = (m: Map<number, number>): HistogramBin[] => [...m].map(([exp, count]) => ({ exp, count })).sort((a, b) => a.exp - b.exp);
  return { zero, positive: bins(pos), negative: bins(neg), lsbExp: -(t.width - t.int) };
}

function total(h: ValueHistogram): number {
  return h.zero + [...h.positive, ...h.negative].reduce((a, b) => a + b.count, 0);
}

const TYPES = ['ap_fixed<8,3,RND,SAT>', 'ap_ufixed<6,2>', 'ap_fixed<16,6>', 'ap_fixed<4,-2,TRN,SAT_SYM>', 'ap_fixed<30,12,RND_CONV,WRAP>'].map((s) => parseType(s));

describe('value histogram of one cast point', () => {
  it('exponentOf is floor(log2 x) exactly, at and around powers of two', () => {
    for (let e = -60; e <= 60; e++) {
      const p = 2 ** e;
      expect(exponentOf(p)).toBe(e);
      expect(exponentOf(p * (1 + 2 ** -52))).toBe(e);
      expect(exponentOf(p * (1 - 2 ** -53))).toBe(e - 1);
    }
  });

  it('fast caster and BigInt observer give the same histogram, counts, overflows and range (property)', () => {
    const raw = fc.bigInt({ min: -(2n ** 52n) + 1n, max: 2n ** 52n - 1n });
    const small = fc.bigInt({ min: -300n, max: 300n });
    fc.assert(
      fc.property(fc.array(fc.oneof(raw, small, fc.constant(0n)), { maxLength: 60 }), fc.integer({ min: -16, max: 48 }), fc.nat(TYPES.length - 1), (raws, srcFrac, k) => {
        const t = TYPES[k] as FixedType;
        const fast = new TensorStats(t);
        const big = new TensorStats(t);
        const cast = fast.caster(srcFrac);
        for (const r of raws) {
          cast(Number(r));
          big.observeBig(r, srcFrac);
        }
        const want = expectedHistogram(raws, srcFrac, t);
        expect(fast.histogram()).toEqual(want);
        expect(big.histogram()).toEqual(want);
        expect([fast.count, fast.overflows, fast.min, fast.max]).toEqual([big.count, big.overflows, big.min, big.max]);
        expect(total(want)).toBe(raws.length);
      }),
      { numRuns: 400, seed: 8 },
    );
  });

  it('counts values from several casters of one tensor at different source fractions', () => {
    const t = parseType('ap_fixed<8,3>');
    const s = new TensorStats(t);
    s.caster(4)(48); // 3 → 2^1
    s.caster(0)(3); // 3 → 2^1
    s.caster(10)(-1); // −2^−10
    s.observeBig(-(2n ** 70n), 2); // −2^68
    s.caster(0)(0);
    expect(s.histogram()).toEqual({
      zero: 1,
      positive: [{ exp: 1, count: 2 }],
      negative: [
        { exp: -10, count: 1 },
        { exp: 68, count: 1 },
      ],
      lsbExp: -5,
    });
  });
});

/** input (type `inType`, 6 values) → cast to ap_fixed<4,2>. */
function castDesign(inType: string): Dataflow {
  const it = parseType(inType);
  return {
    version: DATAFLOW_IR_VERSION,
    name: 'cast_only',
    nodes: [
      { op: 'input', name: 'x', source: 'x', inputs: [], shape: [6], type: it },
      { op: 'cast', name: 'y', source: 'y', inputs: ['x'], shape: [6], type: parseType('ap_fixed<4,2>') },
    ],
    outputs: ['y'],
  };
}

describe('simulator profile histograms', () => {
  const codes = [0n, 1n, -3n, 16n, 127n, -128n];

  it('a hand-checked cast, fast path: ap_fixed<8,4> → ap_fixed<4,2>', () => {
    const sim = createSimulator(castDesign('ap_fixed<8,4>'), { profile: true });
    sim.runBatch(Float64Array.from(codes, Number), 1);
    const y = sim.profile().find((p) => p.layer === 'y');
    // 1/16 = 2^−4; −3/16 in (−2^−2, −2^−3]; 1 = 2^0; 127/16 in [4, 8); −8 = −2^3
    expect(y?.histogram).toEqual({
      zero: 1,
      positive: [
        { exp: -4, count: 1 },
        { exp: 0, count: 1 },
        { exp: 2, count: 1 },
      ],
      negative: [
        { exp: -3, count: 1 },
        { exp: 3, count: 1 },
      ],
      lsbExp: -2,
    });
    expect(y?.overflows).toBe(2); // 7.9375 and −8 lie outside [−2, 1.75]
  });

  it('the same codes on the reference path (input wider than 52 bits)', () => {
    const df = castDesign('ap_fixed<60,30>');
    const sim = createSimulator(df, { profile: true });
    expect(sim.referenceLayers).toContain('y');
    sim.runBatch(Float64Array.from(codes, Number), 1);
    const y = sim.profile().find((p) => p.layer === 'y');
    expect(y?.histogram).toEqual(expectedHistogram(codes, 30, parseType('ap_fixed<4,2>')));
  });

  const designs: [string, Parameters<typeof mlpGraph>[0], PrecisionConfig][] = [
    ['default types, softmax', { sizes: [10, 12, 6], hidden: 'relu', head: 'softmax', seed: 4, sparsity: 0.3 }, {}],
    ['narrow result types, sigmoid table', { sizes: [10, 12, 6], hidden: 'sigmoid', head: 'softmax', seed: 5 }, { model: { default: 'ap_fixed<8,3,RND,SAT>' } }],
    [
      'narrow saturating accumulator and rounded products (general dense path)',
      { sizes: [10, 8, 4], hidden: 'leaky_relu', seed: 6 },
      { model: { weight: 'ap_fixed<8,2,RND>', product: 'ap_fixed<10,3,RND_ZERO,SAT_SYM>', accum: 'ap_fixed<12,4,RND,SAT>', result: 'ap_fixed<10,4,RND_CONV,SAT>' } },
    ],
  ];

  for (const [title, spec, config] of designs) {
    it(`equal an independent BigInt walk of the reference: ${title}`, () => {
      const df = lowerGraph(mlpGraph(spec), config);
      const rows = quantizeInputs(df, randomInputs(64, spec.sizes[0] ?? 1, 9, 6));
      const seen = new Map<string, { raws: bigint[]; srcFrac: number[]; type: FixedType }>();
      for (const row of rows) {
        evalReference(df, row, (node) => (tensor, raw, srcFrac, t) => {
          const key = `${node.name}/${tensor}`;
          const s = seen.get(key) ?? { raws: [], srcFrac: [], type: t };
          s.raws.push(raw);
          s.srcFrac.push(srcFrac);
          seen.set(key, s);
        });
      }
      const sim = createSimulator(df, { profile: true });
      const outPlain = createSimulator(df).runBatch(Float64Array.from(rows.flat(), Number), rows.length);
      const outProf = sim.runBatch(Float64Array.from(rows.flat(), Number), rows.length);
      expect(outProf).toEqual(outPlain); // profiling observes, never changes a value
      let compared = 0;
      for (const p of sim.profile()) {
        const h = p.histogram;
        expect(h && total(h)).toBe(p.count);
        // the fast dense path casts the bias into the accumulator once per output, not per sample: compare the rest
        if (p.tensor === 'accum' || df.nodes.find((n) => n.name === p.layer)?.op === 'input') continue;
        const s = seen.get(`${p.layer}/${p.tensor}`);
        expect(s, `${p.layer}/${p.tensor}`).toBeDefined();
        if (!s) continue;
        // values with different source fractions: bin each at its own
        const want = new TensorStats(s.type);
        s.raws.forEach((r, i) => want.observeBig(r, s.srcFrac[i] ?? 0));
        expect(h, `${p.layer}/${p.tensor}`).toEqual(expectedMerge(s.raws, s.srcFrac, s.type));
        expect(h).toEqual(want.histogram());
        compared++;
      }
      expect(compared).toBeGreaterThanOrEqual(3);
    });
  }
});

/** expectedHistogram over values with per-value source fractions. */
function expectedMerge(raws: readonly bigint[], fracs: readonly number[], t: FixedType): ValueHistogram {
  const parts = raws.map((r, i) => expectedHistogram([r], fracs[i] ?? 0, t));
  const merge = (sel: (h: ValueHistogram) => readonly HistogramBin[]): HistogramBin[] => {
    const m = new Map<number, number>();
    for (const h of parts) for (const b of sel(h)) m.set(b.exp, (m.get(b.exp) ?? 0) + b.count);
    return [...m].map(([exp, count]) => ({ exp, count })).sort((a, b) => a.exp - b.exp);
  };
  return { zero: parts.reduce((a, h) => a + h.zero, 0), positive: merge((h) => h.positive), negative: merge((h) => h.negative), lsbExp: -(t.width - t.int) };
}
