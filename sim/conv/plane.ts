/**
 * Conv-op geometry normalised to two spatial axes: a 1D tensor [L, C] is the
 * 2D tensor [1, L, C], with a 1-high window, stride 1 and no padding on the
 * added axis.
 */
import type { WindowSpec } from '../../src/ir/dataflow/conv-types.js';
import { hwc, rowsCols } from '../../src/ir/graph/conv-geometry.js';

export interface Plane {
  readonly H: number;
  readonly W: number;
  readonly C: number;
  readonly KH: number;
  readonly KW: number;
  readonly SH: number;
  readonly SW: number;
  /** padding before rows and columns */
  readonly PT: number;
  readonly PL: number;
  readonly OH: number;
  readonly OW: number;
}

export function planeOf(n: WindowSpec): Plane {
  const [H, W, C] = hwc(n.inShape);
  const [KH, KW] = rowsCols(n.kernelSize, 1);
  const [SH, SW] = rowsCols(n.strides, 1);
  const [PT, PL] = rowsCols(n.padBefore, 0);
  const [PB, PR] = rowsCols(n.padAfter, 0);
  return { H, W, C, KH, KW, SH, SW, PT, PL, OH: Math.floor((H + PT + PB - KH) / SH) + 1, OW: Math.floor((W + PL + PR - KW) / SW) + 1 };
}
