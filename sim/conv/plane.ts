/**
 * Conv-op geometry normalised to two spatial axes: a 1D tensor [L, C] is the
 * 2D tensor [1, L, C], with a 1-high window, stride 1 and no padding on the
 * added axis.
 */
import type { WindowSpec } from '../../src/ir/dataflow/conv-types.js';

/** [rows, columns] of a per-axis attribute; 1D attributes get `fill` for the added row axis. */
export function pair(values: readonly number[], fill: number): [number, number] {
  return values.length === 1 ? [fill, values[0] ?? fill] : [values[0] ?? fill, values[1] ?? fill];
}

/** Spatial dims and channels of a channels-last shape, as [H, W, C]. */
export function dims3(shape: readonly number[]): [number, number, number] {
  const c = shape[shape.length - 1] ?? 1;
  const [h, w] = pair(shape.slice(0, -1), 1);
  return [h, w, c];
}

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
  const [H, W, C] = dims3(n.inShape);
  const [KH, KW] = pair(n.kernelSize, 1);
  const [SH, SW] = pair(n.strides, 1);
  const [PT, PL] = pair(n.padBefore, 0);
  const [PB, PR] = pair(n.padAfter, 0);
  return { H, W, C, KH, KW, SH, SW, PT, PL, OH: Math.floor((H + PT + PB - KH) / SH) + 1, OW: Math.floor((W + PL + PR - KW) / SW) + 1 };
}
