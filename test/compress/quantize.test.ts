import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../src/compress/graph-eval.js';
import { correctBiases } from '../../src/compress/quantize/bias-correction.js';
import { calibratePrecision, chooseType } from '../../src/compress/quantize/calibrate.js';
import { equalizablePairs, equalizeLayers } from '../../src/compress/quantize/equalize.js';
import { floatCaster } from '../../src/compress/quantize/float-cast.js';
import { intBitsForRange } from '../../src/compress/quantize/int-bits.js';
import { lowBitLayers, quantizeLowBit } from '../../src/compress/quantize/low-bit-weights.js';
import { chooseMixedPrecision } from '../../src/compress/quantize/mixed-precision.js';
import { resolvePrecision } from '../../src/compress/quantize/precision-config.js';
import { castNumber, toNumber } from '../../src/fixed/arith.js';
import { OVERFLOW_MODES, QUANT_MODES, fixedType, formatType, parseType, realRange } from '../../src/fixed/fixed-type.js';
import type { DenseNode, Graph } from '../../src/ir/graph/types.js';
import { lowerGraph } from '../../src/lower/lower.js';
import { mlpGraph } from '../helpers/models.js';
import { expectCode, maxAbsDiff, randomBatch } from './helpers.js';

const dense = (g: Graph, name: string): DenseNode => {
  const n = g.nodes.find((m) => m.name === name);
  if (n?.op !== 'dense') throw new Error(`no dense ${name}`);
  return n;
};

describe('floatCaster equals the BigInt reference castNumber', () => {
  it('on random doubles, types and every mode pair', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.integer({ min: -4096, max: 4096 }).map((k) => k / 64)),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: -8, max: 24 }),
        fc.boolean(),
        fc.constantFrom(...QUANT_MODES),
        fc.constantFrom(...OVERFLOW_MODES),
        (x, w, i, signed, q, o) => {
          const t = fixedType(w, i, signed, q, o);
          expect(floatCaster(t)(x)).toBe(Number(castNumber(x, t)));
        },
      ),
      { numRuns: 30000 },
    );
  });

  it('on exact halves (the rounding ties)', () => {
    for (const q of QUANT_MODES) {
      const t = fixedType(6, 3, true, q, 'SAT');
      for (let k = -80; k <= 80; k++) {
        const x = (k + 0.5) / 8;
        expect(floatCaster(t)(x)).toBe(Number(castNumber(x, t)));
      }
    }
  });
});

