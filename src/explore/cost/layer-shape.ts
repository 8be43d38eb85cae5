/** What the cost model knows about one emitted layer before pricing it. */
import type { Tally } from './abstract-sched.js';

export interface LayerShape {
  /** as the backend's EmittedLayer: 'pipe' layers share a segment's clock enable, 'stream' layers hand-shake */
  readonly kind: 'pipe' | 'stream';
  /** pipe: register stages; stream: cycles from accepting x to y valid */
  readonly latency: number;
  readonly ii: number;
  /** pipe: logic levels from the last register to y */
  readonly outDepth: number;
  readonly multipliers: number;
  readonly tally: Tally;
}
