/**
 * A graph-IR model as tfjs variables and a forward function, for the
 * compression steps that train: fine-tuning after pruning or factorization,
 * quantization-aware training, binary/ternary weights, distillation. Every
 * tensor is kept as [batch, features] (per-sample shapes are flattened
 * row-major, channels last); reshape is then the identity, BatchNorm and
 * softmax work on the last axis, and the conv-family nodes reshape to
 * [batch, H, W, C] inside (conv-forward.ts).
 * Hooks let a method change how kernels are used (masks, fake quantization)
 * or replace a whole Dense (the exact fixed-point forward of QAT).
 */
import * as tf from '@tensorflow/tfjs';
import { assertNever } from '../../core/assert-never.js';
import type { FoldableConvNode } from '../../ir/graph/conv-types.js';
import type { BatchNormNode, DenseNode, Graph, GraphNode, Shape } from '../../ir/graph/types.js';
import { shapeSize } from '../../ir/graph/types.js';
import { denseInSize, replaceNodes } from '../graph-edit.js';
import { inputNode } from '../graph-eval.js';
import { invalidRequest } from '../request-error.js';
import { convForward, createConvVars, type ConvReplacement, type ConvVars } from './conv-forward.js';

export interface DenseVars {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable | null;
}

export interface BatchNormVars {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly mean: tf.Variable;
  readonly variance: tf.Variable;
}

export interface ForwardHooks {
  /** the kernel a Dense uses, from its variable (masks, binarization, fake quantization) */
  readonly kernel?: (node: DenseNode, kernel: tf.Tensor2D) => tf.Tensor2D;
  /** a replacement for the Dense computation; undefined keeps the float one */
  readonly dense?: (node: DenseNode, x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D | null) => tf.Tensor2D | undefined;
  /** the kernel a conv-family layer uses, from its variable (masks) */
  readonly convKernel?: (node: FoldableConvNode, kernel: tf.Tensor4D, part: 'kernel' | 'pointwise') => tf.Tensor4D;
  /** a replacement for a Conv or DepthwiseConv computation (QAT's exact forward); undefined keeps the float one */
  readonly conv?: ConvReplacement;
  /** a transformation of a node's output (activation quantization) */
  readonly output?: (node: GraphNode, y: tf.Tensor2D) => tf.Tensor2D;
}

export interface ForwardOptions {
  readonly training?: boolean;
  readonly hooks?: ForwardHooks;
}

/** Batch moments computed in a training forward, applied after the step. */
interface BnUpdate {
  readonly vars: BatchNormVars;
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
}

const BN_MOMENTUM = 0.99;

export class GraphNet {
  readonly graph: Graph;
  readonly dense = new Map<string, DenseVars>();
  readonly bn = new Map<string, BatchNormVars>();
  readonly conv = new Map<string, ConvVars>();
  private readonly shapes: ReadonlyMap<string, Shape>;
  readonly inSize: number;
  private pending: BnUpdate[] = [];

  constructor(graph: Graph) {
    this.graph = graph;
    this.inSize = shapeSize(inputNode(graph).shape);
    this.shapes = new Map(graph.nodes.map((n) => [n.name, n.shape]));
    for (const node of graph.nodes) {
      if (node.op === 'conv' || node.op === 'depthwise_conv' || node.op === 'separable_conv') {
        this.conv.set(node.name, createConvVars(node, this.shapes.get(node.inputs[0] ?? '') ?? []));
      } else if (node.op === 'dense') {
        const inSize = denseInSize(node);
        this.dense.set(node.name, {
          kernel: tf.variable(tf.tensor2d(Float32Array.from(node.kernel), [inSize, node.units]), true),
          bias: node.bias === null ? null : tf.variable(tf.tensor1d(Float32Array.from(node.bias)), true),
        });
      } else if (node.op === 'batchnorm') {
        this.bn.set(node.name, {
          gamma: tf.variable(tf.tensor1d(Float32Array.from(node.gamma)), true),
          beta: tf.variable(tf.tensor1d(Float32Array.from(node.beta)), true),
          mean: tf.variable(tf.tensor1d(Float32Array.from(node.mean)), false),
          variance: tf.variable(tf.tensor1d(Float32Array.from(node.variance)), false),
        });
      }
    }
  }