describe('calibration', () => {
  const graph = mlpGraph({ sizes: [8, 6, 4], seed: 3, head: 'softmax' });
  const x = randomBatch(200, 8, 5, 3);

  it('min-max types hold the observed ranges; configs lower', () => {
    const r = calibratePrecision(graph, x, { method: 'minmax', weightBits: 6, activationBits: 8 });
    const acts = evaluateGraph(graph, x);
    for (const name of ['input_1', 'dense_1', 'dense_1_relu', 'dense_2']) {
      const t = parseType(r.config.layerName?.[name]?.result ?? '');
      const v = acts.get(name) ?? new Float64Array(0);
      const range = realRange(t);
      expect(Math.max(...v)).toBeLessThanOrEqual(range.max);
      expect(Math.min(...v)).toBeGreaterThanOrEqual(range.min);
      // one integer bit fewer would not hold them
      const tighter = realRange({ ...t, int: t.int - 1 });
      expect(Math.max(...v) > tighter.max || Math.min(...v) < tighter.min).toBe(true);
      expect(t.width).toBe(8);
    }
    expect(r.config.layerName?.dense_1_relu?.result?.startsWith('ap_ufixed<8,')).toBe(true);
    expect(r.config.layerName?.dense_1?.weight?.startsWith('ap_fixed<6,')).toBe(true);
    expect(() => lowerGraph(graph, r.config)).not.toThrow();
    // deterministic: same input, byte-identical config
    expect(JSON.stringify(calibratePrecision(graph, x, { method: 'minmax', weightBits: 6, activationBits: 8 }).config)).toBe(JSON.stringify(r.config));
  });

  it('MSE never does worse than min-max on the values it saw; percentile clips outliers', () => {
    const values = Float64Array.from({ length: 1000 }, (_, k) => Math.sin(k) * 0.3);
    values[7] = 2; // an outlier
    const modes = { quant: 'RND', overflow: 'SAT' } as const;
    const opts = { method: 'minmax', weightBits: 4, activationBits: 4 } as const;
    const mm = chooseType(values, 4, true, opts, modes);
    const mse = chooseType(values, 4, true, { ...opts, method: 'mse' }, modes);
    const pc = chooseType(values, 4, true, { ...opts, method: 'percentile', percentile: 99 }, modes);
    expect(mm.int).toBe(3);
    expect(mse.int).toBeLessThan(mm.int);
    expect(pc.int).toBe(0);
    const err = (t: typeof mm): number => values.reduce((a, v) => a + (v - toNumber(castNumber(v, t), t)) ** 2, 0);
    expect(err(mse)).toBeLessThan(err(mm));
  });

  it('calibrated accumulators are exact (WRAP) and hold the observed sums', () => {
    const r = calibratePrecision(graph, x, { method: 'minmax', weightBits: 6, activationBits: 8, accum: 'calibrated' });
    const acc = parseType(r.config.layerName?.dense_1?.accum ?? '');
    expect(acc.overflow).toBe('WRAP');
    const sums = evaluateGraph(graph, x).get('dense_1') ?? new Float64Array(0);
    expect(realRange(acc).max).toBeGreaterThan(Math.max(...sums.map(Math.abs)));
  });

  it('integer bits for a range are the fewest that hold it', () => {
    expect(intBitsForRange(-1, 0.99, 8, true)).toBe(1);
    expect(intBitsForRange(0, 1, 8, true)).toBe(2);
    expect(intBitsForRange(0, 1, 8, false)).toBe(1);
    expect(intBitsForRange(-0.2, 0.2, 8, true)).toBe(-1);
  });

  it('calibration data of the wrong shape and bad widths are FF019', () => {
    expectCode(() => calibratePrecision(graph, { n: 3, data: new Float64Array(23) }, { method: 'mse', weightBits: 8, activationBits: 8 }), 'FF019', {
      layer: 'input_1',
      field: 'calibration data',
    });
    expectCode(() => calibratePrecision(graph, { n: 0, data: [] }, { method: 'mse', weightBits: 8, activationBits: 8 }), 'FF019', { field: 'calibration data' });
    expectCode(() => calibratePrecision(graph, x, { method: 'mse', weightBits: 1, activationBits: 8 }), 'FF019', { field: 'weightBits' });
    expectCode(() => calibratePrecision(graph, x, { method: 'percentile', percentile: 101, weightBits: 8, activationBits: 8 }), 'FF019', { field: 'percentile' });
    expectCode(() => calibratePrecision(graph, x, { method: 'mse', weightBits: { dense_1: 4 }, activationBits: 8 }), 'FF019', { layer: 'dense_2', field: 'weightBits' });
  });

  it('resolves types with the lowering precedence', () => {
    const n = dense(graph, 'dense_1');
    const cfg = { model: { default: 'ap_fixed<10,3>' }, layerType: { Dense: { weight: 'ap_fixed<6,1>' } }, layerName: { dense_1: { result: 'ap_fixed<9,4>' } } };
    expect(formatType(resolvePrecision(cfg, n, 'weight') ?? fixedType(1, 1))).toBe('ap_fixed<6,1>');
    expect(formatType(resolvePrecision(cfg, n, 'result') ?? fixedType(1, 1))).toBe('ap_fixed<9,4>');
    expect(formatType(resolvePrecision(cfg, n, 'bias') ?? fixedType(1, 1))).toBe('ap_fixed<10,3>');
    expect(resolvePrecision(cfg, n, 'accum')).toBeUndefined();
    const annotated = { ...n, quant: { weight: parseType('ap_fixed<3,1>') } };
    expect(formatType(resolvePrecision(cfg, annotated, 'weight') ?? fixedType(1, 1))).toBe('ap_fixed<3,1>');
  });
});

describe('bias correction and cross-layer equalization', () => {
  const graph = mlpGraph({ sizes: [8, 6, 4], seed: 9 });
  const x = randomBatch(300, 8, 2, 1);

  it('bias correction removes the mean output error of quantized weights', () => {
    // positive inputs: quantization error in W shifts the mean output
    const xp = { n: x.n, data: Array.from(x.data, (v) => Math.abs(v) + 0.5) };
    const cfg = { layerName: { dense_1: { weight: 'ap_fixed<3,1,TRN,SAT>' }, dense_2: { weight: 'ap_fixed<3,1,TRN,SAT>' } } };
    const naive: Graph = { ...graph, nodes: graph.nodes.map((n) => (n.op === 'dense' ? { ...n, kernel: n.kernel.map((w) => toNumber(castNumber(w, parseType('ap_fixed<3,1,TRN,SAT>')), parseType('ap_fixed<3,1>'))) } : n)) };
    const corrected = correctBiases(graph, xp, cfg).graph;
    const meanErr = (g: Graph): number => {
      const a = evaluateGraph(graph, xp).get('dense_1') ?? new Float64Array(0);
      const b = evaluateGraph(g, xp).get('dense_1') ?? new Float64Array(0);
      let worst = 0;
      for (let o = 0; o < 6; o++) {
        let m = 0;
        for (let s = 0; s < xp.n; s++) m += ((b[s * 6 + o] ?? 0) - (a[s * 6 + o] ?? 0)) / xp.n;
        worst = Math.max(worst, Math.abs(m));
      }
      return worst;
    };
    expect(meanErr(corrected)).toBeLessThan(1e-9);
    expect(meanErr(naive)).toBeGreaterThan(0.05);
    expect(dense(corrected, 'dense_1').kernel).toEqual(dense(naive, 'dense_1').kernel);
  });

  it('CLE keeps the function and equalizes per-channel ranges', () => {
    const scaled: Graph = {
      ...graph,
      nodes: graph.nodes.map((n) => (n.name === 'dense_1' && n.op === 'dense' ? { ...n, kernel: n.kernel.map((w, i) => (i % 6 === 2 ? w * 50 : w)), bias: (n.bias ?? []).map((b, o) => (o === 2 ? b * 50 : b)) } : n)),
    };
    expect(equalizablePairs(scaled)).toEqual([{ first: 'dense_1', second: 'dense_2' }]);
    const eq = equalizeLayers(scaled).graph;
    const out = (g: Graph): Float64Array => evaluateGraph(g, x).get('dense_2') ?? new Float64Array(0);
    expect(maxAbsDiff(out(eq), out(scaled))).toBeLessThan(1e-9);
    const d1 = dense(eq, 'dense_1');
    const d2 = dense(eq, 'dense_2');
    for (let c = 0; c < 6; c++) {
      const r1 = Math.max(...Array.from({ length: 8 }, (_, i) => Math.abs(d1.kernel[i * 6 + c] ?? 0)));
      const r2 = Math.max(...Array.from({ length: 4 }, (_, o) => Math.abs(d2.kernel[c * 4 + o] ?? 0)));
      expect(r1).toBeCloseTo(r2, 9);
    }
  });

  it('no equalizable pair across a sigmoid', () => {
    expect(equalizablePairs(mlpGraph({ sizes: [4, 3, 2], hidden: 'sigmoid' }))).toEqual([]);
  });
});

