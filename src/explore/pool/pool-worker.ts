/** A worker thread of the local pool: evaluates the points it is sent, one at a time. */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { evaluatePoint } from '../evaluate-point.js';
import type { Point } from '../space.js';
import { contextFor, type WorkSpec } from '../work-spec.js';

interface Request {
  readonly id: number;
  readonly point: Point;
}

const spec = (workerData as { spec: WorkSpec }).spec;
const port = parentPort;
if (!port) throw new Error('pool-worker runs as a worker thread');
port.on('message', (m: Request) => {
  contextFor(spec)
    .then((ctx) => evaluatePoint(ctx, m.point))
    .then(
      (outcome) => port.postMessage({ id: m.id, outcome, worker: `pid${process.pid}/thread${threadId}` }),
      (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e), code: (e as { code?: string }).code }),
    );
});