  /** Trainable variables, in graph order. */
  trainable(): tf.Variable[] {
    const out: tf.Variable[] = [];
    for (const node of this.graph.nodes) {
      const d = this.dense.get(node.name);
      if (d !== undefined) out.push(d.kernel, ...(d.bias === null ? [] : [d.bias]));
      const b = this.bn.get(node.name);
      if (b !== undefined) out.push(b.gamma, b.beta);
      const c = this.conv.get(node.name);
      if (c !== undefined) out.push(c.kernel, ...(c.pointwise === null ? [] : [c.pointwise]), ...(c.bias === null ? [] : [c.bias]));
    }
    return out;
  }

  /** The kernel variable of a Dense, Conv or DepthwiseConv layer (masks of magnitude pruning). */
  kernelVar(name: string): tf.Variable {
    const v = this.dense.get(name)?.kernel ?? this.conv.get(name)?.kernel;
    if (v === undefined) throw invalidRequest(`no dense or conv layer '${name}'`, name);
    return v;
  }

  denseVars(name: string): DenseVars {
    const d = this.dense.get(name);
    if (d === undefined) throw invalidRequest(`no dense layer '${name}'`, name);
    return d;
  }

  /** Every node's output for the batch x: [batch, inSize]. */
  forward(x: tf.Tensor2D, opts: ForwardOptions = {}): Map<string, tf.Tensor2D> {
    const out = new Map<string, tf.Tensor2D>();
    const hooks = opts.hooks ?? {};
    const arg = (node: GraphNode): tf.Tensor2D => {
      const v = out.get(node.inputs[0] ?? '');
      if (v === undefined) throw invalidRequest(`input of '${node.name}' is not computed before use`, node.name);
      return v;
    };
    for (const node of this.graph.nodes) {
      let y: tf.Tensor2D;
      switch (node.op) {
        case 'input':
          y = x;
          break;
        case 'dense':
          y = this.denseForward(node, arg(node), hooks);
          break;
        case 'batchnorm':
          y = this.bnForward(node, arg(node), opts.training === true);
          break;
        case 'activation': {
          const v = arg(node);
          y = node.fn === 'relu' ? tf.relu(v) : node.fn === 'sigmoid' ? tf.sigmoid(v) : node.fn === 'tanh' ? tf.tanh(v) : v;
          break;
        }
        case 'clip':
          y = tf.clipByValue(arg(node), node.min, node.max);
          break;
        case 'leaky_relu':
          y = tf.leakyRelu(arg(node), node.alpha);
          break;
        case 'softmax':
          y = lastAxis(arg(node), node.shape, tf.softmax);
          break;
        case 'reshape':
          y = arg(node);
          break;
        case 'conv':
        case 'depthwise_conv':
        case 'separable_conv':
        case 'pool':
        case 'global_pool':
        case 'zero_pad':
        case 'add':
        case 'concat':
        case 'upsample':
        case 'channel_shuffle': {
          const ins = node.inputs.map((i) => {
            const v = out.get(i);
            if (v === undefined) throw invalidRequest(`input '${i}' of '${node.name}' is not computed before use`, node.name);
            return v;
          });
          const inShapes = node.inputs.map((i) => this.shapes.get(i) ?? []);
          const kernelOf = hooks.convKernel ?? ((_n: FoldableConvNode, k: tf.Tensor4D) => k);
          y = convForward(node, ins, inShapes, this.conv.get(node.name), kernelOf, hooks.conv);
          break;
        }
        default:
          return assertNever(node, 'graph node');
      }
      out.set(node.name, hooks.output !== undefined ? hooks.output(node, y) : y);
    }
    return out;
  }

  private denseForward(node: DenseNode, x: tf.Tensor2D, hooks: ForwardHooks): tf.Tensor2D {
    const v = this.denseVars(node.name);
    const kernel = hooks.kernel !== undefined ? hooks.kernel(node, v.kernel as tf.Tensor2D) : (v.kernel as tf.Tensor2D);
    const bias = v.bias as tf.Tensor1D | null;
    const replaced = hooks.dense?.(node, x, kernel, bias);
    if (replaced !== undefined) return replaced;
    const z = tf.matMul(x, kernel) as tf.Tensor2D;
    return bias === null ? z : tf.add<tf.Tensor2D>(z, bias);
  }

