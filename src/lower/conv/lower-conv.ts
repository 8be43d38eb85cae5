/**
 * Lowering of the conv ops (graph conv-types.ts → dataflow conv-types.ts):
 * explicit per-side padding, weights quantized to out-major raw codes,
 * product and accumulator types by bit growth (unless configured), depthwise
 * as a grouped conv (groups = C), SeparableConv as depthwise + pointwise,
 * pooling reciprocals, channel-shuffle permutations. One graph node gives one
 * dataflow node, except SeparableConv (two: `<name>_dw`, then `<name>`).
 * lower.ts calls lowerConvNode for the conv ops (docs/CONV.md).
 */
import { assertNever } from '../../core/assert-never.js';
import { CompileError } from '../../core/diagnostics.js';
import { MAX_WIDTH, type FixedType } from '../../fixed/fixed-type.js';
import { accumulatorType, productType } from '../../fixed/growth.js';
import type { ConvDfNode, DfConv } from '../../ir/dataflow/conv-types.js';
import type { WindowAxis } from '../../ir/graph/conv-geometry.js';
import type { ConvGraphNode } from '../../ir/graph/conv-types.js';
import type { BatchNormNode, Shape } from '../../ir/graph/types.js';
import { resolveLayer, type PrecisionConfig, type ResolvedTypes } from '../config.js';
import { resolveConvLayer } from './conv-config.js';
import { outMajor, quantizeAll } from './conv-weights.js';
import { lowerGlobalPool, lowerPool } from './lower-pool.js';
import { failer, windowOf, type Base } from './window.js';

export interface ConvLowerContext {
  /** this node's safe unique identifier */
  readonly name: string;
  /** identifiers of its producers, in operand order */
  readonly inputs: readonly string[];
  /** the producers' output types and shapes, in operand order */
  readonly inTypes: readonly FixedType[];
  readonly inShapes: readonly Shape[];
  readonly config: PrecisionConfig;
  /** the BatchNorm folded into this conv: its configuration gives the result type */
  readonly foldedBatchnorm?: BatchNormNode;
  /** a fresh safe unique identifier for an added node */
  readonly freshName: (base: string) => string;
}

/** A derived (full-precision) type must stay within the width limit: say which setting to narrow. */
function derived(t: FixedType, layer: string, field: 'product' | 'accum'): FixedType {
  if (t.width > MAX_WIDTH) {
    throw new CompileError('FF009', `the exact ${field} type needs ${t.width} bits, over the ${MAX_WIDTH}-bit limit: set a narrower '${field}' type for this layer`, {
      layer,
      field,
    });
  }
  return t;
}

interface ConvSpec {
  readonly name: string;
  readonly input: string;
  readonly inType: FixedType;
  readonly inShape: Shape;
  readonly axes: readonly WindowAxis[];
  readonly groups: number;
  readonly filters: number;
  /** Keras-ordered float kernel [k0][k1][Cg][filters] */
  readonly kernel: readonly number[];
  readonly bias: readonly number[] | null;
  readonly kernelField: string;
  readonly result: FixedType;
}

function lowerConvCore(layer: string, s: ConvSpec, cfg: ResolvedTypes): DfConv {
  const C = s.inShape[s.inShape.length - 1] ?? 1;
  const fail = failer(layer);
  if (!Number.isInteger(s.groups) || s.groups < 1 || C % s.groups !== 0) {
    fail(`groups = ${s.groups} does not divide the ${C} input channels`, 'groups');
  }
  if (s.filters % s.groups !== 0) fail(`groups = ${s.groups} does not divide the ${s.filters} filters`, 'groups');
  const taps = s.axes.reduce((a, x) => a * x.k, 1) * (C / s.groups);
  if (s.kernel.length !== taps * s.filters) fail(`${s.kernelField} has ${s.kernel.length} values, expected ${taps * s.filters}`, s.kernelField);
  const { weights, nnzMax } = outMajor(quantizeAll(s.kernel, cfg.weight, layer, s.kernelField), taps, s.filters);
  const bias = quantizeAll(s.bias ?? new Array<number>(s.filters).fill(0), cfg.bias, layer, 'bias');
  const prod = derived(cfg.product ?? productType(s.inType, cfg.weight), layer, 'product');
  const acc = derived(cfg.accum ?? accumulatorType([prod, cfg.bias], nnzMax + 1), layer, 'accum');
  const multiplies = taps * s.filters;
  if (!Number.isInteger(cfg.reuseFactor) || cfg.reuseFactor < 1 || cfg.reuseFactor > Math.max(1, multiplies)) {
    throw new CompileError('FF007', `reuse factor must be an integer in 1..${multiplies}, got ${cfg.reuseFactor}`, { layer, field: 'reuseFactor' });
  }
  return {
    name: s.name,
    source: layer,
    inputs: [s.input],
    shape: [...s.axes.map((a) => a.out), s.filters],
    type: s.result,
    op: 'conv',
    inShape: [...s.inShape],
    kernelSize: s.axes.map((a) => a.k),
    strides: s.axes.map((a) => a.stride),
    padBefore: s.axes.map((a) => a.padBefore),
    padAfter: s.axes.map((a) => a.padAfter),
    groups: s.groups,
    outChannels: s.filters,
    weights,
    bias,
    weightType: cfg.weight,
    biasType: cfg.bias,
    productType: prod,
    accType: acc,
    reuseFactor: cfg.reuseFactor,
  };
}

