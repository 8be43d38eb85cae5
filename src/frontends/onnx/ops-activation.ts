/**
 * Element-wise ONNX ops the graph IR has (Relu, Sigmoid, Tanh, LeakyRelu,
 * Clip), Softmax, and the ops that are the identity at inference (Identity,
 * Dropout) or define constants (Constant).
 */
import { emitLike, fail, onlyFirstOutputUsed, optionalConst, scalar, tensorInput, type OpContext, type OpResult } from './op-context.js';
import { graphShape, type ConstValue } from './values.js';

const FLOAT = 1;
const INT64 = 7;

/** float32's largest value: Clip's default bounds before opset 11. */
const FLT_MAX = 3.4028234663852886e38;

export function relu(ctx: OpContext): OpResult {
  ctx.attrs.ignore('consumed_inputs');
  return [emitLike(ctx, tensorInput(ctx, 0), { op: 'activation', fn: 'relu' })];
}

export function sigmoid(ctx: OpContext): OpResult {
  ctx.attrs.ignore('consumed_inputs');
  return [emitLike(ctx, tensorInput(ctx, 0), { op: 'activation', fn: 'sigmoid' })];
}

export function tanh(ctx: OpContext): OpResult {
  ctx.attrs.ignore('consumed_inputs');
  return [emitLike(ctx, tensorInput(ctx, 0), { op: 'activation', fn: 'tanh' })];
}

export function leakyRelu(ctx: OpContext): OpResult {
  ctx.attrs.ignore('consumed_inputs');
  const alpha = ctx.attrs.float('alpha', 0.01);
  return [emitLike(ctx, tensorInput(ctx, 0), { op: 'leaky_relu', alpha })];
}

/** Clip: bounds are attributes before opset 11, optional constant inputs from 11 on. */
export function clip(ctx: OpContext): OpResult {
  const x = tensorInput(ctx, 0);
  let lo: number;
  let hi: number;
  if (ctx.opset < 11) {
    ctx.attrs.ignore('consumed_inputs');
    lo = ctx.attrs.float('min', -FLT_MAX);
    hi = ctx.attrs.float('max', FLT_MAX);
  } else {
    const min = optionalConst(ctx, 1, 'min');
    const max = optionalConst(ctx, 2, 'max');
    lo = min ? scalar(ctx, min, 'min', 1) : -Infinity;
    hi = max ? scalar(ctx, max, 'max', 2) : Infinity;
  }
  const noLo = lo <= -FLT_MAX;
  const noHi = hi >= FLT_MAX;
  if (!noLo && !noHi && lo > hi) fail(ctx, 'FF002', `min ${lo} exceeds max ${hi}`, 'min');
  if (noLo && noHi) return [x];
  if (noHi && lo === 0) return [emitLike(ctx, x, { op: 'activation', fn: 'relu' })];
  if (noLo || noHi) fail(ctx, 'FF006', `a one-sided clip to [${noLo ? '-inf' : lo}, ${noHi ? 'inf' : hi}] is not supported (only [0, inf) and finite bounds)`, noLo ? 'min' : 'max');
  return [emitLike(ctx, x, { op: 'clip', min: lo, max: hi })];
}

/**
 * Softmax. From opset 13 over one axis (default −1); before, over all axes
 * from `axis` (default 1) on, as a 2-D coercion. The graph IR's softmax runs
 * over the graph node's last axis, so the normalized ONNX axes must be that
 * axis plus axes of size 1.
 */
export function softmax(ctx: OpContext): OpResult {
  const x = tensorInput(ctx, 0);
  const rank = x.shape.length + 1;
  const raw = ctx.attrs.int('axis', ctx.opset >= 13 ? -1 : 1);
  const axis = raw < 0 ? raw + rank : raw;
  if (axis < 1 || axis >= rank) fail(ctx, 'FF006', `softmax over axis ${raw} (the batch axis, or out of range) is not supported`, 'axis');
  const axes = ctx.opset >= 13 ? [axis - 1] : Array.from({ length: rank - axis }, (_, k) => axis - 1 + k);
  const lastGraphAxis = graphShape(x).length - 1;
  const last = x.perm.indexOf(lastGraphAxis);
  const ok = axes.includes(last) && axes.every((a) => a === last || (x.shape[a] ?? 1) === 1);
  if (!ok) fail(ctx, 'FF006', `softmax over ONNX axes [${axes.map((a) => a + 1).join(', ')}] of a [${x.shape.join(', ')}] tensor is not the graph's channels axis`, 'axis');
  return [emitLike(ctx, x, { op: 'softmax' })];
}

export function identity(ctx: OpContext): OpResult {
  const v = ctx.inputs[0];
  if (v === undefined) fail(ctx, 'FF002', 'input is missing', 'input[0]');
  return [v];
}

/** Dropout: the identity at inference; training_mode (opset ≥ 12) must be false, the mask output unread. */
export function dropout(ctx: OpContext): OpResult {
  ctx.attrs.ignore('ratio', 'seed', 'is_test', 'consumed_inputs');
  const training = ctx.opset >= 12 ? optionalConst(ctx, 2, 'training_mode') : undefined;
  if (training && scalar(ctx, training, 'training_mode', 2) !== 0) fail(ctx, 'FF006', 'training_mode is true', 'input[2]');
  if (ctx.opset >= 12) optionalConst(ctx, 1, 'ratio');
  onlyFirstOutputUsed(ctx);
  return identity(ctx);
}

/** Constant: value, value_float(s), value_int(s). */
export function constant(ctx: OpContext): OpResult {
  const a = ctx.attrs;
  for (const n of ['sparse_value', 'value_string', 'value_strings']) if (a.has(n)) fail(ctx, 'FF006', `a ${n} constant is not supported`, n);
  const t = a.tensor('value');
  let c: ConstValue | undefined;
  if (t) c = { kind: 'const', dims: t.dims, data: t.data, integer: t.integer, dataType: t.dataType };
  const scalarValue = (v: number, integer: boolean): ConstValue => ({ kind: 'const', dims: [], data: Float64Array.of(v), integer, dataType: integer ? INT64 : FLOAT });
  if (!c && a.has('value_float')) c = scalarValue(a.float('value_float', 0), false);
  if (!c && a.has('value_int')) c = scalarValue(a.int('value_int', 0), true);
  const fl = c ? undefined : a.floats('value_floats');
  if (fl) c = { kind: 'const', dims: [fl.length], data: Float64Array.from(fl), integer: false, dataType: FLOAT };
  const il = c ? undefined : a.ints('value_ints');
  if (il) c = { kind: 'const', dims: [il.length], data: Float64Array.from(il), integer: true, dataType: INT64 };
  if (!c) fail(ctx, 'FF002', 'a Constant without a value', 'value');
  return [c];
}
