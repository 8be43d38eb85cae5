/**
 * Shape ops: Flatten and Reshape (a graph reshape when ONNX's data order is
 * the graph node's order, FF006 when the data would have to move), and
 * Transpose, which only relabels axes. On constants they fold.
 */
import { shapeSize } from '../../ir/graph/types.js';
import { checkedSize } from '../keras/import-limits.js';
import { shuffleReshape } from './channel-shuffle.js';
import { fail, inputName, type OpContext, type OpResult } from './op-context.js';
import { graphShape, identityPerm, naturalOrder, type ConstValue, type TensorValue } from './values.js';

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function input(ctx: OpContext): ConstValue | TensorValue {
  const v = ctx.inputs[0];
  if (v === undefined) fail(ctx, 'FF002', 'data input is missing', 'input[0]');
  if (v.kind === 'quantized') fail(ctx, 'FF006', `input '${inputName(ctx, 0)}' is the integer output of QuantizeLinear '${v.by}'`, 'input[0]');
  return v;
}

/** A tensor with a new per-sample shape and the same data order. */
function reshapeTensor(ctx: OpContext, x: TensorValue, shape: number[]): TensorValue {
  const shuffle = naturalOrder(x) ? null : shuffleReshape(ctx, x, shape);
  if (shuffle) return shuffle;
  if (!naturalOrder(x)) {
    fail(ctx, 'FF006', `reshaping a [${x.shape.join(', ')}] tensor held channels-last would reorder its data, which needs a transpose (not in the graph IR yet)`);
  }
  checkedSize(shape, 'the new shape', ctx.loc);
  const out: TensorValue = { kind: 'tensor', node: x.node, shape, perm: identityPerm(shape.length) };
  if (sameDims(graphShape(x), shape)) return out;
  const node = ctx.builder.add({ op: 'reshape', name: ctx.name, inputs: [x.node], shape });
  return { ...out, node };
}

/** Flatten(axis): with the batch axis 0, axis 1 gives [N, rest]. */
export function flatten(ctx: OpContext): OpResult {
  const v = input(ctx);
  const dims = v.kind === 'const' ? v.dims : [1, ...v.shape];
  const rank = dims.length;
  const raw = ctx.attrs.int('axis', 1);
  const axis = raw < 0 ? raw + rank : raw;
  if (axis < 0 || axis > rank) fail(ctx, 'FF002', `axis ${raw} is out of range for rank ${rank}`, 'axis');
  const outer = shapeSize(dims.slice(0, axis));
  const inner = shapeSize(dims.slice(axis));
  if (v.kind === 'const') return [{ ...v, dims: [outer, inner] }];
  if (axis === 0 || shapeSize(v.shape.slice(0, axis - 1)) !== 1) {
    fail(ctx, 'FF006', `flattening at axis ${raw} folds sample axes into the batch axis`, 'axis');
  }
  return [reshapeTensor(ctx, v, [inner])];
}

/** The target shape of a Reshape: the `shape` attribute before opset 5, a constant input from 5 on. */
function targetOf(ctx: OpContext): number[] {
  if (ctx.opset < 5) {
    const s = ctx.attrs.ints('shape');
    if (s === undefined) fail(ctx, 'FF002', 'Reshape without a shape attribute', 'shape');
    return s;
  }
  const c = ctx.inputs[1];
  if (c === undefined) fail(ctx, 'FF002', 'Reshape without a shape input', 'input[1]');
  if (c.kind !== 'const') fail(ctx, 'FF006', `the target shape '${inputName(ctx, 1)}' is computed in the graph; only constant shapes are supported`, 'input[1]');
  if (c.dims.length !== 1) fail(ctx, 'FF002', `the target shape must be 1-D, got [${c.dims.join(', ')}]`, 'input[1]');
  return Array.from(c.data);
}

