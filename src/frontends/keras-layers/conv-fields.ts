/**
 * Typed reads of the Keras config fields of the convolution-family layers,
 * shared by the tfjs and the Keras importers (both read Keras layer configs):
 * per-axis integer tuples, padding, data_format and dilation_rate. Anything
 * fixflow cannot express (channels_first, dilation ≠ 1, an unknown padding
 * mode) is FF006 naming the field; a malformed value is FF002.
 */
import type { ErrorCode } from '../../core/diagnostics.js';
import type { Padding } from '../../ir/graph/conv-types.js';

/** One Keras layer's config as the converters see it. */
export interface KerasFieldSource {
  readonly className: string;
  /** the field's value; undefined when absent */
  raw(field: string): unknown;
  fail(code: ErrorCode, message: string, field?: string): never;
}

/** A tensor of the graph being built. */
export interface KerasTensor {
  readonly name: string;
  readonly shape: readonly number[];
}

/** Reads the layer's weights, in order, checked against the given shapes. */
export type ReadWeights = (specs: readonly { readonly name: string; readonly shape: readonly number[] }[]) => (readonly number[])[];

export function present(src: KerasFieldSource, field: string): boolean {
  const v = src.raw(field);
  return v !== undefined && v !== null;
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** An int or a list of `rank` ints (Keras accepts both for kernel_size, strides, pool_size, size). */
export function intTuple(src: KerasFieldSource, field: string, rank: number, min: number, fallback?: readonly number[]): number[] {
  const v = src.raw(field);
  if ((v === undefined || v === null) && fallback) return [...fallback];
  const list = isInt(v) ? new Array<number>(rank).fill(v) : v;
  if (!Array.isArray(list) || list.length !== rank || !list.every(isInt)) {
    src.fail('FF002', `${field} must be an integer or a list of ${rank} integers, got ${JSON.stringify(v)}`, field);
  }
  const bad = list.find((d: number) => d < min);
  if (bad !== undefined) src.fail('FF002', `${field} must be ≥ ${min}, got ${JSON.stringify(v)}`, field);
  return list as number[];
}

export function str(src: KerasFieldSource, field: string, fallback: string): string {
  const v = src.raw(field) ?? fallback;
  if (typeof v !== 'string') src.fail('FF002', `${field} must be a string, got ${JSON.stringify(v)}`, field);
  return v;
}

export function bool(src: KerasFieldSource, field: string, fallback: boolean): boolean {
  const v = src.raw(field) ?? fallback;
  if (typeof v !== 'boolean') src.fail('FF002', `${field} must be true or false, got ${JSON.stringify(v)}`, field);
  return v;
}

export function positiveInt(src: KerasFieldSource, field: string, fallback?: number): number {
  const v = src.raw(field) ?? fallback;
  if (!isInt(v) || v < 1) src.fail('FF002', `${field} must be a positive integer, got ${JSON.stringify(v)}`, field);
  return v;
}

/** data_format must be channels_last (or absent). */
export function channelsLastOnly(src: KerasFieldSource): void {
  const f = str(src, 'data_format', 'channels_last');
  if (f !== 'channels_last') src.fail('FF006', `data_format ${f} is not supported: fixflow is channels-last (channels_last)`, 'data_format');
}

/** dilation_rate must be 1 on every axis. */
export function noDilation(src: KerasFieldSource, rank: number): void {
  const d = intTuple(src, 'dilation_rate', rank, 1, new Array<number>(rank).fill(1));
  if (d.some((x) => x !== 1)) src.fail('FF006', `dilation_rate ${JSON.stringify(src.raw('dilation_rate'))} is not supported (only 1)`, 'dilation_rate');
}

/** 'valid', 'same', or Conv1D's 'causal' (k − 1 zeros before). */
export function kerasPadding(src: KerasFieldSource, kernel: readonly number[], allowCausal: boolean): Padding {
  const p = str(src, 'padding', 'valid').toLowerCase();
  if (p === 'valid' || p === 'same') return p;
  if (p === 'causal' && allowCausal) return { before: [(kernel[0] ?? 1) - 1], after: [0] };
  return src.fail('FF006', `padding '${p}' is not supported (valid, same${allowCausal ? ', causal' : ''})`, 'padding');
}

/** Spatial rank of a layer from its class name: Conv1D → 1, MaxPooling2D → 2. */
export function rankOf(src: KerasFieldSource): number {
  const m = /([123])D$/.exec(src.className);
  const rank = m ? Number(m[1]) : 0;
  if (rank !== 1 && rank !== 2) src.fail('FF006', `${src.className} is not supported (1D and 2D layers only)`, 'class_name');
  return rank;
}

/** The input must be channels-last with `rank` spatial axes: [L, C] or [H, W, C]. */
export function spatialInput(src: KerasFieldSource, x: KerasTensor, rank: number): { spatial: number[]; c: number } {
  if (x.shape.length !== rank + 1) {
    src.fail('FF006', `${src.className} needs an input of rank ${rank + 1} (channels last), got [${x.shape.join(', ')}]`, 'inbound_nodes');
  }
  return { spatial: x.shape.slice(0, rank), c: x.shape[rank] ?? 0 };
}
