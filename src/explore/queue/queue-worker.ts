/**
 * A queue worker: the same evaluatePoint as the thread pool, fed by BullMQ.
 * `onComputed` sees every point this worker computed (the exactly-once test
 * and the worker's log use it).
 */
import { Worker } from 'bullmq';
import { evaluatePoint } from '../evaluate-point.js';
import type { Finished } from '../runner.js';
import type { Point } from '../space.js';
import { contextFor, type WorkSpec } from '../work-spec.js';
import type { QueueTarget } from './redis-url.js';

export interface QueueWorkerOptions {
  readonly concurrency?: number;
  readonly onComputed?: (key: string, f: Finished) => void;
}

export function startQueueWorker(target: QueueTarget, opts: QueueWorkerOptions = {}): Worker {
  const name = `pid${process.pid}`;
  return new Worker(
    target.name,
    async (job) => {
      const { spec, point } = job.data as { spec: WorkSpec; point: Point };
      const outcome = await evaluatePoint(await contextFor(spec), point);
      const f: Finished = { outcome, worker: name };
      opts.onComputed?.(job.id ?? '', f);
      return f;
    },
    // a point can keep the event loop busy for seconds: a long lock keeps it from being taken as stalled
    { connection: target.connection, concurrency: opts.concurrency ?? 1, lockDuration: 300_000, stalledInterval: 300_000 },
  );
}
