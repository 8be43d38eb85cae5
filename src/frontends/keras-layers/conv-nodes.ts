/**
 * Keras convolution-family layers → graph IR conv nodes (see
 * docs/CONV.md, "Importer mapping"), shared by the tfjs
 * and Keras importers. A layer's fused activation is not handled here: the
 * caller reads `activation` and adds its own node when `hasActivation`.
 */
import type { ConvGraphNode, Padding } from '../../ir/graph/conv-types.js';
import { resolvePadding, windowAxes, type Fail } from '../../ir/graph/conv-geometry.js';
import {
  bool,
  channelsLastOnly,
  intTuple,
  kerasPadding,
  noDilation,
  positiveInt,
  rankOf,
  spatialInput,
  str,
  type KerasFieldSource,
  type KerasTensor,
  type ReadWeights,
} from './conv-fields.js';

export interface ConvFamilyResult {
  readonly node: ConvGraphNode;
  /** the layer has an `activation` field to apply after the node */
  readonly hasActivation: boolean;
}

/** The Keras class names (without a QKeras `Q` prefix) handled here. */
export const KERAS_CONV_FAMILY = [
  'Conv1D',
  'Conv2D',
  'DepthwiseConv1D',
  'DepthwiseConv2D',
  'SeparableConv1D',
  'SeparableConv2D',
  'MaxPooling1D',
  'MaxPooling2D',
  'AveragePooling1D',
  'AveragePooling2D',
  'GlobalAveragePooling1D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling1D',
  'GlobalMaxPooling2D',
  'ZeroPadding1D',
  'ZeroPadding2D',
  'Add',
  'Concatenate',
  'UpSampling1D',
  'UpSampling2D',
] as const;

export type KerasConvFamilyClass = (typeof KERAS_CONV_FAMILY)[number];

export function isKerasConvFamily(className: string): className is KerasConvFamilyClass {
  return (KERAS_CONV_FAMILY as readonly string[]).includes(className);
}

function geometryFail(src: KerasFieldSource): Fail {
  return (message, field) => src.fail('FF004', message, field);
}

/** Output spatial sizes of a sliding window (FF004 when the window does not fit). */
function outSpatial(src: KerasFieldSource, spatial: readonly number[], k: readonly number[], strides: readonly number[], padding: Padding, field: string): number[] {
  const fail = geometryFail(src);
  const pad = resolvePadding(padding, spatial, k, strides, fail);
  return windowAxes(spatial, k, strides, pad.before, pad.after, fail, field).map((a) => a.out);
}

function one(src: KerasFieldSource, inputs: readonly KerasTensor[]): KerasTensor {
  const x = inputs[0];
  if (x === undefined || inputs.length !== 1) src.fail('FF002', `${src.className} takes one input, got ${inputs.length}`, 'inbound_nodes');
  return x;
}

function conv(src: KerasFieldSource, cls: KerasConvFamilyClass, name: string, x: KerasTensor, read: ReadWeights): ConvGraphNode {
  const rank = rankOf(src);
  const { spatial, c } = spatialInput(src, x, rank);
  channelsLastOnly(src);
  noDilation(src, rank);
  const kernelSize = intTuple(src, 'kernel_size', rank, 1);
  const strides = intTuple(src, 'strides', rank, 1, new Array<number>(rank).fill(1));
  const padding = kerasPadding(src, kernelSize, cls === 'Conv1D');
  const useBias = bool(src, 'use_bias', true);
  const out = outSpatial(src, spatial, kernelSize, strides, padding, 'kernel_size');
  const base = { name, inputs: [x.name], kernelSize, strides, padding };
  const withBias = (specs: { name: string; shape: number[] }[], n: number) => (useBias ? [...specs, { name: 'bias', shape: [n] }] : specs);
  if (cls === 'Conv1D' || cls === 'Conv2D') {
    const filters = positiveInt(src, 'filters');
    const groups = positiveInt(src, 'groups', 1);
    if (c % groups !== 0 || filters % groups !== 0) {
      src.fail('FF004', `groups = ${groups} must divide the ${c} input channels and the ${filters} filters`, 'groups');
    }
    const [kernel = [], bias] = read(withBias([{ name: 'kernel', shape: [...kernelSize, c / groups, filters] }], filters));
    return { ...base, op: 'conv', shape: [...out, filters], groups, filters, kernel, bias: bias ?? null };
  }
  const depthMultiplier = positiveInt(src, 'depth_multiplier', 1);
  const mid = c * depthMultiplier;
  const dwSpec = { name: 'depthwise_kernel', shape: [...kernelSize, c, depthMultiplier] };
  if (cls === 'DepthwiseConv1D' || cls === 'DepthwiseConv2D') {
    const [kernel = [], bias] = read(withBias([dwSpec], mid));
    return { ...base, op: 'depthwise_conv', shape: [...out, mid], depthMultiplier, kernel, bias: bias ?? null };
  }
  const filters = positiveInt(src, 'filters');
  const pwSpec = { name: 'pointwise_kernel', shape: [...new Array<number>(rank).fill(1), mid, filters] };
  const [depthwiseKernel = [], pointwiseKernel = [], bias] = read(withBias([dwSpec, pwSpec], filters));
  return { ...base, op: 'separable_conv', shape: [...out, filters], depthMultiplier, filters, depthwiseKernel, pointwiseKernel, bias: bias ?? null };
}

function pool(src: KerasFieldSource, name: string, x: KerasTensor): ConvGraphNode {
  const rank = rankOf(src);
  const { spatial, c } = spatialInput(src, x, rank);
  channelsLastOnly(src);
  const poolSize = intTuple(src, 'pool_size', rank, 1, new Array<number>(rank).fill(2));
  const strides = intTuple(src, 'strides', rank, 1, poolSize);
  const padding = kerasPadding(src, poolSize, false);
  const out = outSpatial(src, spatial, poolSize, strides, padding, 'pool_size');
  const kind = src.className.startsWith('Max') ? 'max' : 'avg';
  return { op: 'pool', name, inputs: [x.name], shape: [...out, c], kind, poolSize, strides, padding, countIncludePad: false };
}

