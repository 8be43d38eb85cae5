/** A compiled cast that also records the overflow profile when profiling (as fast-kernels.ts does for its ops). */
import { compileCast, FAST_MAX_WIDTH, type Caster } from '../../src/fixed/cast-fast.js';
import type { FixedType } from '../../src/fixed/fixed-type.js';
import type { NodeStats } from '../fast-kernels.js';
import { TensorStats, type TensorKind } from '../profile.js';

export function caster(stats: NodeStats | undefined, kind: TensorKind, srcFrac: number, t: FixedType): Caster {
  if (!stats) return compileCast(srcFrac, t);
  const s = (stats[kind] ??= new TensorStats(t));
  return s.caster(srcFrac);
}

/** True when every width is small enough for exact float64 integer arithmetic. */
export function fastWidths(...widths: number[]): boolean {
  return widths.every((w) => w <= FAST_MAX_WIDTH);
}
