/**
 * Sliding-window geometry shared by the graph IR, the dataflow IR, the
 * lowering and the simulator: Keras 'same' padding, output lengths, and the
 * part of each window that lies inside the input.
 */
import type { Padding } from './conv-types.js';

/** Reports a problem with a field of the layer; the caller chooses the error code. */
export type Fail = (message: string, field: string) => never;

/** One spatial axis of a sliding window. */
export interface WindowAxis {
  /** input length */
  readonly size: number;
  readonly k: number;
  readonly stride: number;
  readonly padBefore: number;
  readonly padAfter: number;
  /** output length: floor((size + padBefore + padAfter − k) / stride) + 1 */
  readonly out: number;
}

/** Keras 'same': pad_total = max((ceil(in/stride) − 1)·stride + k − in, 0), before = floor(total/2). */
export function samePadding(size: number, k: number, stride: number): { before: number; after: number } {
  const total = Math.max((Math.ceil(size / stride) - 1) * stride + k - size, 0);
  const before = Math.floor(total / 2);
  return { before, after: total - before };
}

function isCount(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min;
}

/** Check a per-axis attribute: `rank` integers ≥ min. */
export function checkAxes(values: readonly number[], rank: number, min: number, field: string, fail: Fail): void {
  if (!Array.isArray(values) || values.length !== rank) {
    fail(`${field} needs ${rank} value(s) (one per spatial axis), got ${Array.isArray(values) ? values.length : 'none'}`, field);
  }
  values.forEach((v, i) => {
    if (!isCount(v, min)) fail(`${field}[${i}] = ${v} must be an integer ≥ ${min}`, field);
  });
}

/** Explicit per-axis padding for a 'valid', 'same' or explicit padding. */
export function resolvePadding(
  padding: Padding,
  inSpatial: readonly number[],
  kernel: readonly number[],
  strides: readonly number[],
  fail: Fail,
): { before: number[]; after: number[] } {
  const rank = inSpatial.length;
  if (padding === 'valid') return { before: new Array<number>(rank).fill(0), after: new Array<number>(rank).fill(0) };
  if (padding === 'same') {
    const p = inSpatial.map((size, i) => samePadding(size, kernel[i] ?? 1, Math.max(1, strides[i] ?? 1)));
    return { before: p.map((x) => x.before), after: p.map((x) => x.after) };
  }
  if (typeof padding !== 'object' || padding === null) fail(`padding must be 'valid', 'same' or {before, after}`, 'padding');
  checkAxes(padding.before, rank, 0, 'padding.before', fail);
  checkAxes(padding.after, rank, 0, 'padding.after', fail);
  return { before: [...padding.before], after: [...padding.after] };
}

/**
 * The window axes of a layer, checked: kernel and stride ≥ 1, padding ≥ 0,
 * the kernel no larger than the padded input.
 * `kernelField` names the attribute holding the window size ('kernelSize', 'poolSize').
 */
export function windowAxes(
  inSpatial: readonly number[],
  kernel: readonly number[],
  strides: readonly number[],
  padBefore: readonly number[],
  padAfter: readonly number[],
  fail: Fail,
  kernelField = 'kernelSize',
): WindowAxis[] {
  const rank = inSpatial.length;
  checkAxes(kernel, rank, 1, kernelField, fail);
  checkAxes(strides, rank, 1, 'strides', fail);
  checkAxes(padBefore, rank, 0, 'padBefore', fail);
  checkAxes(padAfter, rank, 0, 'padAfter', fail);
  return inSpatial.map((size, i) => {
    const k = kernel[i] ?? 1;
    const stride = strides[i] ?? 1;
    const pb = padBefore[i] ?? 0;
    const pa = padAfter[i] ?? 0;
    if (size + pb + pa < k) {
      fail(`${kernelField}[${i}] = ${k} is larger than the padded input (${size} + ${pb} + ${pa} on spatial axis ${i})`, kernelField);
    }
    return { size, k, stride, padBefore: pb, padAfter: pa, out: Math.floor((size + pb + pa - k) / stride) + 1 };
  });
}

/** Window offsets [lo, hi) of output index o that fall inside the input; start = o·stride − padBefore. */
export function axisSpan(a: WindowAxis, o: number): { start: number; lo: number; hi: number } {
  const start = o * a.stride - a.padBefore;
  return { start, lo: Math.max(0, -start), hi: Math.min(a.k, a.size - start) };
}

/** Every output window holds at least one input element (needed by max pooling and by the 'valid' average). */
export function windowsNonEmpty(axes: readonly WindowAxis[]): boolean {
  return axes.every((a) => {
    for (let o = 0; o < a.out; o++) {
      const s = axisSpan(a, o);
      if (s.hi <= s.lo) return false;
    }
    return true;
  });
}

/** Distinct counts of input elements over all output windows, ascending. */
export function windowCounts(axes: readonly WindowAxis[]): number[] {
  let counts = new Set<number>([1]);
  for (const a of axes) {
    const axis = new Set<number>();
    for (let o = 0; o < a.out; o++) {
      const s = axisSpan(a, o);
      axis.add(Math.max(0, s.hi - s.lo));
    }
    const next = new Set<number>();
    for (const c of counts) for (const d of axis) next.add(c * d);
    counts = next;
  }
  return [...counts].sort((x, y) => x - y);
}

/** Product of the window sizes. */
export function windowSize(axes: readonly WindowAxis[]): number {
  return axes.reduce((p, a) => p * a.k, 1);
}

/**
 * Two spatial axes for every conv op: a 1D tensor [L, C] is the 2D tensor
 * [1, L, C] with a 1-high window, stride 1 and no padding on the added axis.
 * [rows, columns] of a per-axis attribute; a 1D attribute gets `fill` for the
 * added row axis (an empty one: `fill` for both).
 */
export function rowsCols(values: readonly number[], fill: number): [number, number] {
  return values.length === 1 ? [fill, values[0] ?? fill] : [values[0] ?? fill, values[1] ?? fill];
}

/** [H, W, C] of a channels-last shape ([L, C] → [1, L, C]; [C] alone → [1, 1, C]). */
export function hwc(shape: readonly number[]): [number, number, number] {
  const c = shape[shape.length - 1] ?? 1;
  const [h, w] = rowsCols(shape.slice(0, -1), 1);
  return [h, w, c];
}
