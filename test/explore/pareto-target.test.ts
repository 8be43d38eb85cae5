import { describe, expect, it } from 'vitest';
import { CompileError } from '../../src/core/diagnostics.js';
import { dominates, paretoFront } from '../../src/explore/pareto.js';
import type { PointResult } from '../../src/explore/point-result.js';
import { chooseTarget, parseTarget } from '../../src/explore/target.js';

const r = (accuracy: number, luts: number, dsps: number, latency = 10): PointResult => ({ accuracy, luts, dsps, ffs: 0, brams: 0, latency, ii: 1, engine: 'interpreter', seconds: 0 });

describe('Pareto front', () => {
  // hand-made: a (0.90, 1000, 10), b (0.85, 500, 10), c (0.85, 600, 10) dominated by b,
  // d (0.95, 5000, 0) on the front by DSP, e (0.80, 2000, 20) dominated by a and b, f duplicate of b
  const set = [r(0.9, 1000, 10), r(0.85, 500, 10), r(0.85, 600, 10), r(0.95, 5000, 0), r(0.8, 2000, 20), r(0.85, 500, 10)];

  it('keeps exactly the non-dominated points, duplicates included', () => {
    expect(paretoFront(set)).toEqual([0, 1, 3, 5]);
  });

  it('dominance needs no worse on all axes and better on one', () => {
    expect(dominates(r(0.9, 100, 1), r(0.9, 100, 1))).toBe(false);
    expect(dominates(r(0.9, 100, 1), r(0.9, 101, 1))).toBe(true);
    expect(dominates(r(0.91, 200, 1), r(0.9, 100, 1))).toBe(false);
  });

  it('a single point and an empty set', () => {
    expect(paretoFront([r(0.5, 1, 1)])).toEqual([0]);
    expect(paretoFront([])).toEqual([]);
  });
});

describe('target mode', () => {
  const items = [r(0.9, 1000, 10, 20), r(0.86, 800, 2, 8), r(0.86, 700, 30, 8), r(0.7, 100, 0, 4)].map((result, i) => ({ result, id: i }));

  it('parses bounds, aliases and percentages', () => {
    expect(parseTarget('acc>=0.85, latency<=20')).toEqual([
      { metric: 'accuracy', op: '>=', value: 0.85 },
      { metric: 'latency', op: '<=', value: 20 },
    ]);
    expect(parseTarget('acc>=85%,dsp<=4')[0]?.value).toBeCloseTo(0.85);
  });

  it('picks the smallest design (LUTs + 100 per DSP) that meets every bound', () => {
    const a = chooseTarget(items, parseTarget('acc>=0.85,latency<=20'));
    expect(a.met).toBe(true);
    // 800 + 200 = 1000 beats 700 + 3000 and 1000 + 1000
    if (a.met) expect(a.best.id).toBe(1);
  });

  it('an impossible target says so and names the closest point', () => {
    const a = chooseTarget(items, parseTarget('acc>=0.95,latency<=5'));
    expect(a.met).toBe(false);
    if (!a.met) {
      // summed relative violations: #0 0.05/0.95 + 15/5, #1 0.09/0.95 + 3/5, #3 0.25/0.95 + 0
      expect(a.closest?.id).toBe(3);
      expect(a.violations).toEqual(['accuracy 0.7 (wanted >= 0.95)']);
    }
  });

  it('bad bounds are FF014', () => {
    for (const bad of ['', 'acc>0.8', 'speed<=3', 'acc<=0.9', 'latency>=4', 'acc>=x']) {
      expect(() => parseTarget(bad)).toThrow(CompileError);
      try {
        parseTarget(bad);
      } catch (e) {
        expect((e as CompileError).code).toBe('FF014');
      }
    }
  });
});
