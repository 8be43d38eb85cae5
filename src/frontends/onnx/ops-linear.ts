/**
 * Gemm, MatMul (+ Add of a bias), BatchNormalization: the ONNX ops that
 * become graph Dense and BatchNorm nodes. Weights must be constants; the
 * data operand is one flat tensor per sample.
 */
import { addTensors } from './ops-conv.js';
import { dyadicFromNumber } from '../../fixed/exact.js';
import type { FixedType } from '../../fixed/fixed-type.js';
import { checkedSize } from '../keras/import-limits.js';
import { constInput, fail, inputName, onlyFirstOutputUsed, optionalConst, tensorInput, type OpContext, type OpResult } from './op-context.js';
import { graphShape, type ConstValue, type TensorValue } from './values.js';

/** The type of factor · v for v of type t, when that stays exact (factor = 1 or a positive power of two). */
export function scaledType(t: FixedType | undefined, factor: number): FixedType | undefined {
  if (t === undefined || factor === 1) return t;
  if (!(factor > 0) || !Number.isFinite(factor)) return undefined;
  const d = dyadicFromNumber(factor);
  return d.mant === 1n ? { ...t, int: t.int + d.exp } : undefined;
}

/** A bias for `units` outputs from a constant broadcast against [N, units]: one value, or one per unit. */
function perUnit(ctx: OpContext, c: ConstValue, units: number, what: string, k: number): number[] {
  if (c.data.length === 1) return new Array<number>(units).fill(c.data[0] ?? 0);
  const last = c.dims[c.dims.length - 1];
  if (last === units && c.data.length === units) return Array.from(c.data);
  return fail(ctx, 'FF006', `${what} of shape [${c.dims.join(', ')}] is not one value per output unit (it would differ per sample)`, `input[${k}]`);
}

function flatInput(ctx: OpContext, x: TensorValue, what: string): number {
  if (x.shape.length !== 1) fail(ctx, 'FF006', `${what} must be [N, K], got a [N, ${x.shape.join(', ')}] tensor (add a Flatten)`, 'input[0]');
  return x.shape[0] ?? 0;
}

function emitDense(ctx: OpContext, x: TensorValue, units: number, kernel: number[], bias: number[] | null, weight?: FixedType, biasType?: FixedType): TensorValue {
  const quant = weight || biasType ? { quant: { ...(weight ? { weight } : {}), ...(biasType ? { bias: biasType } : {}) } } : {};
  const node = ctx.builder.add({ op: 'dense', name: ctx.name, inputs: [x.node], shape: [units], units, kernel, bias, ...quant });
  return { kind: 'tensor', node, shape: [units], perm: [0] };
}

/** Gemm: Y = alpha · A · B' + beta · C, with A the data (transA = 0) and B, C constants. */
export function gemm(ctx: OpContext): OpResult {
  const a = ctx.attrs;
  if (a.int('transA', 0) !== 0) fail(ctx, 'FF006', 'transA = 1 puts the batch on the second axis; not supported', 'transA');
  const transB = a.int('transB', 0) !== 0;
  const alpha = a.float('alpha', 1);
  const beta = a.float('beta', 1);
  if (ctx.opset < 7) a.int('broadcast', 0); // C is broadcast either way below: one value or one per unit
  const x = tensorInput(ctx, 0, 'A');
  const k = flatInput(ctx, x, 'A');
  const b = constInput(ctx, 1, 'B');
  if (b.dims.length !== 2) fail(ctx, 'FF002', `B must be 2-D, got [${b.dims.join(', ')}]`, 'input[1]');
  const [rows, cols] = [b.dims[0] ?? 0, b.dims[1] ?? 0];
  const [kb, units] = transB ? [cols, rows] : [rows, cols];
  if (kb !== k) fail(ctx, 'FF004', `A has ${k} features, B expects ${kb}`, 'input[1]');
  checkedSize([k, units], 'B', ctx.loc);
  const kernel = new Array<number>(k * units);
  for (let i = 0; i < k; i++) for (let o = 0; o < units; o++) kernel[i * units + o] = alpha * (b.data[transB ? o * cols + i : i * cols + o] ?? 0);
  const c = optionalConst(ctx, 2, 'C');
  const bias = c ? perUnit(ctx, c, units, 'C', 2).map((v) => beta * v) : null;
  return [emitDense(ctx, x, units, kernel, bias, scaledType(b.fixed, alpha), c ? scaledType(c.fixed, beta) : undefined)];
}