export function lowerConvNode(n: ConvGraphNode, ctx: ConvLowerContext): ConvDfNode[] {
  const layer = n.name;
  const cfg = resolveConvLayer(ctx.config, n);
  const result = ctx.foldedBatchnorm ? resolveLayer(ctx.config, ctx.foldedBatchnorm).result : cfg.result;
  const x = ctx.inTypes[0];
  const inShape = ctx.inShapes[0];
  if (!x || !inShape || ctx.inTypes.length !== n.inputs.length || ctx.inShapes.length !== n.inputs.length) {
    throw new CompileError('FF012', 'layer has no typed input', { layer, field: 'inputs' });
  }
  const base: Base = { name: ctx.name, source: layer, inputs: [...ctx.inputs], shape: n.shape, type: result };
  const C = inShape[inShape.length - 1] ?? 1;
  const input = ctx.inputs[0] ?? '';
  // one conv with this layer's defaults (name, input, result) unless overridden
  const core = (over: Pick<ConvSpec, 'axes' | 'groups' | 'filters' | 'kernel' | 'kernelField'> & Partial<ConvSpec>): DfConv =>
    lowerConvCore(layer, { name: ctx.name, input, inType: x, inShape, bias: null, result, ...over }, cfg);
  switch (n.op) {
    case 'conv': {
      const axes = windowOf(layer, inShape, n.kernelSize, n.strides, n.padding, 'kernelSize');
      return [core({ axes, groups: n.groups, filters: n.filters, kernel: n.kernel, bias: n.bias, kernelField: 'kernel' })];
    }
    case 'depthwise_conv': {
      const axes = windowOf(layer, inShape, n.kernelSize, n.strides, n.padding, 'kernelSize');
      return [core({ axes, groups: C, filters: C * n.depthMultiplier, kernel: n.kernel, bias: n.bias, kernelField: 'kernel' })];
    }
    case 'separable_conv': {
      // depthwise half: no bias, the layer's own result type; pointwise half: 1×1 with the bias
      const axes = windowOf(layer, inShape, n.kernelSize, n.strides, n.padding, 'kernelSize');
      const dwName = ctx.freshName(`${ctx.name}_dw`);
      const dw = core({ name: dwName, axes, groups: C, filters: C * n.depthMultiplier, kernel: n.depthwiseKernel, kernelField: 'depthwiseKernel', result: cfg.result });
      const ones = dw.shape.slice(0, -1).map(() => 1);
      const pwAxes = windowOf(layer, dw.shape, ones, ones, 'valid', 'kernelSize');
      const pw = core({
        input: dwName,
        inType: dw.type,
        inShape: dw.shape,
        axes: pwAxes,
        groups: 1,
        filters: n.filters,
        kernel: n.pointwiseKernel,
        bias: n.bias,
        kernelField: 'pointwiseKernel',
      });
      return [dw, pw];
    }
    case 'pool':
      return [lowerPool(n, base, x, inShape, ctx.config)];
    case 'global_pool':
      return [lowerGlobalPool(n, base, x, inShape, ctx.config)];
    case 'zero_pad': {
      windowOf(layer, inShape, inShape.slice(0, -1).map(() => 1), inShape.slice(0, -1).map(() => 1), n.padding, 'padding');
      return [{ ...base, type: x, op: 'zero_pad', padBefore: [...n.padding.before], padAfter: [...n.padding.after] }];
    }
    case 'add':
      return [{ ...base, op: 'add' }];
    case 'concat':
      return [{ ...base, op: 'concat' }];
    case 'upsample':
      return [{ ...base, type: x, op: 'upsample', factors: [...n.size] }];
    case 'channel_shuffle': {
      if (!Number.isInteger(n.groups) || n.groups < 1 || C % n.groups !== 0) {
        failer(layer)(`groups = ${n.groups} does not divide the ${C} channels`, 'groups');
      }
      const per = C / n.groups;
      const perm = Array.from({ length: C }, (_v, c) => (c % n.groups) * per + Math.floor(c / n.groups));
      return [{ ...base, type: x, op: 'channel_shuffle', perm }];
    }
    default:
      return assertNever(n, 'graph op');
  }
}
