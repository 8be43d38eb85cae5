/**
 * The convolution-family ONNX ops (docs/CONV.md,
 * "Importer mapping"): Conv, MaxPool, AveragePool, GlobalAveragePool,
 * GlobalMaxPool, Concat (channel axis), Pad (constant zeros on spatial axes)
 * and Add of two computed tensors. ONNX is NCHW; the graph holds channels
 * last, so every input must be in the layout the graph input has (ONNX
 * channel axis = graph last axis) and outputs keep it. Weights
 * [F][C/g][k…] are transposed to Keras's [k…][C/g][F]. Dilation, other pad
 * modes and anything the importer does not model are FF006.
 */
import { samePadding } from '../../ir/graph/conv-geometry.js';
import type { ConvGraphNode, ExplicitPadding, Padding } from '../../ir/graph/conv-types.js';
import { resolvePadding, windowAxes } from '../../ir/graph/conv-geometry.js';
import { constInput, fail, inputName, onlyFirstOutputUsed, optionalConst, tensorInput, type OpContext, type OpResult } from './op-context.js';
import { transposeConst } from './ops-shape.js';
import { graphShape, inputPerm, type TensorValue } from './values.js';

/** The input must be [C, spatial…] held channels-last; returns the spatial sizes and channels. */
function nchw(ctx: OpContext, x: TensorValue, what = 'X'): { spatial: number[]; c: number } {
  const rank = x.shape.length;
  const want = inputPerm(rank);
  if (rank < 2 || rank > 3) fail(ctx, 'FF006', `${what} of shape [N, ${x.shape.join(', ')}]: only 1D and 2D (N, C, L) or (N, C, H, W) are supported`, 'input[0]');
  if (!want.every((p, k) => x.perm[k] === p)) {
    fail(ctx, 'FF006', `${what} is not in the NCHW layout the graph input has (it was transposed or reshaped before)`, 'input[0]');
  }
  return { spatial: x.shape.slice(1), c: x.shape[0] ?? 0 };
}

function out(ctx: OpContext, node: ConvGraphNode, onnxShape: readonly number[], perm: readonly number[]): TensorValue {
  const name = ctx.builder.add(node);
  return { kind: 'tensor', node: name, shape: onnxShape, perm };
}

function noDilation(ctx: OpContext, rank: number): void {
  const d = ctx.attrs.ints('dilations') ?? new Array<number>(rank).fill(1);
  if (d.length !== rank || d.some((v) => v !== 1)) fail(ctx, 'FF006', `dilations [${d.join(', ')}] are not supported (only 1)`, 'dilations');
}

function perAxis(ctx: OpContext, name: string, rank: number, fallback: number): number[] {
  const v = ctx.attrs.ints(name) ?? new Array<number>(rank).fill(fallback);
  if (v.length !== rank || v.some((d) => !Number.isInteger(d) || d < 1)) fail(ctx, 'FF002', `${name} [${v.join(', ')}] needs ${rank} integers ≥ 1`, name);
  return v;
}

/** auto_pad and pads → the graph's padding. */
function onnxPadding(ctx: OpContext, spatial: readonly number[], k: readonly number[], strides: readonly number[]): Padding {
  const rank = spatial.length;
  const mode = ctx.attrs.string('auto_pad', 'NOTSET');
  const pads = ctx.attrs.ints('pads');
  if (mode !== 'NOTSET' && pads !== undefined) fail(ctx, 'FF002', `pads and auto_pad ${mode} are both given`, 'pads');
  switch (mode) {
    case 'VALID':
      return 'valid';
    case 'SAME_UPPER':
      return 'same';
    case 'SAME_LOWER': {
      const p = spatial.map((s, i) => samePadding(s, k[i] ?? 1, strides[i] ?? 1));
      return { before: p.map((q) => q.after), after: p.map((q) => q.before) };
    }
    case 'NOTSET': {
      const v = pads ?? new Array<number>(2 * rank).fill(0);
      if (v.length !== 2 * rank || v.some((d) => !Number.isInteger(d) || d < 0)) fail(ctx, 'FF002', `pads [${v.join(', ')}] needs ${2 * rank} integers ≥ 0`, 'pads');
      if (v.every((d) => d === 0)) return 'valid';
      return { before: v.slice(0, rank), after: v.slice(rank) };
    }
    default:
      return fail(ctx, 'FF006', `auto_pad ${mode} is not supported`, 'auto_pad');
  }
}

