/**
 * The conv-family graph nodes as tfjs operations for GraphNet. Tensors travel
 * between nodes as [batch, features] (the per-sample tensor flattened
 * row-major, channels last); each op reshapes to [batch, H, W, C] (1D as
 * H = 1), computes, and flattens again. Padding is always resolved to
 * explicit zeros (tf.pad, then a 'valid' window), so every padding the graph
 * IR allows trains with its exact semantics; max pooling pads with a value
 * below any input, and average pooling divides by the count of input
 * elements in the window (or the window size when countIncludePad).
 */
import * as tf from '@tensorflow/tfjs';
import { assertNever } from '../../core/assert-never.js';
import type { ConvGraphNode, ConvNode, DepthwiseConvNode, FoldableConvNode } from '../../ir/graph/conv-types.js';
import type { Shape } from '../../ir/graph/types.js';
import { shapeSize } from '../../ir/graph/types.js';
import { hwc, rowsCols } from '../../ir/graph/conv-geometry.js';
import { channelsOf, window2d, type Window2d } from '../conv/window.js';

/** Trainable weights of a conv, depthwise or separable node, in Keras layout as 4-D tensors. */
export interface ConvVars {
  /** conv [KH, KW, C/groups, F]; depthwise and separable's depthwise half [KH, KW, C, M] */
  readonly kernel: tf.Variable;
  /** separable only: [1, 1, C·M, F] */
  readonly pointwise: tf.Variable | null;
  readonly bias: tf.Variable | null;
}

export function createConvVars(node: FoldableConvNode, inShape: Shape): ConvVars {
  const [kh, kw] = rowsCols(node.kernelSize, 1);
  const c = channelsOf(inShape);
  const v = (values: readonly number[], shape: number[]): tf.Variable => tf.variable(tf.tensor(Float32Array.from(values), shape), true);
  const bias = node.bias === null ? null : v(node.bias, [node.bias.length]);
  switch (node.op) {
    case 'conv':
      return { kernel: v(node.kernel, [kh, kw, c / node.groups, node.filters]), pointwise: null, bias };
    case 'depthwise_conv':
      return { kernel: v(node.kernel, [kh, kw, c, node.depthMultiplier]), pointwise: null, bias };
    case 'separable_conv':
      return {
        kernel: v(node.depthwiseKernel, [kh, kw, c, node.depthMultiplier]),
        pointwise: v(node.pointwiseKernel, [1, 1, c * node.depthMultiplier, node.filters]),
        bias,
      };
  }
}

function to4d(x: tf.Tensor, shape: Shape): tf.Tensor4D {
  const [h, w, c] = hwc(shape);
  return tf.reshape(x, [-1, h, w, c]);
}

function flat(x: tf.Tensor): tf.Tensor2D {
  return tf.reshape(x, [x.shape[0] ?? -1, -1]);
}

function padded(x: tf.Tensor4D, g: Window2d, value = 0): tf.Tensor4D {
  if (g.PT + g.PB + g.PL + g.PR === 0) return x;
  return tf.pad(x, [[0, 0], [g.PT, g.PB], [g.PL, g.PR], [0, 0]], value) as tf.Tensor4D;
}

function grouped(x: tf.Tensor4D, kernel: tf.Tensor4D, g: Window2d, groups: number): tf.Tensor4D {
  const strides: [number, number] = [g.SH, g.SW];
  if (groups === 1) return tf.conv2d(x, kernel, strides, 'valid');
  const xs = tf.split(x, groups, 3);
  const ks = tf.split(kernel, groups, 3);
  return tf.concat(xs.map((xi, i) => tf.conv2d(xi as tf.Tensor4D, ks[i] as tf.Tensor4D, strides, 'valid') as tf.Tensor4D), 3);
}

/** Lowest float32 value: padding for max pooling (every window holds an input element). */
const MAX_PAD = -3.4e38;

function pool(x: tf.Tensor4D, g: Window2d, kind: 'max' | 'avg', countIncludePad: boolean): tf.Tensor4D {
  const size: [number, number] = [g.KH, g.KW];
  const strides: [number, number] = [g.SH, g.SW];
  if (kind === 'max') return tf.maxPool(padded(x, g, MAX_PAD), size, strides, 'valid');
  const mean = tf.avgPool(padded(x, g), size, strides, 'valid');
  if (countIncludePad || g.PT + g.PB + g.PL + g.PR === 0) return mean;
  const ones = padded(tf.ones([1, g.H, g.W, 1]) as tf.Tensor4D, g);
  const share = tf.avgPool(ones, size, strides, 'valid');
  return tf.div(mean, share);
}

/** A conv or depthwise conv on [batch, features] with the given kernel and bias: the float computation. */
export type FloatConv = (kernel: tf.Tensor4D, bias: tf.Tensor1D | null) => tf.Tensor2D;

