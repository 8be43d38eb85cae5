/**
 * runSweep: every point of the space is either found in the results
 * database (by its key) or computed by the runner and stored as soon as it
 * finishes; an interrupted sweep rerun computes only what is missing.
 */
import type { Graph } from '../ir/graph/types.js';
import type { DataSpec } from './data.js';
import { inProcessRunner } from './in-process-runner.js';
import { area } from './pareto.js';
import { pointKey, sweepIdentity } from './point-key.js';
import type { PointOutcome, PointResult } from './point-result.js';
import { threadPool } from './pool/thread-pool.js';
import { silentProgress, type ProgressSink } from './progress.js';
import { queueRunner } from './queue/queue-runner.js';
import type { QueueTarget } from './queue/redis-url.js';
import type { PointRunner } from './runner.js';
import { enumeratePoints, type Point, type SearchSpace } from './space.js';
import { openStore } from './store.js';
import { graphDigest, type WorkSpec } from './work-spec.js';

export interface SweepOptions {
  readonly modelPath: string;
  readonly graph: Graph;
  readonly space: SearchSpace;
  readonly spaceFile?: string;
  readonly data: DataSpec;
  readonly db: string;
  /** worker threads (0: in this process); default 1 */
  readonly workers?: number;
  /** distributed mode: points go to this BullMQ queue instead of local threads */
  readonly queue?: QueueTarget;
  readonly synth?: boolean;
  readonly progress?: ProgressSink;
  /** called for each point computed in this run (not for those found in the database) */
  readonly onComputed?: (key: string, point: Point) => void;
}

export interface SweepEntry {
  readonly key: string;
  readonly point: Point;
  readonly outcome: PointOutcome;
  readonly worker: string;
}

export interface SweepResult {
  readonly entries: readonly SweepEntry[];
  readonly computed: number;
  readonly reused: number;
  readonly seconds: number;
}

export function describeResult(r: PointResult): string {
  return `acc ${r.accuracy.toFixed(4)}, ${r.luts} LUT, ${r.dsps} DSP, ${r.latency} cycles`;
}

async function makeRunner(spec: WorkSpec, opts: SweepOptions): Promise<PointRunner> {
  if (opts.queue) return queueRunner(spec, opts.queue);
  const n = opts.workers ?? 1;
  return n <= 0 ? inProcessRunner(spec) : threadPool(spec, n);
}

export async function runSweep(opts: SweepOptions): Promise<SweepResult> {
  const points = enumeratePoints(opts.space, opts.spaceFile);
  const digest = graphDigest(opts.graph);
  const id = sweepIdentity(digest, opts.data, opts.space);
  const keyed = points.map((point) => ({ key: pointKey(id, point), point }));
  const store = openStore(opts.db);
  const progress = opts.progress ?? silentProgress;
  const t0 = performance.now();
  try {
    const have = store.keys();
    const todo = keyed.filter((k) => !have.has(k.key));
    // the same key twice in one space (duplicate list entries) is computed once
    const unique = [...new Map(todo.map((k) => [k.key, k])).values()];
    const reused = keyed.length - todo.length;
    const copies = new Map<string, number>();
    for (const k of keyed) copies.set(k.key, (copies.get(k.key) ?? 0) + 1);
    let done = reused;
    let best: PointResult | undefined;
    const consider = (o: PointOutcome): void => {
      if (o.ok && (!best || o.result.accuracy > best.accuracy || (o.result.accuracy === best.accuracy && area(o.result) < area(best)))) best = o.result;
    };
    for (const k of keyed) {
      const s = have.has(k.key) ? store.get(k.key) : undefined;
      if (s) consider(s.outcome);
    }
    const state = () => ({ done, total: keyed.length, reused, elapsedMs: performance.now() - t0, ...(best ? { best: describeResult(best) } : {}) });
    progress.update(state());
    if (unique.length > 0) {
      const spec: WorkSpec = { modelPath: opts.modelPath, modelDigest: digest, data: opts.data, space: opts.space, synth: opts.synth ?? false };
      const runner = await makeRunner(spec, opts);
      try {
        let next = 0;
        const lane = async (): Promise<void> => {
          while (next < unique.length) {
            const k = unique[next++];
            if (!k) break;
            const f = await runner.run(k.key, k.point);
            if (!store.has(k.key)) store.put({ key: k.key, point: k.point, outcome: f.outcome, worker: f.worker });
            opts.onComputed?.(k.key, k.point);
            done += copies.get(k.key) ?? 1;
            consider(f.outcome);
            progress.update(state());
          }
        };
        await Promise.all(Array.from({ length: Math.min(runner.concurrency, unique.length) }, lane));
      } finally {
        await runner.close();
      }
    }
    progress.finish(state());
    const entries = keyed.map((k) => {
      const s = store.get(k.key);
      if (!s) throw new Error(`internal: point ${k.key} missing after the sweep`);
      return { key: k.key, point: k.point, outcome: s.outcome, worker: s.worker };
    });
    return { entries, computed: unique.length, reused, seconds: (performance.now() - t0) / 1000 };
  } finally {
    store.close();
  }
}