  private bnForward(node: BatchNormNode, input: tf.Tensor2D, training: boolean): tf.Tensor2D {
    const x = tf.reshape(input, [-1, node.gamma.length]);
    const v = this.bn.get(node.name);
    if (v === undefined) throw invalidRequest(`no batchnorm '${node.name}'`, node.name);
    let mean: tf.Tensor1D = v.mean as tf.Tensor1D;
    let variance: tf.Tensor1D = v.variance as tf.Tensor1D;
    if (training) {
      const m = tf.moments(x, 0);
      mean = m.mean as tf.Tensor1D;
      variance = m.variance as tf.Tensor1D;
      this.pending.push({ vars: v, mean: tf.keep(mean.clone()), variance: tf.keep(variance.clone()) });
    }
    const y = tf.batchNorm(x, mean, variance, v.beta as tf.Tensor1D, v.gamma as tf.Tensor1D, node.epsilon);
    return tf.reshape(y, input.shape);
  }

  /** Move BatchNorm running statistics toward the last training batch (Keras momentum 0.99). */
  applyBatchStats(): void {
    for (const u of this.pending) {
      tf.tidy(() => {
        u.vars.mean.assign(tf.add(tf.mul(u.vars.mean, BN_MOMENTUM), tf.mul(u.mean, 1 - BN_MOMENTUM)));
        u.vars.variance.assign(tf.add(tf.mul(u.vars.variance, BN_MOMENTUM), tf.mul(u.variance, 1 - BN_MOMENTUM)));
      });
      u.mean.dispose();
      u.variance.dispose();
    }
    this.pending = [];
  }

  /** The graph with the current variable values (kernels optionally transformed, e.g. masked or quantized). */
  toGraph(kernelOf?: (node: DenseNode, kernel: Float32Array) => ArrayLike<number>): Graph {
    const repl = new Map<string, GraphNode>();
    for (const node of this.graph.nodes) {
      const d = this.dense.get(node.name);
      if (d !== undefined && node.op === 'dense') {
        const k = d.kernel.dataSync() as Float32Array;
        const kernel = Array.from(kernelOf !== undefined ? kernelOf(node, k) : k);
        repl.set(node.name, { ...node, kernel, bias: d.bias === null ? null : Array.from(d.bias.dataSync()) });
      }
      const b = this.bn.get(node.name);
      if (b !== undefined && node.op === 'batchnorm') {
        repl.set(node.name, {
          ...node,
          gamma: Array.from(b.gamma.dataSync()),
          beta: Array.from(b.beta.dataSync()),
          mean: Array.from(b.mean.dataSync()),
          variance: Array.from(b.variance.dataSync()),
        });
      }
    }
    for (const node of this.graph.nodes) {
      const c = this.conv.get(node.name);
      if (c === undefined) continue;
      const kernel = Array.from(c.kernel.dataSync());
      const bias = c.bias === null ? null : Array.from(c.bias.dataSync());
      if (node.op === 'conv' || node.op === 'depthwise_conv') repl.set(node.name, { ...node, kernel, bias });
      else if (node.op === 'separable_conv') {
        repl.set(node.name, { ...node, depthwiseKernel: kernel, pointwiseKernel: Array.from(c.pointwise?.dataSync() ?? []), bias });
      }
    }
    return replaceNodes(this.graph, repl);
  }

  dispose(): void {
    for (const d of this.dense.values()) {
      d.kernel.dispose();
      d.bias?.dispose();
    }
    for (const b of this.bn.values()) for (const v of [b.gamma, b.beta, b.mean, b.variance]) v.dispose();
    for (const c of this.conv.values()) for (const v of [c.kernel, c.pointwise, c.bias]) v?.dispose();
  }
}

/** f applied over the last axis of a [batch, features] tensor whose per-sample shape is `shape`. */
function lastAxis(x: tf.Tensor2D, shape: Shape, f: (t: tf.Tensor2D) => tf.Tensor2D): tf.Tensor2D {
  if (shape.length <= 1) return f(x);
  return tf.reshape(f(tf.reshape(x, [-1, shape[shape.length - 1] ?? 1])), x.shape);
}

/** The node whose output is the logits: the input of a final softmax, else the output. */
export function logitsNode(graph: Graph): string {
  const outName = graph.outputs[0];
  const out = graph.nodes.find((n) => n.name === outName);
  if (out === undefined) throw invalidRequest('graph has no output');
  return out.op === 'softmax' ? (out.inputs[0] ?? out.name) : out.name;
}
