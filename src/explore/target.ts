/**
 * Target mode: "the smallest design with accuracy ≥ X and latency ≤ Y
 * cycles" (also luts, dsps, ffs, ii bounds). `acc>=0.85,latency<=20`.
 * Smallest is by area (LUTs + 100 per DSP), then latency. When nothing
 * meets the target, the closest point is the one with the least summed
 * relative violation.
 */
import { CompileError } from '../core/diagnostics.js';
import { area } from './pareto.js';
import type { PointResult } from './point-result.js';

type Metric = 'accuracy' | 'latency' | 'luts' | 'dsps' | 'ffs' | 'ii';

export interface Bound {
  readonly metric: Metric;
  readonly op: '>=' | '<=';
  readonly value: number;
}

const ALIASES: Readonly<Record<string, Metric>> = { acc: 'accuracy', accuracy: 'accuracy', latency: 'latency', lut: 'luts', luts: 'luts', dsp: 'dsps', dsps: 'dsps', ff: 'ffs', ffs: 'ffs', ii: 'ii' };

export function parseTarget(text: string): Bound[] {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (parts.length === 0) throw new CompileError('FF014', '--target is empty (e.g. acc>=0.85,latency<=20)', { field: 'target' });
  return parts.map((p) => {
    const m = /^([a-z]+)\s*(>=|<=)\s*([0-9.eE+-]+)(%?)$/.exec(p);
    const metric = m ? ALIASES[m[1] ?? ''] : undefined;
    const value = m ? Number(m[3]) / (m[4] === '%' ? 100 : 1) : NaN;
    if (!m || !metric || !Number.isFinite(value)) {
      throw new CompileError('FF014', `--target: cannot read '${p}' (bounds like acc>=0.85, latency<=20, luts<=5000, dsps<=100)`, { field: 'target' });
    }
    const op = m[2] as Bound['op'];
    if (metric === 'accuracy' ? op !== '>=' : op !== '<=') throw new CompileError('FF014', `--target: '${p}' bounds the wrong side (accuracy from below, costs from above)`, { field: 'target' });
    return { metric, op, value };
  });
}

function violation(r: PointResult, b: Bound): number {
  const v = r[b.metric];
  const gap = b.op === '>=' ? b.value - v : v - b.value;
  return gap <= 0 ? 0 : gap / Math.max(Math.abs(b.value), 1e-9);
}

export function meets(r: PointResult, bounds: readonly Bound[]): boolean {
  return bounds.every((b) => violation(r, b) === 0);
}

export type TargetAnswer<T> = { readonly met: true; readonly best: T } | { readonly met: false; readonly closest: T | undefined; readonly violations: readonly string[] };

export function chooseTarget<T extends { readonly result: PointResult }>(items: readonly T[], bounds: readonly Bound[]): TargetAnswer<T> {
  const ok = items.filter((i) => meets(i.result, bounds));
  if (ok.length > 0) {
    const best = ok.reduce((a, b) => (area(b.result) < area(a.result) || (area(b.result) === area(a.result) && b.result.latency < a.result.latency) ? b : a));
    return { met: true, best };
  }
  const score = (i: T): number => bounds.reduce((s, b) => s + violation(i.result, b), 0);
  const closest = items.reduce<T | undefined>((a, b) => (a === undefined || score(b) < score(a) || (score(b) === score(a) && area(b.result) < area(a.result)) ? b : a), undefined);
  const violations = closest ? bounds.filter((b) => violation(closest.result, b) > 0).map((b) => `${b.metric} ${closest.result[b.metric]} (wanted ${b.op} ${b.value})`) : [];
  return { met: false, closest, violations };
}
