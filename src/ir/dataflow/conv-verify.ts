/**
 * Dataflow-IR verifier checks of the conv ops (conv-types.ts): geometry,
 * array lengths, raw codes inside their types, exact pooling sums, reciprocal
 * tables covering every divisor, permutations, and data-movement ops keeping
 * their input's type. Merge: verify.ts's verifyNode gets
 * `case 'conv': … return verifyConvDfNode(n, ins);`.
 */
import { assertNever } from '../../core/assert-never.js';
import { CompileError } from '../../core/diagnostics.js';
import { checkWidth, maxRaw, minRaw, sameType, typeContains, type FixedType } from '../../fixed/fixed-type.js';
import { accumulatorType } from '../../fixed/growth.js';
import { checkAxes, windowAxes, windowCounts, windowsNonEmpty, windowSize, type Fail, type WindowAxis } from '../graph/conv-geometry.js';
import type { Shape } from '../graph/types.js';
import type { ConvDfNode, PoolAverage, WindowSpec } from './conv-types.js';

/** What the checks need of an operand: any DfNode or ConvDfNode has it. */
export interface Operand {
  readonly shape: Shape;
  readonly type: FixedType;
}

function fmt(s: Shape): string {
  return `[${s.join(', ')}]`;
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function checkType(t: FixedType, layer: string, field: string): void {
  try {
    checkWidth(t.width, t.int, field);
  } catch (e) {
    if (e instanceof CompileError) throw e.at({ layer });
    throw e;
  }
}

function inRange(values: readonly bigint[], t: FixedType, fail: Fail, field: string): void {
  const lo = minRaw(t);
  const hi = maxRaw(t);
  values.forEach((v, i) => {
    if (typeof v !== 'bigint' || v < lo || v > hi) fail(`${field}[${i}] = ${v} is outside its type's range`, field);
  });
}

function windowOf(n: WindowSpec, x: Operand, fail: Fail): { axes: WindowAxis[]; c: number } {
  if (!sameShape(x.shape, n.inShape)) fail(`inShape ${fmt(n.inShape)} is not the input's shape ${fmt(x.shape)}`, 'inShape');
  if (n.inShape.length < 2 || n.inShape.length > 3) fail(`inShape ${fmt(n.inShape)} must be [L, C] or [H, W, C]`, 'inShape');
  const spatial = n.inShape.slice(0, -1);
  return { axes: windowAxes(spatial, n.kernelSize, n.strides, n.padBefore, n.padAfter, fail), c: n.inShape[n.inShape.length - 1] ?? 0 };
}

function checkAverage(a: PoolAverage, axes: readonly WindowAxis[], x: Operand, layer: string, fail: Fail): void {
  checkType(a.sumType, layer, 'average.sumType');
  checkType(a.recipType, layer, 'average.recipType');
  const size = windowSize(axes);
  if (!typeContains(a.sumType, accumulatorType([x.type], size))) fail(`sumType cannot hold every sum of ${size} inputs exactly`, 'average.sumType');
  if (a.divisor !== 'valid' && a.divisor !== 'window') fail(`divisor must be 'valid' or 'window'`, 'average.divisor');
  if (a.counts.length !== a.recips.length) fail(`${a.counts.length} counts but ${a.recips.length} reciprocals`, 'average.recips');
  a.counts.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 1 || (i > 0 && c <= (a.counts[i - 1] ?? 0))) fail('counts must be ascending integers ≥ 1', 'average.counts');
  });
  const needed = a.divisor === 'valid' ? windowCounts(axes) : [size];
  for (const c of needed) if (!a.counts.includes(c)) fail(`no reciprocal for a window of ${c} elements`, 'average.counts');
  inRange(a.recips, a.recipType, fail, 'average.recips');
}

