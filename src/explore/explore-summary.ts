/** A finished sweep as the rows the HTML page and the JSON file show: the front, the target's answer. */
import { paretoFront } from './pareto.js';
import type { PointResult } from './point-result.js';
import type { Point } from './space.js';
import type { SweepEntry } from './sweep.js';
import { chooseTarget, type Bound, type TargetAnswer } from './target.js';

export interface Row {
  readonly key: string;
  readonly point: Point;
  readonly result: PointResult;
  readonly front: boolean;
}

export interface ExploreSummary {
  readonly model: string;
  readonly space: { readonly layers?: readonly string[] };
  readonly rows: readonly Row[];
  readonly failures: readonly { readonly key: string; readonly point: Point; readonly error: string }[];
  readonly target?: { readonly text: string; readonly answer: TargetAnswer<Row> };
  readonly computed: number;
  readonly reused: number;
  readonly seconds: number;
}

export function summarize(model: string, layers: readonly string[] | undefined, entries: readonly SweepEntry[], stats: { computed: number; reused: number; seconds: number }, target?: { text: string; bounds: readonly Bound[] }): ExploreSummary {
  const seen = new Set<string>();
  const ok: Omit<Row, 'front'>[] = [];
  const failures: ExploreSummary['failures'][number][] = [];
  for (const e of entries) {
    if (seen.has(e.key)) continue;
    seen.add(e.key);
    if (e.outcome.ok) ok.push({ key: e.key, point: e.point, result: e.outcome.result });
    else failures.push({ key: e.key, point: e.point, error: `${e.outcome.failure.code ?? ''} ${e.outcome.failure.error}`.trim() });
  }
  const front = new Set(paretoFront(ok.map((r) => r.result)));
  const rows = ok.map((r, i) => ({ ...r, front: front.has(i) }));
  return {
    model,
    space: layers ? { layers } : {},
    rows,
    failures,
    ...(target ? { target: { text: target.text, answer: chooseTarget(rows, target.bounds) } } : {}),
    ...stats,
  };
}

export function describePoint(p: Point, layers?: readonly string[]): string {
  const prec = layers ? layers.map((l, i) => `${l}=${p.precision[i] ?? '?'}`).join(' ') : (p.precision[0] ?? '?');
  return `${prec}, RF ${p.reuseFactor}, prune ${p.prune}, rank ${p.rank === 0 ? 'full' : p.rank}`;
}
