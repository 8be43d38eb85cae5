/**
 * The walk of fx_window over the padded image, decided at compile time: which
 * rows and columns are real (not padding), at which positions an output
 * window is complete (its bottom-right corner), and, for the FIFO schedule,
 * how many input pixels the unit has consumed when it emits each output.
 */
import type { WindowSpec } from '../../../ir/dataflow/conv-types.js';
import { pixelGeometry } from './geometry.js';

export interface WindowWalk {
  readonly hp: number;
  readonly wp: number;
  readonly kh: number;
  readonly kw: number;
  readonly rowReal: readonly boolean[];
  readonly colReal: readonly boolean[];
  readonly rowEmit: readonly boolean[];
  readonly colEmit: readonly boolean[];
  /** input pixels consumed when output j (raster order) leaves, for j over one image */
  readonly need: readonly number[];
  readonly inPixels: number;
}

function axis(len: number, k: number, s: number, before: number, after: number): { real: boolean[]; emit: boolean[] } {
  const padded = len + before + after;
  const outs = Math.floor((padded - k) / s) + 1;
  const real = Array.from({ length: padded }, (_v, p) => p >= before && p < before + len);
  const emit = Array.from({ length: padded }, (_v, p) => {
    const start = p - k + 1;
    return start >= 0 && start % s === 0 && start / s < outs;
  });
  return { real, emit };
}

export function windowWalk(spec: Pick<WindowSpec, 'inShape' | 'kernelSize' | 'strides' | 'padBefore' | 'padAfter'>): WindowWalk {
  const g = pixelGeometry(spec.inShape);
  const two = spec.kernelSize.length === 2;
  const at = (a: readonly number[], i: number, d: number): number => (two ? (a[i] ?? d) : i === 0 ? d : (a[0] ?? d));
  const kh = at(spec.kernelSize, 0, 1);
  const kw = at(spec.kernelSize, 1, 1);
  const rows = axis(g.rows, kh, at(spec.strides, 0, 1), at(spec.padBefore, 0, 0), at(spec.padAfter, 0, 0));
  const cols = axis(g.cols, kw, at(spec.strides, 1, 1), at(spec.padBefore, 1, 0), at(spec.padAfter, 1, 0));
  const need: number[] = [];
  let consumed = 0;
  rows.real.forEach((rr, py) => {
    cols.real.forEach((cr, px) => {
      if (rr && cr) consumed++;
      if (rows.emit[py] && cols.emit[px]) need.push(consumed);
    });
  });
  return { hp: rows.real.length, wp: cols.real.length, kh, kw, rowReal: rows.real, colReal: cols.real, rowEmit: rows.emit, colEmit: cols.emit, need, inPixels: g.pixels };
}

/** A Verilog bit-vector literal whose bit i is flags[i]. */
export function flagBits(flags: readonly boolean[]): string {
  return `${flags.length}'b${[...flags].reverse().map((f) => (f ? '1' : '0')).join('')}`;
}

export const bitsFor = (n: number): number => Math.max(1, Math.ceil(Math.log2(Math.max(n, 1))));
