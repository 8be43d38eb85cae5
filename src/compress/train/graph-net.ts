/**
 * A graph-IR model as tfjs variables and a forward function, for the
 * compression steps that train: fine-tuning after pruning or factorization,
 * quantization-aware training, binary/ternary weights, distillation. Every
 * tensor is kept as [batch, features] (per-sample shapes are flattened), so
 * Dense, BatchNorm, softmax and element-wise nodes need 1-D per-sample
 * shapes; reshape is then the identity.
 * Hooks let a method change how kernels are used (masks, fake quantization)
 * or replace a whole Dense (the exact fixed-point forward of QAT).
 */
import * as tf from '@tensorflow/tfjs';
import { assertNever } from '../../core/assert-never.js';
import type { BatchNormNode, DenseNode, Graph, GraphNode } from '../../ir/graph/types.js';
import { shapeSize } from '../../ir/graph/types.js';
import { denseInSize, replaceNodes } from '../graph-edit.js';
import { inputNode } from '../graph-eval.js';
import { invalidRequest } from '../request-error.js';
import { CompileError } from '../../core/diagnostics.js';

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
  readonly inSize: number;
  private pending: BnUpdate[] = [];

  constructor(graph: Graph) {
    this.graph = graph;
    this.inSize = shapeSize(inputNode(graph).shape);
    for (const node of graph.nodes) {
      if (node.op !== 'input' && node.op !== 'reshape' && node.shape.length !== 1) {
        throw invalidRequest(`training supports 1-D per-sample tensors; '${node.name}' has shape [${node.shape.join(', ')}]`, node.name, 'shape');
      }
      if (node.op === 'dense') {
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
    }
    return out;
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
          y = tf.softmax(arg(node));
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
        case 'channel_shuffle':
          throw new CompileError('FF006', `training does not handle ${node.op} layers yet`, { layer: node.name, field: 'op' });
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

  private bnForward(node: BatchNormNode, x: tf.Tensor2D, training: boolean): tf.Tensor2D {
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
    return tf.batchNorm(x, mean, variance, v.beta as tf.Tensor1D, v.gamma as tf.Tensor1D, node.epsilon) as tf.Tensor2D;
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
    return replaceNodes(this.graph, repl);
  }

  dispose(): void {
    for (const d of this.dense.values()) {
      d.kernel.dispose();
      d.bias?.dispose();
    }
    for (const b of this.bn.values()) for (const v of [b.gamma, b.beta, b.mean, b.variance]) v.dispose();
  }
}

/** The node whose output is the logits: the input of a final softmax, else the output. */
export function logitsNode(graph: Graph): string {
  const outName = graph.outputs[0];
  const out = graph.nodes.find((n) => n.name === outName);
  if (out === undefined) throw invalidRequest('graph has no output');
  return out.op === 'softmax' ? (out.inputs[0] ?? out.name) : out.name;
}
