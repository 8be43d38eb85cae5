/**
 * Sliding-window geometry of the conv-family nodes normalised to two spatial
 * axes, as compression reads it: a 1D tensor [L, C] is the 2D tensor
 * [1, L, C] with a 1-high window, stride 1 and no padding on the added axis.
 * Padding is resolved with the graph IR's rules (src/ir/graph/conv-geometry.ts).
 */
import { CompileError } from '../../core/diagnostics.js';
import { hwc, resolvePadding, windowAxes, type Fail } from '../../ir/graph/conv-geometry.js';
import type { Padding } from '../../ir/graph/conv-types.js';
import type { Shape } from '../../ir/graph/types.js';

export interface Window2d {
  readonly H: number;
  readonly W: number;
  readonly C: number;
  readonly KH: number;
  readonly KW: number;
  readonly SH: number;
  readonly SW: number;
  /** padding before and after rows (T, B) and columns (L, R) */
  readonly PT: number;
  readonly PB: number;
  readonly PL: number;
  readonly PR: number;
  readonly OH: number;
  readonly OW: number;
}


export function channelsOf(shape: Shape): number {
  return shape[shape.length - 1] ?? 1;
}

/** The window of a conv or pool reading `inShape`; geometry errors are FF004 on `layer`. */
export function window2d(layer: string, inShape: Shape, kernel: readonly number[], strides: readonly number[], padding: Padding, kernelField = 'kernelSize'): Window2d {
  const fail: Fail = (message, field) => {
    throw new CompileError('FF004', message, { layer, field });
  };
  const spatial = inShape.slice(0, -1);
  const pad = resolvePadding(padding, spatial, kernel, strides, fail);
  const axes = windowAxes(spatial, kernel, strides, pad.before, pad.after, fail, kernelField);
  const [H, W, C] = hwc(inShape);
  const row = axes.length === 2 ? axes[0] : undefined;
  const col = axes[axes.length - 1];
  if (col === undefined) throw new CompileError('FF004', `a window needs one or two spatial axes, '${layer}' reads [${inShape.join(', ')}]`, { layer, field: 'shape' });
  return {
    H,
    W,
    C,
    KH: row?.k ?? 1,
    KW: col.k,
    SH: row?.stride ?? 1,
    SW: col.stride,
    PT: row?.padBefore ?? 0,
    PB: row?.padAfter ?? 0,
    PL: col.padBefore,
    PR: col.padAfter,
    OH: row?.out ?? 1,
    OW: col.out,
  };
}