/** A replacement of a conv or depthwise conv's computation (QAT's exact forward); undefined keeps the float one. */
export type ConvReplacement = (node: ConvNode | DepthwiseConvNode, x: tf.Tensor2D, kernel: tf.Tensor4D, bias: tf.Tensor1D | null, inShape: Shape, float: FloatConv) => tf.Tensor2D | undefined;

/**
 * The node's output for its operands (each [batch, features]); `inShapes` are
 * the operands' per-sample shapes, `vars` the node's weights (conv nodes).
 */
export function convForward(
  node: ConvGraphNode,
  ins: readonly tf.Tensor2D[],
  inShapes: readonly Shape[],
  vars: ConvVars | undefined,
  kernelOf: (node: FoldableConvNode, kernel: tf.Tensor4D, part: 'kernel' | 'pointwise') => tf.Tensor4D,
  replace?: ConvReplacement,
): tf.Tensor2D {
  const inShape = inShapes[0] ?? [];
  const x0 = ins[0];
  if (x0 === undefined) throw new Error(`convForward: '${node.name}' has no operand`);
  const need = (): ConvVars => {
    if (vars === undefined) throw new Error(`convForward: no variables for '${node.name}'`);
    return vars;
  };
  const withBias = (y: tf.Tensor4D, bias: tf.Tensor | null): tf.Tensor2D => flat(bias === null ? y : tf.add(y, bias));
  switch (node.op) {
    case 'conv':
    case 'depthwise_conv': {
      const v = need();
      const g = window2d(node.name, inShape, node.kernelSize, node.strides, node.padding);
      const float: FloatConv = (kernel, bias) => {
        const x = padded(to4d(x0, inShape), g);
        const y = node.op === 'conv' ? grouped(x, kernel, g, node.groups) : tf.depthwiseConv2d(x, kernel, [g.SH, g.SW], 'valid');
        return withBias(y, bias);
      };
      const kernel = kernelOf(node, v.kernel as tf.Tensor4D, 'kernel');
      const bias = v.bias as tf.Tensor1D | null;
      return replace?.(node, x0, kernel, bias, inShape, float) ?? float(kernel, bias);
    }
    case 'separable_conv': {
      const v = need();
      const g = window2d(node.name, inShape, node.kernelSize, node.strides, node.padding);
      const pw = v.pointwise;
      if (pw === null) throw new Error(`convForward: '${node.name}' has no pointwise kernel`);
      const mid = tf.depthwiseConv2d(padded(to4d(x0, inShape), g), kernelOf(node, v.kernel as tf.Tensor4D, 'kernel'), [g.SH, g.SW], 'valid');
      return withBias(tf.conv2d(mid, kernelOf(node, pw as tf.Tensor4D, 'pointwise'), 1, 'valid'), v.bias);
    }
    case 'pool': {
      const g = window2d(node.name, inShape, node.poolSize, node.strides, node.padding, 'poolSize');
      return flat(pool(to4d(x0, inShape), g, node.kind, node.countIncludePad));
    }
    case 'global_pool': {
      const x = to4d(x0, inShape);
      return flat(node.kind === 'max' ? tf.max(x, [1, 2]) : tf.mean(x, [1, 2]));
    }
    case 'zero_pad': {
      const [pt, pl] = rowsCols(node.padding.before, 0);
      const [pb, pr] = rowsCols(node.padding.after, 0);
      return flat(tf.pad(to4d(x0, inShape), [[0, 0], [pt, pb], [pl, pr], [0, 0]]));
    }
    case 'add':
      return ins.length === 1 ? x0 : tf.addN(ins as tf.Tensor2D[]);
    case 'concat': {
      const positions = shapeSize(node.shape) / channelsOf(node.shape);
      const parts = ins.map((x, k) => tf.reshape(x, [-1, positions, channelsOf(inShapes[k] ?? [])]));
      return flat(tf.concat(parts, 2));
    }
    case 'upsample': {
      const [h, w, c] = hwc(inShape);
      const [fy, fx] = rowsCols(node.size, 1);
      const rows = tf.tile(tf.reshape(x0, [-1, h, 1, w * c]), [1, 1, fy, 1]);
      const cols = tf.tile(tf.reshape(rows, [-1, h * fy, w, 1, c]), [1, 1, 1, fx, 1]);
      return flat(cols);
    }
    case 'channel_shuffle': {
      const c = channelsOf(inShape);
      const positions = shapeSize(inShape) / c;
      const t = tf.transpose(tf.reshape(x0, [-1, positions, node.groups, c / node.groups]), [0, 1, 3, 2]);
      return flat(t);
    }
    default:
      return assertNever(node, 'conv graph node');
  }
}
