/**
 * Graph-IR verifier checks of the conv ops (conv-types.ts): operand count,
 * channels-last ranks, window geometry (stride ≥ 1, kernel no larger than the
 * padded input), group counts dividing the channels, weight counts, finite
 * weights, matching shapes at Add and Concatenate, and each node's declared
 * output shape. Merge: verify.ts's verifyNode gets
 * `case 'conv': … return verifyConvGraphNode(n, ins);`.
 */
import { assertNever } from '../../core/assert-never.js';
import { CompileError } from '../../core/diagnostics.js';
import { checkAxes, resolvePadding, windowAxes, windowsNonEmpty, type Fail, type WindowAxis } from './conv-geometry.js';
import type { ConvGraphNode, Padding } from './conv-types.js';
import type { Shape } from './types.js';

type Code = 'FF004' | 'FF005' | 'FF012';

function failer(layer: string, code: Code = 'FF004'): Fail {
  return (message, field) => {
    throw new CompileError(code, message, { layer, field });
  };
}

function fmt(s: Shape): string {
  return `[${s.join(', ')}]`;
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function finite(values: readonly number[], layer: string, field: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new CompileError('FF005', `${field}[${i}] is ${v}`, { layer, field });
  }
}

function count(values: readonly number[] | null, expected: number, what: string, layer: string, field: string): void {
  if (values === null) return;
  if (values.length !== expected) throw new CompileError('FF004', `${field} has ${values.length} values, expected ${expected} (${what})`, { layer, field });
  finite(values, layer, field);
}

/** The channels-last input: spatial dims and channel count (rank 1 or 2 spatial axes). */
function channelsLast(n: ConvGraphNode, x: Shape, fail: Fail): { spatial: number[]; c: number } {
  if (x.length < 2 || x.length > 3) fail(`${n.op} needs a channels-last input [L, C] or [H, W, C], got ${fmt(x)}`, 'inputs');
  return { spatial: x.slice(0, -1), c: x[x.length - 1] ?? 0 };
}

function window(n: { readonly padding: Padding; readonly strides: readonly number[] }, size: readonly number[], sizeField: string, spatial: number[], fail: Fail): WindowAxis[] {
  checkAxes(size, spatial.length, 1, sizeField, fail);
  checkAxes(n.strides, spatial.length, 1, 'strides', fail);
  const pad = resolvePadding(n.padding, spatial, size, n.strides, fail);
  return windowAxes(spatial, size, n.strides, pad.before, pad.after, fail, sizeField);
}

function expectShape(n: ConvGraphNode, want: Shape, fail: Fail): void {
  if (!sameShape(n.shape, want)) fail(`output shape ${fmt(n.shape)} does not match the computed ${fmt(want)}`, 'shape');
}

function positive(v: number, field: string, fail: Fail): void {
  if (!Number.isInteger(v) || v < 1) fail(`${field} = ${v} must be an integer ≥ 1`, field);
}

