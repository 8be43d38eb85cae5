/**
 * Convolution and lightweight-network ops of the graph IR, a union that is
 * part of GraphNode (see docs/CONV.md). Same conventions as types.ts: float
 * weights, per-sample shapes, channels last ([L, C] in 1D, [H, W, C] in 2D),
 * no batch axis, Keras weight layouts.
 *
 * Spatial attributes (kernelSize, strides, pool sizes, paddings, upsampling
 * factors) have one entry per spatial axis: one in 1D, two in 2D (rows, then
 * columns). Dilation is not supported (importers report FF006 for it).
 */
import type { QuantAnnotation, Shape } from './types.js';

/** The same fields as types.ts's node base (which it does not export). */
interface ConvNodeBase {
  readonly name: string;
  readonly inputs: readonly string[];
  readonly shape: Shape;
  readonly quant?: QuantAnnotation;
}

/**
 * 'valid': no padding. 'same' (Keras): per axis
 *   pad_total = max((ceil(in / stride) − 1) · stride + k − in, 0)
 *   before = floor(pad_total / 2), after = pad_total − before
 * (ONNX SAME_UPPER is the same rule). Explicit: `before`/`after` per spatial
 * axis (ONNX `pads`, SAME_LOWER, Keras 'causal').
 */
export type Padding = 'valid' | 'same' | ExplicitPadding;

export interface ExplicitPadding {
  readonly before: readonly number[];
  readonly after: readonly number[];
}

/**
 * Conv1D / Conv2D, grouped when groups > 1 (Keras `groups`, ONNX `group`).
 *   y[p, o] = bias[o] + Σ_{k, ci} x[p·stride + k − padBefore, g·Cg + ci] · kernel[k][ci][o]
 * over window offsets k inside the input (padding reads zeros),
 * Cg = C / groups input channels per group, g = floor(o / (filters / groups)).
 * kernel is Keras-ordered [k0][k1][Cg][filters], flattened row-major.
 */
export interface ConvNode extends ConvNodeBase {
  readonly op: 'conv';
  readonly kernelSize: readonly number[];
  readonly strides: readonly number[];
  readonly padding: Padding;
  readonly groups: number;
  readonly filters: number;
  readonly kernel: readonly number[];
  readonly bias: readonly number[] | null;
}

/**
 * DepthwiseConv1D / DepthwiseConv2D: each input channel c convolved with
 * depthMultiplier kernels; output channel c · depthMultiplier + m (Keras
 * order). kernel is [k0][k1][C][depthMultiplier]; bias has C · depthMultiplier
 * values. The same as a grouped conv with groups = C, filters = C · M.
 */
export interface DepthwiseConvNode extends ConvNodeBase {
  readonly op: 'depthwise_conv';
  readonly kernelSize: readonly number[];
  readonly strides: readonly number[];
  readonly padding: Padding;
  readonly depthMultiplier: number;
  readonly kernel: readonly number[];
  readonly bias: readonly number[] | null;
}

/**
 * SeparableConv1D / SeparableConv2D: a depthwise conv (no bias; strides and
 * padding apply here) then a 1×1 conv with the bias. depthwiseKernel is
 * [k0][k1][C][depthMultiplier], pointwiseKernel [C · depthMultiplier][filters]
 * (Keras's [1][1][C·M][filters] flattened).
 */
export interface SeparableConvNode extends ConvNodeBase {
  readonly op: 'separable_conv';
  readonly kernelSize: readonly number[];
  readonly strides: readonly number[];
  readonly padding: Padding;
  readonly depthMultiplier: number;
  readonly filters: number;
  readonly depthwiseKernel: readonly number[];
  readonly pointwiseKernel: readonly number[];
  readonly bias: readonly number[] | null;
}

/**
 * MaxPooling / AveragePooling 1D and 2D, per channel. Padding positions never
 * take part: max is over the window's input elements, and the average divides
 * the window's input-element sum by their count (Keras and ONNX with
 * count_include_pad = 0), or by the whole window size when countIncludePad.
 */
export interface PoolNode extends ConvNodeBase {
  readonly op: 'pool';
  readonly kind: 'max' | 'avg';
  readonly poolSize: readonly number[];
  readonly strides: readonly number[];
  readonly padding: Padding;
  readonly countIncludePad: boolean;
}

/** GlobalAveragePooling / GlobalMaxPooling over all spatial axes; shape [C] or with size-1 spatial axes kept. */
export interface GlobalPoolNode extends ConvNodeBase {
  readonly op: 'global_pool';
  readonly kind: 'max' | 'avg';
}

/** ZeroPadding1D / ZeroPadding2D: `before`/`after` zeros per spatial axis. */
export interface ZeroPadNode extends ConvNodeBase {
  readonly op: 'zero_pad';
  readonly padding: ExplicitPadding;
}

/** Element-wise sum of two or more inputs of the same shape (residual Add). */
export interface AddNode extends ConvNodeBase {
  readonly op: 'add';
}

/** Concatenation on the last (channel) axis, inputs in operand order. */
export interface ConcatNode extends ConvNodeBase {
  readonly op: 'concat';
}

/** UpSampling1D / UpSampling2D, nearest: y[i] = x[floor(i / size)] per spatial axis. */
export interface UpsampleNode extends ConvNodeBase {
  readonly op: 'upsample';
  readonly size: readonly number[];
}

/**
 * ShuffleNet's channel shuffle: channels seen as [groups][C / groups],
 * transposed to [C / groups][groups]. Output channel j · groups + i is input
 * channel i · (C / groups) + j.
 */
export interface ChannelShuffleNode extends ConvNodeBase {
  readonly op: 'channel_shuffle';
  readonly groups: number;
}

export type ConvGraphNode =
  | ConvNode
  | DepthwiseConvNode
  | SeparableConvNode
  | PoolNode
  | GlobalPoolNode
  | ZeroPadNode
  | AddNode
  | ConcatNode
  | UpsampleNode
  | ChannelShuffleNode;

export type ConvGraphOp = ConvGraphNode['op'];

const CONV_GRAPH_OPS: ReadonlySet<string> = new Set<ConvGraphOp>([
  'conv',
  'depthwise_conv',
  'separable_conv',
  'pool',
  'global_pool',
  'zero_pad',
  'add',
  'concat',
  'upsample',
  'channel_shuffle',
]);

export function isConvGraphNode<T extends { readonly op: string }>(n: T | ConvGraphNode): n is ConvGraphNode {
  return CONV_GRAPH_OPS.has(n.op);
}

/** The convolutions a following BatchNorm can fold into. */
export type FoldableConvNode = ConvNode | DepthwiseConvNode | SeparableConvNode;
