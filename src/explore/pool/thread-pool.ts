/**
 * The local worker pool: n worker threads, each with its own copy of the
 * model and validation set, each evaluating one point at a time.
 */
import { Worker } from 'node:worker_threads';
import { CompileError, type ErrorCode } from '../../core/diagnostics.js';
import type { PointOutcome } from '../point-result.js';
import type { Finished, PointRunner } from '../runner.js';
import type { Point } from '../space.js';
import type { WorkSpec } from '../work-spec.js';

const ENTRY = new URL('./pool-worker-entry.mjs', import.meta.url);

interface Reply {
  readonly id: number;
  readonly outcome?: PointOutcome;
  readonly worker?: string;
  readonly error?: string;
  readonly code?: string;
}

export function threadPool(spec: WorkSpec, threads: number): PointRunner {
  const all = Array.from({ length: threads }, () => new Worker(ENTRY, { workerData: { spec } }));
  // a thread that dies between points (e.g. out of memory) fails the next call instead of the process
  const dead = new Map<Worker, Error>();
  for (const w of all) w.on('error', (e: Error) => dead.set(w, e));
  const idle: Worker[] = [...all];
  const waiting: ((w: Worker) => void)[] = [];
  let next = 0;
  const acquire = (): Promise<Worker> => {
    const w = idle.pop();
    return w ? Promise.resolve(w) : new Promise((resolve) => waiting.push(resolve));
  };
  const release = (w: Worker): void => {
    const give = waiting.shift();
    if (give) give(w);
    else idle.push(w);
  };
  const call = (w: Worker, point: Point): Promise<Finished> =>
    new Promise((resolve, reject) => {
      const died = dead.get(w);
      if (died) {
        reject(died);
        return;
      }
      const id = next++;
      const onMsg = (m: Reply): void => {
        if (m.id !== id) return;
        w.off('message', onMsg);
        w.off('error', reject);
        if (m.outcome && m.worker) resolve({ outcome: m.outcome, worker: m.worker });
        else if (m.code && /^FF\d{3}$/.test(m.code)) reject(new CompileError(m.code as ErrorCode, m.error ?? 'worker failed'));
        else reject(new Error(m.error ?? 'worker returned nothing'));
      };
      w.on('message', onMsg);
      w.once('error', reject);
      w.postMessage({ id, point });
    });
  return {
    concurrency: threads,
    async run(_key, point) {
      const w = await acquire();
      try {
        return await call(w, point);
      } finally {
        release(w);
      }
    },
    async close() {
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}
