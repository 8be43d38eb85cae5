/** Points evaluated one at a time in the calling process (workers: 0). */
import { evaluatePoint } from './evaluate-point.js';
import type { PointRunner } from './runner.js';
import { contextFor, type WorkSpec } from './work-spec.js';

export function inProcessRunner(spec: WorkSpec): PointRunner {
  return {
    concurrency: 1,
    run: async (_key, point) => ({ outcome: await evaluatePoint(await contextFor(spec), point), worker: `pid${process.pid}` }),
    close: async () => undefined,
  };
}