/** Resolve 0 (copy, unless allowzero) and one −1 against the input dims. */
function resolveShape(ctx: OpContext, target: readonly number[], dims: readonly number[], allowZero: boolean): number[] {
  const out = target.map((d, i) => {
    if (!Number.isSafeInteger(d) || d < -1) fail(ctx, 'FF002', `target shape [${target.join(', ')}] has an invalid entry ${d}`, 'shape');
    if (d === 0 && !allowZero) {
      const copy = dims[i];
      if (copy === undefined) fail(ctx, 'FF002', `target shape [${target.join(', ')}] copies dimension ${i}, which the input lacks`, 'shape');
      return copy;
    }
    return d;
  });
  const free = out.filter((d) => d === -1).length;
  if (free > 1) fail(ctx, 'FF002', `target shape [${target.join(', ')}] has more than one -1`, 'shape');
  const total = shapeSize(dims);
  const known = out.reduce((a, d) => (d === -1 ? a : a * d), 1);
  const resolved = out.map((d) => (d === -1 ? (known === 0 ? 0 : total / known) : d));
  if (resolved.some((d) => !Number.isInteger(d)) || shapeSize(resolved) !== total) {
    fail(ctx, 'FF004', `cannot reshape [${dims.join(', ')}] to [${target.join(', ')}]`, 'shape');
  }
  return resolved;
}

export function reshape(ctx: OpContext): OpResult {
  const v = input(ctx);
  const target = targetOf(ctx);
  const allowZero = ctx.opset >= 14 && ctx.attrs.int('allowzero', 0) !== 0;
  if (ctx.opset < 5) ctx.attrs.ignore('consumed_inputs');
  if (v.kind === 'const') return [{ ...v, dims: resolveShape(ctx, target, v.dims, allowZero) }];
  // the batch entry: -1, 0 (copy) or a fixed size; the sample shape must then keep its element count
  const batch = target[0];
  const rest = target.slice(1);
  if (batch === undefined) fail(ctx, 'FF006', 'reshaping to a scalar drops the batch axis', 'shape');
  if (batch === -1 && rest.includes(-1)) fail(ctx, 'FF006', `target shape [${target.join(', ')}] leaves the batch size open`, 'shape');
  const sample = resolveShape(ctx, rest.map((d, i) => (d === 0 && !allowZero ? (v.shape[i] ?? 0) : d)), v.shape, true);
  return [reshapeTensor(ctx, v, sample)];
}

/** Transpose: the batch axis must stay first; the data stays where it is and only the axis labels change. */
export function transpose(ctx: OpContext): OpResult {
  const v = input(ctx);
  const rank = v.kind === 'const' ? v.dims.length : v.shape.length + 1;
  const perm = ctx.attrs.ints('perm') ?? identityPerm(rank).reverse();
  if (perm.length !== rank || !identityPerm(rank).every((k) => perm.includes(k))) {
    fail(ctx, 'FF002', `perm [${perm.join(', ')}] is not a permutation of ${rank} axes`, 'perm');
  }
  if (v.kind === 'const') return [transposeConst(v, perm)];
  if (perm[0] !== 0) fail(ctx, 'FF006', `perm [${perm.join(', ')}] moves the batch axis`, 'perm');
  const sample = perm.slice(1).map((p) => p - 1);
  return [{ kind: 'tensor', node: v.node, shape: sample.map((p) => v.shape[p] ?? 1), perm: sample.map((p) => v.perm[p] ?? p) }];
}

export function transposeConst(c: ConstValue, perm: readonly number[]): ConstValue {
  const dims = perm.map((p) => c.dims[p] ?? 1);
  const inStrides = c.dims.map((_, k) => shapeSize(c.dims.slice(k + 1)));
  const data = new Float64Array(c.data.length);
  const idx = new Array<number>(dims.length).fill(0);
  for (let o = 0; o < data.length; o++) {
    let src = 0;
    for (let k = 0; k < dims.length; k++) src += (idx[k] ?? 0) * (inStrides[perm[k] ?? k] ?? 0);
    data[o] = c.data[src] ?? 0;
    for (let k = dims.length - 1; k >= 0; k--) {
      idx[k] = (idx[k] ?? 0) + 1;
      if ((idx[k] ?? 0) < (dims[k] ?? 1)) break;
      idx[k] = 0;
    }
  }
  return { ...c, dims, data };
}