function spatialOut(ctx: OpContext, spatial: readonly number[], k: readonly number[], strides: readonly number[], padding: Padding, field: string): { out: number[]; pad: ExplicitPadding } {
  const geo = (message: string, f: string): never => fail(ctx, 'FF004', message, f);
  const pad = resolvePadding(padding, spatial, k, strides, geo);
  return { out: windowAxes(spatial, k, strides, pad.before, pad.after, geo, field).map((a) => a.out), pad };
}

export function conv(ctx: OpContext): OpResult {
  const x = tensorInput(ctx, 0, 'X');
  const { spatial, c } = nchw(ctx, x);
  const rank = spatial.length;
  const w = constInput(ctx, 1, 'W');
  const b = optionalConst(ctx, 2, 'B');
  if (w.dims.length !== rank + 2) fail(ctx, 'FF004', `W has shape [${w.dims.join(', ')}], expected rank ${rank + 2}`, 'input[1]');
  const [filters = 0, cg = 0, ...k] = w.dims;
  const groups = ctx.attrs.int('group', 1);
  if (groups < 1 || c % groups !== 0 || filters % groups !== 0) fail(ctx, 'FF004', `group = ${groups} must divide the ${c} input channels and the ${filters} filters`, 'group');
  if (cg !== c / groups) fail(ctx, 'FF004', `W has ${cg} input channels per group, the input gives ${c / groups}`, 'input[1]');
  const shape = ctx.attrs.ints('kernel_shape');
  if (shape !== undefined && (shape.length !== rank || shape.some((d, i) => d !== k[i]))) {
    fail(ctx, 'FF004', `kernel_shape [${shape.join(', ')}] does not match W [${w.dims.join(', ')}]`, 'kernel_shape');
  }
  noDilation(ctx, rank);
  const strides = perAxis(ctx, 'strides', rank, 1);
  const padding = onnxPadding(ctx, spatial, k, strides);
  const { out: o } = spatialOut(ctx, spatial, k, strides, padding, 'kernel_shape');
  if (b !== undefined && b.data.length !== filters) fail(ctx, 'FF004', `B has ${b.data.length} values, expected ${filters}`, 'input[2]');
  // [F][Cg][k…] → [k…][Cg][F]
  const kernel = transposeConst(w, rank === 2 ? [2, 3, 1, 0] : [2, 1, 0]);
  const quant = { ...(w.fixed ? { weight: w.fixed } : {}), ...(b?.fixed ? { bias: b.fixed } : {}) };
  const node: ConvGraphNode = {
    op: 'conv',
    name: ctx.name,
    inputs: [x.node],
    shape: [...o, filters],
    kernelSize: k,
    strides,
    padding,
    groups,
    filters,
    kernel: Array.from(kernel.data),
    bias: b ? Array.from(b.data) : null,
    ...(quant.weight || quant.bias ? { quant } : {}),
  };
  return [out(ctx, node, [filters, ...o], x.perm)];
}