export function verifyConvGraphNode(n: ConvGraphNode, ins: readonly { readonly shape: Shape }[]): void {
  const fail = failer(n.name);
  const arity = (min: number, max = min): void => {
    if (ins.length < min || ins.length > max) {
      failer(n.name, 'FF012')(`${n.op} takes ${min === max ? min : max === Infinity ? `at least ${min}` : `${min}..${max}`} input(s), got ${ins.length}`, 'inputs');
    }
  };
  const x = ins[0]?.shape ?? [];
  switch (n.op) {
    case 'conv': {
      arity(1);
      const { spatial, c } = channelsLast(n, x, fail);
      positive(n.groups, 'groups', fail);
      positive(n.filters, 'filters', fail);
      if (c % n.groups !== 0) fail(`groups = ${n.groups} does not divide the ${c} input channels`, 'groups');
      if (n.filters % n.groups !== 0) fail(`groups = ${n.groups} does not divide the ${n.filters} filters`, 'groups');
      const axes = window(n, n.kernelSize, 'kernelSize', spatial, fail);
      const area = n.kernelSize.reduce((a, b) => a * b, 1);
      count(n.kernel, area * (c / n.groups) * n.filters, `${n.kernelSize.join('×')}×${c / n.groups}×${n.filters}`, n.name, 'kernel');
      count(n.bias, n.filters, 'one per filter', n.name, 'bias');
      expectShape(n, [...axes.map((a) => a.out), n.filters], fail);
      return;
    }
    case 'depthwise_conv':
    case 'separable_conv': {
      arity(1);
      const { spatial, c } = channelsLast(n, x, fail);
      positive(n.depthMultiplier, 'depthMultiplier', fail);
      const axes = window(n, n.kernelSize, 'kernelSize', spatial, fail);
      const area = n.kernelSize.reduce((a, b) => a * b, 1);
      const mid = c * n.depthMultiplier;
      if (n.op === 'depthwise_conv') {
        count(n.kernel, area * mid, `${n.kernelSize.join('×')}×${c}×${n.depthMultiplier}`, n.name, 'kernel');
        count(n.bias, mid, 'channels × depth multiplier', n.name, 'bias');
        expectShape(n, [...axes.map((a) => a.out), mid], fail);
      } else {
        positive(n.filters, 'filters', fail);
        count(n.depthwiseKernel, area * mid, `${n.kernelSize.join('×')}×${c}×${n.depthMultiplier}`, n.name, 'depthwiseKernel');
        count(n.pointwiseKernel, mid * n.filters, `${mid}×${n.filters}`, n.name, 'pointwiseKernel');
        count(n.bias, n.filters, 'one per filter', n.name, 'bias');
        expectShape(n, [...axes.map((a) => a.out), n.filters], fail);
      }
      return;
    }
    case 'pool': {
      arity(1);
      const { spatial, c } = channelsLast(n, x, fail);
      const axes = window(n, n.poolSize, 'poolSize', spatial, fail);
      if (!windowsNonEmpty(axes)) fail('a pooling window lies entirely in the padding', 'padding');
      if (typeof n.countIncludePad !== 'boolean') fail('countIncludePad must be true or false', 'countIncludePad');
      expectShape(n, [...axes.map((a) => a.out), c], fail);
      return;
    }
    case 'global_pool': {
      arity(1);
      const { spatial, c } = channelsLast(n, x, fail);
      if (!sameShape(n.shape, [c]) && !sameShape(n.shape, [...spatial.map(() => 1), c])) {
        fail(`output shape ${fmt(n.shape)} must be [${c}] or keep size-1 spatial axes`, 'shape');
      }
      return;
    }
    case 'zero_pad': {
      arity(1);
      const { spatial, c } = channelsLast(n, x, fail);
      const pad = resolvePadding(n.padding, spatial, spatial.map(() => 1), spatial.map(() => 1), fail);
      expectShape(n, [...spatial.map((s, i) => s + (pad.before[i] ?? 0) + (pad.after[i] ?? 0)), c], fail);
      return;
    }
    case 'add':
      arity(2, Infinity);
      ins.forEach((s, i) => {
        if (!sameShape(s.shape, n.shape)) fail(`Add input ${i} has shape ${fmt(s.shape)}, the others ${fmt(n.shape)}: shapes must match`, 'inputs');
      });
      return;
    case 'concat': {
      arity(1, Infinity);
      const lead = x.slice(0, -1);
      let channels = 0;
      ins.forEach((s, i) => {
        if (s.shape.length < 1 || !sameShape(s.shape.slice(0, -1), lead)) {
          fail(`Concatenate input ${i} has shape ${fmt(s.shape)}, which does not match ${fmt(x)} outside the last axis`, 'inputs');
        }
        channels += s.shape[s.shape.length - 1] ?? 0;
      });
      expectShape(n, [...lead, channels], fail);
      return;
    }
    case 'upsample': {
      arity(1);
      const { spatial, c } = channelsLast(n, x, fail);
      checkAxes(n.size, spatial.length, 1, 'size', fail);
      expectShape(n, [...spatial.map((s, i) => s * (n.size[i] ?? 1)), c], fail);
      return;
    }
    case 'channel_shuffle': {
      arity(1);
      const c = x[x.length - 1] ?? 0;
      positive(n.groups, 'groups', fail);
      if (c % n.groups !== 0) fail(`groups = ${n.groups} does not divide the ${c} channels`, 'groups');
      expectShape(n, x, fail);
      return;
    }
    default:
      return assertNever(n, 'graph op');
  }
}