export function verifyConvDfNode(n: ConvDfNode, ins: readonly Operand[]): void {
  const layer = n.source;
  const fail: Fail = (message, field) => {
    throw new CompileError('FF012', message, { layer, field });
  };
  const arity = (min: number, max = min): Operand => {
    if (ins.length < min || ins.length > max) fail(`${n.op} takes ${min === max ? min : `at least ${min}`} input(s), got ${ins.length}`, 'inputs');
    return ins[0] as Operand;
  };
  const expectShape = (want: Shape): void => {
    if (!sameShape(n.shape, want)) fail(`shape ${fmt(n.shape)} does not match the computed ${fmt(want)}`, 'shape');
  };
  const keepsType = (x: Operand): void => {
    if (!sameType(n.type, x.type)) fail(`${n.op} moves data: its type must be its input's`, 'type');
  };
  switch (n.op) {
    case 'conv': {
      const { axes, c } = windowOf(n, arity(1), fail);
      if (!Number.isInteger(n.groups) || n.groups < 1 || c % n.groups !== 0) fail(`groups = ${n.groups} does not divide the ${c} input channels`, 'groups');
      if (!Number.isInteger(n.outChannels) || n.outChannels < 1 || n.outChannels % n.groups !== 0) {
        fail(`groups = ${n.groups} does not divide the ${n.outChannels} output channels`, 'groups');
      }
      expectShape([...axes.map((a) => a.out), n.outChannels]);
      const taps = windowSize(axes) * (c / n.groups);
      if (n.weights.length !== n.outChannels * taps) fail(`weights has ${n.weights.length} codes, expected ${n.outChannels * taps}`, 'weights');
      if (n.bias.length !== n.outChannels) fail(`bias has ${n.bias.length} codes, expected ${n.outChannels}`, 'bias');
      for (const [f, t] of [['weightType', n.weightType], ['biasType', n.biasType], ['productType', n.productType], ['accType', n.accType]] as const) checkType(t, layer, f);
      inRange(n.weights, n.weightType, fail, 'weights');
      inRange(n.bias, n.biasType, fail, 'bias');
      if (!Number.isInteger(n.reuseFactor) || n.reuseFactor < 1 || n.reuseFactor > Math.max(1, taps * n.outChannels)) {
        fail(`reuse factor ${n.reuseFactor} is invalid`, 'reuseFactor');
      }
      return;
    }
    case 'pool': {
      const x = arity(1);
      const { axes, c } = windowOf(n, x, fail);
      if (!windowsNonEmpty(axes)) fail('a pooling window lies entirely in the padding', 'padBefore');
      const outs = axes.map((a) => a.out);
      if (!(outs.every((o) => o === 1) && sameShape(n.shape, [c]))) expectShape([...outs, c]);
      if (n.kind === 'max') {
        if (n.average !== null) fail('max pooling takes no average', 'average');
      } else if (n.kind === 'avg') {
        if (n.average === null) fail('average pooling needs its sum type and reciprocals', 'average');
        checkAverage(n.average, axes, x, layer, fail);
      } else {
        fail(`pool kind must be 'max' or 'avg'`, 'kind');
      }
      return;
    }
    case 'add':
      arity(2, Infinity);
      ins.forEach((s, i) => {
        if (!sameShape(s.shape, n.shape)) fail(`input ${i} has shape ${fmt(s.shape)}, the output ${fmt(n.shape)}: Add needs equal shapes`, 'inputs');
      });
      return;
    case 'concat': {
      const x = arity(1, Infinity);
      const lead = x.shape.slice(0, -1);
      let channels = 0;
      ins.forEach((s, i) => {
        if (s.shape.length < 1 || !sameShape(s.shape.slice(0, -1), lead)) fail(`input ${i} has shape ${fmt(s.shape)}, which does not match ${fmt(x.shape)} outside the last axis`, 'inputs');
        channels += s.shape[s.shape.length - 1] ?? 0;
      });
      expectShape([...lead, channels]);
      return;
    }
    case 'zero_pad': {
      const x = arity(1);
      const spatial = x.shape.slice(0, -1);
      if (spatial.length < 1 || spatial.length > 2) fail(`zero padding needs an input [L, C] or [H, W, C], got ${fmt(x.shape)}`, 'inputs');
      checkAxes(n.padBefore, spatial.length, 0, 'padBefore', fail);
      checkAxes(n.padAfter, spatial.length, 0, 'padAfter', fail);
      expectShape([...spatial.map((s, i) => s + (n.padBefore[i] ?? 0) + (n.padAfter[i] ?? 0)), x.shape[x.shape.length - 1] ?? 0]);
      keepsType(x);
      return;
    }
    case 'upsample': {
      const x = arity(1);
      const spatial = x.shape.slice(0, -1);
      if (spatial.length < 1 || spatial.length > 2) fail(`upsampling needs an input [L, C] or [H, W, C], got ${fmt(x.shape)}`, 'inputs');
      checkAxes(n.factors, spatial.length, 1, 'factors', fail);
      expectShape([...spatial.map((s, i) => s * (n.factors[i] ?? 1)), x.shape[x.shape.length - 1] ?? 0]);
      keepsType(x);
      return;
    }
    case 'channel_shuffle': {
      const x = arity(1);
      const c = x.shape[x.shape.length - 1] ?? 0;
      expectShape(x.shape);
      const seen = new Set<number>();
      if (n.perm.length !== c) fail(`perm has ${n.perm.length} entries, expected ${c}`, 'perm');
      for (const p of n.perm) {
        if (!Number.isInteger(p) || p < 0 || p >= c || seen.has(p)) fail(`perm is not a permutation of 0..${c - 1}`, 'perm');
        seen.add(p);
      }
      keepsType(x);
      return;
    }
    default:
      return assertNever(n, 'dataflow op');
  }
}