function globalPool(src: KerasFieldSource, name: string, x: KerasTensor): ConvGraphNode {
  const rank = rankOf(src);
  const { c } = spatialInput(src, x, rank);
  channelsLastOnly(src);
  const keep = bool(src, 'keepdims', false);
  const kind = src.className.startsWith('GlobalMax') ? 'max' : 'avg';
  return { op: 'global_pool', name, inputs: [x.name], shape: keep ? [...new Array<number>(rank).fill(1), c] : [c], kind };
}

/** ZeroPadding1D: n or [l, r]; ZeroPadding2D: n, [a, b] (symmetric per axis) or [[t, b], [l, r]]. */
function zeroPad(src: KerasFieldSource, name: string, x: KerasTensor): ConvGraphNode {
  const rank = rankOf(src);
  const { spatial, c } = spatialInput(src, x, rank);
  channelsLastOnly(src);
  const v = src.raw('padding') ?? 1;
  const isCount = (d: unknown): d is number => typeof d === 'number' && Number.isInteger(d) && d >= 0;
  const bad = (): never => src.fail('FF002', `padding ${JSON.stringify(v)} is not a valid ${src.className} padding`, 'padding');
  let before: number[];
  let after: number[];
  if (isCount(v)) {
    before = new Array<number>(rank).fill(v);
    after = [...before];
  } else if (!Array.isArray(v) || v.length !== 2) {
    return bad();
  } else if (rank === 1) {
    if (!v.every(isCount)) bad();
    before = [v[0] as number];
    after = [v[1] as number];
  } else if (v.every(isCount)) {
    before = v as number[];
    after = [...before];
  } else {
    const pairs = v.map((p: unknown) => (Array.isArray(p) && p.length === 2 && p.every(isCount) ? (p as number[]) : bad()));
    before = pairs.map((p) => p[0] ?? 0);
    after = pairs.map((p) => p[1] ?? 0);
  }
  const shape = [...spatial.map((s, i) => s + (before[i] ?? 0) + (after[i] ?? 0)), c];
  return { op: 'zero_pad', name, inputs: [x.name], shape, padding: { before, after } };
}

function upsample(src: KerasFieldSource, name: string, x: KerasTensor): ConvGraphNode {
  const rank = rankOf(src);
  const { spatial, c } = spatialInput(src, x, rank);
  if (rank === 2) channelsLastOnly(src);
  const interpolation = str(src, 'interpolation', 'nearest');
  if (interpolation !== 'nearest') src.fail('FF006', `interpolation '${interpolation}' is not supported (nearest only)`, 'interpolation');
  const size = intTuple(src, 'size', rank, 1, new Array<number>(rank).fill(2));
  return { op: 'upsample', name, inputs: [x.name], shape: [...spatial.map((s, i) => s * (size[i] ?? 1)), c], size };
}

function merge(src: KerasFieldSource, name: string, inputs: readonly KerasTensor[]): ConvGraphNode {
  if (inputs.length < 2) src.fail('FF002', `${src.className} needs at least two inputs, got ${inputs.length}`, 'inbound_nodes');
  const first = inputs[0]?.shape ?? [];
  const names = inputs.map((t) => t.name);
  const fmt = (s: readonly number[]) => `[${s.join(', ')}]`;
  if (src.className === 'Add') {
    const odd = inputs.find((t) => t.shape.length !== first.length || t.shape.some((d, i) => d !== first[i]));
    if (odd) src.fail('FF004', `Add of shapes ${fmt(first)} and ${fmt(odd.shape)}: all inputs must have the same shape (no broadcasting)`, 'inbound_nodes');
    return { op: 'add', name, inputs: names, shape: first };
  }
  const axis = src.raw('axis') ?? -1;
  if (axis !== -1 && axis !== first.length) src.fail('FF006', `Concatenate on axis ${JSON.stringify(axis)} is not supported (only the last, channel axis)`, 'axis');
  const lead = first.slice(0, -1);
  const odd = inputs.find((t) => t.shape.length !== first.length || t.shape.slice(0, -1).some((d, i) => d !== lead[i]));
  if (odd) src.fail('FF004', `Concatenate of shapes ${fmt(first)} and ${fmt(odd.shape)}: all axes but the last must match`, 'inbound_nodes');
  const channels = inputs.reduce((s, t) => s + (t.shape[t.shape.length - 1] ?? 0), 0);
  return { op: 'concat', name, inputs: names, shape: [...lead, channels] };
}

/** Convert one conv-family layer (className without a QKeras `Q` prefix). */
export function kerasConvFamilyNode(
  src: KerasFieldSource,
  cls: KerasConvFamilyClass,
  name: string,
  inputs: readonly KerasTensor[],
  read: ReadWeights,
): ConvFamilyResult {
  if (cls === 'Add' || cls === 'Concatenate') return { node: merge(src, name, inputs), hasActivation: false };
  const x = one(src, inputs);
  if (/Conv[12]D$/.test(cls)) return { node: conv(src, cls, name, x, read), hasActivation: true };
  if (cls.startsWith('Global')) return { node: globalPool(src, name, x), hasActivation: false };
  if (/Pooling[12]D$/.test(cls)) return { node: pool(src, name, x), hasActivation: false };
  if (cls.startsWith('ZeroPadding')) return { node: zeroPad(src, name, x), hasActivation: false };
  return { node: upsample(src, name, x), hasActivation: false };
}
