/** A window spec seen as 2D (1D is one row): sizes, kernel, strides, padding, output sizes. */
import type { WindowSpec } from '../../ir/dataflow/conv-types.js';

export interface Grid {
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
  readonly oh: number;
  readonly ow: number;
  /** a window can reach past the last row / column (trailing padding) */
  readonly needRowCheck: boolean;
  readonly needColCheck: boolean;
}

export function gridOf(spec: WindowSpec): Grid {
  const two = spec.inShape.length === 3;
  const at = (a: readonly number[], i: number, fallback: number): number => (two ? a[i] : i === 0 ? fallback : a[0]) ?? fallback;
  const h = at(spec.inShape, 0, 1);
  const w = at(spec.inShape, 1, 1);
  const kh = at(spec.kernelSize, 0, 1);
  const kw = at(spec.kernelSize, 1, 1);
  const sh = at(spec.strides, 0, 1);
  const sw = at(spec.strides, 1, 1);
  const ph = at(spec.padBefore, 0, 0);
  const pw = at(spec.padBefore, 1, 0);
  const padH = at(spec.padAfter, 0, 0);
  const padW = at(spec.padAfter, 1, 0);
  const oh = Math.floor((h + ph + padH - kh) / sh) + 1;
  const ow = Math.floor((w + pw + padW - kw) / sw) + 1;
  return {
    h, w, c: spec.inShape[spec.inShape.length - 1] ?? 1, kh, kw, sh, sw, ph, pw, oh, ow,
    needRowCheck: (oh - 1) * sh - ph + kh > h,
    needColCheck: (ow - 1) * sw - pw + kw > w,
  };
}
