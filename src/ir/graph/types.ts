/**
 * The graph IR: the language of the model. Float weights, per-sample shapes
 * (no batch axis, channels last), nodes in topological order. Compression
 * shows here as zeros (pruning), chains of thin Dense layers (low rank) and
 * quantization annotations (QKeras, QONNX, QAT).
 */
import type { FixedType } from '../../fixed/fixed-type.js';
import type { ConvGraphNode } from './conv-types.js';

export const GRAPH_IR_VERSION = 1;

export type Shape = readonly number[];

/** Exact fixed-point types a source format or a compression step fixed for a node. */
export interface QuantAnnotation {
  readonly weight?: FixedType;
  readonly bias?: FixedType;
  readonly result?: FixedType;
}

interface NodeBase {
  /** unique within the graph; the name in the model file */
  readonly name: string;
  /** names of the producer nodes, in operand order */
  readonly inputs: readonly string[];
  /** output shape, per sample */
  readonly shape: Shape;
  readonly quant?: QuantAnnotation;
}

export interface InputNode extends NodeBase {
  readonly op: 'input';
}

/** y = x · kernel + bias; kernel row-major [inFeatures][units] (Keras layout). */
export interface DenseNode extends NodeBase {
  readonly op: 'dense';
  readonly units: number;
  readonly kernel: readonly number[];
  readonly bias: readonly number[] | null;
}

/** y = gamma · (x − mean) / sqrt(variance + epsilon) + beta, over the last axis. */
export interface BatchNormNode extends NodeBase {
  readonly op: 'batchnorm';
  readonly gamma: readonly number[];
  readonly beta: readonly number[];
  readonly mean: readonly number[];
  readonly variance: readonly number[];
  readonly epsilon: number;
}

export type ActivationFn = 'linear' | 'relu' | 'sigmoid' | 'tanh';

export interface ActivationNode extends NodeBase {
  readonly op: 'activation';
  readonly fn: ActivationFn;
}

/** min(max(x, min), max); ReLU6 is clip(0, 6). */
export interface ClipNode extends NodeBase {
  readonly op: 'clip';
  readonly min: number;
  readonly max: number;
}

export interface LeakyReluNode extends NodeBase {
  readonly op: 'leaky_relu';
  readonly alpha: number;
}

/** Softmax over the last axis. */
export interface SoftmaxNode extends NodeBase {
  readonly op: 'softmax';
}

/** Reshape (Flatten is a reshape to one axis); data order is row-major and unchanged. */
export interface ReshapeNode extends NodeBase {
  readonly op: 'reshape';
}

export type GraphNode =
  | InputNode
  | DenseNode
  | BatchNormNode
  | ActivationNode
  | ClipNode
  | LeakyReluNode
  | SoftmaxNode
  | ReshapeNode
  | ConvGraphNode;

export type GraphOp = GraphNode['op'];

export interface Graph {
  readonly version: typeof GRAPH_IR_VERSION;
  readonly name: string;
  /** topologically ordered */
  readonly nodes: readonly GraphNode[];
  readonly outputs: readonly string[];
}

export function shapeSize(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}
