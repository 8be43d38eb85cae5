/**
 * Converters of Keras layers that only change shapes (Flatten, Reshape) and
 * of BatchNormalization.
 */
import { shapeSize } from '../../ir/graph/types.js';
import { checkedSize } from './import-limits.js';
import { emit, fail, singleInput, type LayerContext, type Tensor } from './layer-context.js';

/** Flatten: a reshape to one axis (channels_first would transpose first: refused unless trivial). */
export function flatten(ctx: LayerContext): Tensor {
  const x = singleInput(ctx);
  const fmt = ctx.cfg.string('data_format', 'channels_last');
  if (fmt === 'channels_first' && x.shape.length > 1) {
    // Keras moves the first per-sample axis last before flattening
    const first = x.shape[0] ?? 1;
    if (first !== 1 && shapeSize(x.shape) !== first) {
      fail(ctx, 'FF006', `Flatten with data_format channels_first reorders a [${x.shape.join(', ')}] tensor, which needs a transpose`, 'data_format');
    }
  } else if (fmt !== 'channels_last' && fmt !== 'channels_first') {
    fail(ctx, 'FF002', `data_format must be channels_last or channels_first, got '${fmt}'`, 'data_format');
  }
  if (x.shape.length === 1) return x;
  return emit(ctx, { op: 'reshape', name: ctx.layer.name, inputs: [x.name], shape: [shapeSize(x.shape)] });
}

/** Reshape(target_shape), one entry may be −1. */
export function reshape(ctx: LayerContext): Tensor {
  const x = singleInput(ctx);
  const target = ctx.cfg.dims('target_shape');
  const total = shapeSize(x.shape);
  const free = target.filter((d) => d === -1 || d === null).length;
  if (free > 1) fail(ctx, 'FF002', `target_shape [${target.join(', ')}] has more than one free dimension`, 'target_shape');
  if (target.some((d) => d !== null && d !== -1 && d < 1)) fail(ctx, 'FF002', `target_shape [${target.join(', ')}] has a dimension below 1`, 'target_shape');
  const known = target.reduce<number>((a, d) => (d === null || d === -1 ? a : a * d), 1);
  const shape = target.map((d) => (d === null || d === -1 ? total / known : d));
  checkedSize(shape, 'the target shape', { file: ctx.builder.file, layer: ctx.layer.name, field: 'target_shape' });
  if (shape.some((d) => !Number.isInteger(d)) || shapeSize(shape) !== total) {
    fail(ctx, 'FF004', `cannot reshape [${x.shape.join(', ')}] (${total} values) to [${target.join(', ')}]`, 'target_shape');
  }
  return emit(ctx, { op: 'reshape', name: ctx.layer.name, inputs: [x.name], shape });
}

/** BatchNormalization over the last axis, with its moving statistics. */
export function batchNorm(ctx: LayerContext): Tensor {
  const c = ctx.cfg;
  const x = singleInput(ctx);
  const rank = x.shape.length;
  const rawAxis = c.raw('axis');
  const axis = Array.isArray(rawAxis) && rawAxis.length === 1 && typeof rawAxis[0] === 'number' ? rawAxis[0] : c.int('axis', -1);
  if (axis !== -1 && axis !== rank) fail(ctx, 'FF006', `BatchNormalization over axis ${axis} is not supported (only the last, channels axis)`, 'axis');
  if (c.bool('renorm', false)) fail(ctx, 'FF006', 'batch renormalization is not supported', 'renorm');
  if (c.has('virtual_batch_size')) fail(ctx, 'FF006', 'virtual_batch_size is not supported', 'virtual_batch_size');
  const channels = x.shape[rank - 1] ?? 0;
  const scale = c.bool('scale', true);
  const center = c.bool('center', true);
  const epsilon = c.number('epsilon', 1e-3);
  if (!(epsilon >= 0)) fail(ctx, 'FF002', `epsilon must not be negative, got ${epsilon}`, 'epsilon');
  const specs = [
    ...(scale ? [{ name: 'gamma', shape: [channels] }] : []),
    ...(center ? [{ name: 'beta', shape: [channels] }] : []),
    { name: 'moving_mean', shape: [channels] },
    { name: 'moving_variance', shape: [channels] },
  ];
  const w = ctx.weights.read(ctx.layer, specs);
  const get = (n: string, fallback: number): number[] => {
    const k = specs.findIndex((s) => s.name === n);
    const v = k >= 0 ? w[k] : undefined;
    return v ? Array.from(v) : new Array<number>(channels).fill(fallback);
  };
  return emit(ctx, {
    op: 'batchnorm',
    name: ctx.layer.name,
    inputs: [x.name],
    shape: x.shape,
    gamma: get('gamma', 1),
    beta: get('beta', 0),
    mean: get('moving_mean', 0),
    variance: get('moving_variance', 1),
    epsilon,
  });
}
