/** How a sweep gets points evaluated: in this process, on worker threads, or through a queue. */
import type { PointOutcome } from './point-result.js';
import type { Point } from './space.js';

export interface Finished {
  readonly outcome: PointOutcome;
  /** who computed it (for the record and the exactly-once checks) */
  readonly worker: string;
}

export interface PointRunner {
  /** points evaluated at once */
  readonly concurrency: number;
  run(key: string, point: Point): Promise<Finished>;
  close(): Promise<void>;
}