describe('binary and ternary weights', () => {
  it('ternary: threshold 0.7·mean|w|, power-of-two α, exact 2-bit codes', () => {
    const w = [0.9, -0.05, 0.4, -0.6, 0.1, 0.02];
    const q = quantizeLowBit(w, 'ternary');
    // mean|w| = 0.345, Δ = 0.2415, α = mean(0.9, 0.4, 0.6) = 0.6333 → 0.5
    expect(q.alpha).toBe(0.5);
    expect(Array.from(q.values)).toEqual([0.5, 0, 0.5, -0.5, 0, 0]);
    expect(formatType(q.type)).toBe('ap_fixed<2,1,RND,SAT>');
    for (const v of q.values) expect(toNumber(castNumber(v, q.type), q.type)).toBe(v);
  });

  it('binary: ±α everywhere, sign(0) = +1', () => {
    const q = quantizeLowBit([0.3, -0.2, 0, 0.1], 'binary');
    expect(q.alpha).toBe(0.125);
    expect(Array.from(q.values)).toEqual([0.125, -0.125, 0.125, 0.125]);
  });

  it('low-bit layers lower to 2-bit weight codes', () => {
    const g = lowBitLayers(mlpGraph({ sizes: [6, 5, 3], seed: 2 }), 'ternary');
    const df = lowerGraph(g, {});
    const d = df.nodes.find((n) => n.op === 'dense');
    expect(d?.op === 'dense' && d.weightType.width === 2 && d.weights.every((c) => c >= -1n && c <= 1n)).toBe(true);
    expectCode(() => quantizeLowBit([0, 0], 'binary', 'dz'), 'FF019', { layer: 'dz' });
  });
});

describe('mixed precision under a bit budget', () => {
  const layers = [
    { layer: 'a', params: 100 },
    { layer: 'b', params: 10 },
    { layer: 'c', params: 50 },
  ];
  const cands = [2, 4, 8];
  const sens = new Map([
    ['a', new Map([[2, 0.3], [4, 0.05], [8, 0]])],
    ['b', new Map([[2, 0.5], [4, 0.2], [8, 0]])],
    ['c', new Map([[2, 0.1], [4, 0.02], [8, 0]])],
  ]);

  it('is the exact optimum (brute force agrees)', () => {
    for (const budget of [320, 500, 700, 900, 1280]) {
      const r = chooseMixedPrecision(layers, cands, sens, budget);
      let best = Infinity;
      for (const a of cands) for (const b of cands) for (const c of cands) {
        if (100 * a + 10 * b + 50 * c > budget) continue;
        best = Math.min(best, (sens.get('a')?.get(a) ?? 0) + (sens.get('b')?.get(b) ?? 0) + (sens.get('c')?.get(c) ?? 0));
      }
      expect(r.totalSensitivity).toBeCloseTo(best, 12);
      expect(r.totalBits).toBeLessThanOrEqual(budget);
    }
    expect(chooseMixedPrecision(layers, cands, sens, 1280).bits).toEqual({ a: 8, b: 8, c: 8 });
  });

  it('a budget below the narrowest choice is FF019', () => {
    expectCode(() => chooseMixedPrecision(layers, cands, sens, 319), 'FF019', { field: 'budgetBits' });
  });
});
