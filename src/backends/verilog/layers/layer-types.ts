/** What a layer emitter returns to the top-level builder. */
import type { FixedType } from '../../../fixed/fixed-type.js';
import type { DfNode } from '../../../ir/dataflow/types.js';
import type { ResolvedOptions } from '../options.js';

/**
 * 'pipe': a datapath whose registers all advance with `ce` (ports clk, ce
 * when it has registers, then x, y); `latency` register stages.
 * 'stream': a unit with its own valid/ready handshake (folded layers).
 */
export interface EmittedLayer {
  readonly node: DfNode;
  readonly module: string;
  readonly text: string;
  readonly kind: 'pipe' | 'stream';
  readonly clocked: boolean;
  /** pipe: register stages from x to y; stream: cycles from accepting x to y valid */
  readonly latency: number;
  /** cycles between accepted inputs at full throughput */
  readonly ii: number;
  /** pipe: logic levels from the last register to y (counting the input's own) */
  readonly outDepth: number;
  /** multipliers the layer instantiates (`*` operators), for reports */
  readonly multipliers: number;
  /** table reads (pipe layers): size, and whether the read is synchronous (address or value in a register: Yosys can then use block RAM) */
  readonly romReads?: readonly { readonly entries: number; readonly width: number; readonly synchronous: boolean }[];
}

export interface LayerContext {
  readonly opts: ResolvedOptions;
  /** type and element count of the layer's input tensor */
  readonly inType: FixedType;
  readonly inSize: number;
  /** logic levels already on the input path (pipe layers chain combinationally) */
  readonly inDepth: number;
}