function pool(ctx: OpContext, kind: 'max' | 'avg'): OpResult {
  const x = tensorInput(ctx, 0, 'X');
  const { spatial, c } = nchw(ctx, x);
  const rank = spatial.length;
  onlyFirstOutputUsed(ctx);
  const k = ctx.attrs.ints('kernel_shape');
  if (k === undefined || k.length !== rank || k.some((d) => !Number.isInteger(d) || d < 1)) {
    fail(ctx, 'FF002', `kernel_shape must give ${rank} sizes ≥ 1`, 'kernel_shape');
  }
  noDilation(ctx, rank);
  const strides = perAxis(ctx, 'strides', rank, 1);
  if (kind === 'max' && ctx.attrs.int('storage_order', 0) !== 0) fail(ctx, 'FF006', 'storage_order 1 is not supported', 'storage_order');
  const countIncludePad = kind === 'avg' && ctx.attrs.int('count_include_pad', 0) !== 0;
  let padding = onnxPadding(ctx, spatial, k, strides);
  const ceil = ctx.attrs.int('ceil_mode', 0) !== 0;
  if (ceil) padding = ceilPadding(ctx, spatial, k, strides, padding, countIncludePad);
  const { out: o } = spatialOut(ctx, spatial, k, strides, padding, 'kernel_shape');
  const node: ConvGraphNode = { op: 'pool', name: ctx.name, inputs: [x.node], shape: [...o, c], kind, poolSize: k, strides, padding, countIncludePad };
  return [out(ctx, node, [c, ...o], x.perm)];
}

/**
 * ceil_mode = 1 as extra after-padding: the output length is
 * ceil((in + pads − k) / s) + 1, and each extra window must still start
 * inside the input or its leading padding (as ONNX drops windows that start
 * in the trailing padding). With count_include_pad the extra zeros would be
 * counted: FF006.
 */
function ceilPadding(ctx: OpContext, spatial: readonly number[], k: readonly number[], strides: readonly number[], padding: Padding, countIncludePad: boolean): Padding {
  const geo = (message: string, f: string): never => fail(ctx, 'FF004', message, f);
  const p = resolvePadding(padding, spatial, k, strides, geo);
  const after = spatial.map((size, i) => {
    const s = strides[i] ?? 1;
    const kk = k[i] ?? 1;
    const pb = p.before[i] ?? 0;
    const pa = p.after[i] ?? 0;
    const span = size + pb + pa - kk;
    let n = Math.ceil(span / s) + 1;
    if ((n - 1) * s >= size + pb) n -= 1;
    const extra = Math.max(0, (n - 1) * s + kk - (size + pb + pa));
    if (extra > 0 && countIncludePad) fail(ctx, 'FF006', 'ceil_mode = 1 with count_include_pad = 1 is not supported', 'ceil_mode');
    return pa + extra;
  });
  return { before: p.before, after };
}

export const maxPool = (ctx: OpContext): OpResult => pool(ctx, 'max');
export const averagePool = (ctx: OpContext): OpResult => pool(ctx, 'avg');

function globalPool(ctx: OpContext, kind: 'max' | 'avg'): OpResult {
  const x = tensorInput(ctx, 0, 'X');
  const { spatial, c } = nchw(ctx, x);
  const ones = spatial.map(() => 1);
  const node: ConvGraphNode = { op: 'global_pool', name: ctx.name, inputs: [x.node], shape: [...ones, c], kind };
  return [out(ctx, node, [c, ...ones], x.perm)];
}

export const globalAveragePool = (ctx: OpContext): OpResult => globalPool(ctx, 'avg');
export const globalMaxPool = (ctx: OpContext): OpResult => globalPool(ctx, 'max');

/** Concat along the channel axis (ONNX axis 1) of tensors in the graph input's layout. */
export function concat(ctx: OpContext): OpResult {
  const xs = ctx.node.input.map((_, k) => tensorInput(ctx, k, `input ${k}`));
  const first = xs[0];
  if (first === undefined || xs.length < 2) fail(ctx, 'FF002', `Concat needs at least two inputs, got ${xs.length}`, 'input');
  const rank = first.shape.length + 1;
  const raw = ctx.attrs.int('axis', Number.NaN);
  if (Number.isNaN(raw)) fail(ctx, 'FF002', 'Concat without an axis', 'axis');
  const axis = raw < 0 ? raw + rank : raw;
  const onnxAxis = axis - 1;
  const channelAxis = graphShape(first).length - 1;
  if (onnxAxis < 0 || first.perm[onnxAxis] !== channelAxis) fail(ctx, 'FF006', `Concat on axis ${raw} is not supported: only the channel axis (held last)`, 'axis');
  for (const t of xs) {
    const same = t.shape.length === first.shape.length && t.shape.every((d, i) => i === onnxAxis || d === first.shape[i]) && t.perm.every((p, i) => p === first.perm[i]);
    if (!same) fail(ctx, 'FF004', `Concat of [${first.shape.join(', ')}] and [${t.shape.join(', ')}]: all axes but the channel axis (and the layout) must match`, 'input');
  }
  const shape = first.shape.map((d, i) => (i === onnxAxis ? xs.reduce((s, t) => s + (t.shape[i] ?? 0), 0) : d));
  const node: ConvGraphNode = { op: 'concat', name: ctx.name, inputs: xs.map((t) => t.node), shape: graphShape({ shape, perm: first.perm }) };
  return [out(ctx, node, shape, first.perm)];
}