/** MatMul(x, W) with W a constant [K, M]: a Dense without bias (an Add may supply it). */
export function matmul(ctx: OpContext): OpResult {
  if (ctx.inputs[0]?.kind === 'const' && ctx.inputs[1]?.kind !== 'const') fail(ctx, 'FF006', 'a constant on the left (W · x) is not supported', 'input[0]');
  const x = tensorInput(ctx, 0, 'A');
  const k = flatInput(ctx, x, 'A');
  const w = constInput(ctx, 1, 'B');
  if (w.dims.length !== 2) fail(ctx, 'FF006', `B must be 2-D, got [${w.dims.join(', ')}]`, 'input[1]');
  if (w.dims[0] !== k) fail(ctx, 'FF004', `A has ${k} features, B has ${w.dims[0] ?? 0} rows`, 'input[1]');
  return [emitDense(ctx, x, w.dims[1] ?? 0, Array.from(w.data), null, w.fixed)];
}

/**
 * Add: the bias of a Dense built from MatMul (or a Gemm without C) when the
 * Dense output is read only here. Other adds are not in the graph IR yet.
 */
export function add(ctx: OpContext): OpResult {
  if (ctx.opset < 7) {
    ctx.attrs.ignore('consumed_inputs');
    const axis = ctx.attrs.int('axis', -1);
    if (ctx.attrs.int('broadcast', 0) !== 0 && axis !== -1 && axis !== 1) fail(ctx, 'FF006', `broadcast along axis ${axis} is not supported`, 'axis');
  }
  const [p, q] = [ctx.inputs[0], ctx.inputs[1]];
  const k = p?.kind === 'const' ? 0 : q?.kind === 'const' ? 1 : -1;
  if (k < 0) return addTensors(ctx);
  const c = constInput(ctx, k, 'addend');
  const x = tensorInput(ctx, 1 - k);
  const dense = ctx.builder.get(x.node);
  const exclusive = ctx.uses(inputName(ctx, 1 - k)) === 1 && ctx.builder.consumers(x.node) === 0;
  if (dense.op !== 'dense' || dense.bias !== null || dense.quant?.result !== undefined || !exclusive) {
    fail(ctx, 'FF006', 'adding a constant is supported only as the bias of a preceding MatMul or Gemm whose result nothing else reads');
  }
  const bias = perUnit(ctx, c, dense.units, 'the addend', k);
  const quant = c.fixed ? { quant: { ...dense.quant, bias: c.fixed } } : {};
  ctx.builder.replace({ ...dense, bias, ...quant });
  return [x];
}

/** BatchNormalization (inference): over ONNX axis 1, which the graph must hold as its channels (last) axis. */
export function batchNorm(ctx: OpContext): OpResult {
  const a = ctx.attrs;
  const epsilon = a.float('epsilon', 1e-5);
  a.ignore('momentum', 'is_test', 'consumed_inputs');
  if (ctx.opset < 9 && a.int('spatial', 1) !== 1) fail(ctx, 'FF006', 'spatial = 0 (per-position statistics) is not supported', 'spatial');
  if (ctx.opset >= 14 && a.int('training_mode', 0) !== 0) fail(ctx, 'FF006', 'training_mode is set', 'training_mode');
  onlyFirstOutputUsed(ctx);
  const x = tensorInput(ctx, 0, 'X');
  const channels = x.shape[0] ?? 1;
  const rank = graphShape(x).length;
  if (x.perm[0] !== rank - 1) {
    fail(ctx, 'FF006', `the channels axis of a [${x.shape.join(', ')}] tensor is not the graph's last axis (reshaped data?)`, 'input[0]');
  }
  const param = (k: number, what: string): number[] => {
    const c = constInput(ctx, k, what);
    if (c.data.length !== channels) fail(ctx, 'FF004', `${what} has ${c.data.length} values, the input has ${channels} channels`, `input[${k}]`);
    return Array.from(c.data);
  };
  const node = ctx.builder.add({
    op: 'batchnorm',
    name: ctx.name,
    inputs: [x.node],
    shape: graphShape(x),
    gamma: param(1, 'scale'),
    beta: param(2, 'B'),
    mean: param(3, 'mean'),
    variance: param(4, 'var'),
    epsilon,
  });
  return [{ ...x, node }];
}