/** Add of two computed tensors of the same shape and layout (a residual connection). */
export function addTensors(ctx: OpContext): OpResult {
  const p = tensorInput(ctx, 0, 'A');
  const q = tensorInput(ctx, 1, 'B');
  const same = p.shape.length === q.shape.length && p.shape.every((d, i) => d === q.shape[i]) && p.perm.every((d, i) => d === q.perm[i]);
  if (!same) fail(ctx, 'FF006', `adding [${p.shape.join(', ')}] and [${q.shape.join(', ')}] (broadcasting or different layouts) is not supported`, 'input[1]');
  const node: ConvGraphNode = { op: 'add', name: ctx.name, inputs: [p.node, q.node], shape: graphShape(p) };
  return [out(ctx, node, p.shape, p.perm)];
}

/** Pad, mode constant with value 0, on spatial axes only → zero_pad. */
export function pad(ctx: OpContext): OpResult {
  const x = tensorInput(ctx, 0, 'data');
  const { spatial, c } = nchw(ctx, x, 'data');
  const rank = x.shape.length + 1;
  const mode = ctx.attrs.string('mode', 'constant');
  if (mode !== 'constant') fail(ctx, 'FF006', `mode ${mode} is not supported (constant zeros only)`, 'mode');
  let pads: number[];
  let value = 0;
  if (ctx.opset < 11) {
    pads = ctx.attrs.ints(ctx.opset < 2 ? 'paddings' : 'pads') ?? [];
    value = ctx.attrs.float('value', 0);
  } else {
    pads = Array.from(constInput(ctx, 1, 'pads').data);
    const cv = optionalConst(ctx, 2, 'constant_value');
    if (cv !== undefined) value = cv.data[0] ?? 0;
    if (ctx.inputs[3] !== undefined) fail(ctx, 'FF006', `the axes input '${inputName(ctx, 3)}' is not supported (give pads for every axis)`, 'input[3]');
  }
  if (value !== 0) fail(ctx, 'FF006', `padding with ${value} is not supported (zeros only)`, 'constant_value');
  if (pads.length !== 2 * rank || pads.some((d) => !Number.isInteger(d))) fail(ctx, 'FF002', `pads [${pads.join(', ')}] needs ${2 * rank} integers`, 'pads');
  if (pads.some((d) => d < 0)) fail(ctx, 'FF006', 'negative pads (cropping) are not supported', 'pads');
  const begin = pads.slice(0, rank);
  const end = pads.slice(rank);
  if ((begin[0] ?? 0) + (end[0] ?? 0) + (begin[1] ?? 0) + (end[1] ?? 0) !== 0) fail(ctx, 'FF006', 'padding the batch or channel axis is not supported', 'pads');
  const before = begin.slice(2);
  const after = end.slice(2);
  const o = spatial.map((s, i) => s + (before[i] ?? 0) + (after[i] ?? 0));
  const node: ConvGraphNode = { op: 'zero_pad', name: ctx.name, inputs: [x.node], shape: [...o, c], padding: { before, after } };
  return [out(ctx, node, [c, ...o], x.perm)];
}
