/**
 * Quantization-aware training whose forward pass is the hardware's
 * arithmetic. The latent weights stay float; in every forward
 * - the input and each declared activation are cast to their types with the
 *   rounding and overflow of SEMANTICS.md (floatCaster, equal to the BigInt
 *   reference on every value);
 * - each Dense casts weights and biases to their types and computes the
 *   dataflow IR's Dense exactly on the integer codes (exact-dense.ts); each
 *   Conv and DepthwiseConv likewise (exact-conv.ts); max pooling and data
 *   movement keep their input's codes. BatchNorm must be folded first
 *   (conv/fold-batchnorm.ts).
 * So every quantized tensor is an exact grid value, held exactly in float32
 * (widths ≤ 24), and the layer outputs equal the simulator's, integer for
 * integer. The backward pass is the straight-through estimator: the float
 * Dense's gradient with the quantized weights, passed only where the
 * saturating casts did not clip.
 */
import * as tf from '@tensorflow/tfjs';
import { fracBits, realRange, type FixedType } from '../../fixed/fixed-type.js';
import type { ConvNode, DepthwiseConvNode } from '../../ir/graph/conv-types.js';
import type { DenseNode, Graph, GraphNode, Shape } from '../../ir/graph/types.js';
import type { FloatConv } from '../train/conv-forward.js';
import { denseInSize, replaceNodes } from '../graph-edit.js';
import type { ForwardHooks, GraphNet } from '../train/graph-net.js';
import { invalidRequest } from '../request-error.js';
import { exactConv } from './exact-conv.js';
import { exactDense } from './exact-dense.js';
import { floatCaster } from './float-cast.js';
import type { QatTypes } from './qat-types.js';

function codesOf(values: ArrayLike<number>, t: FixedType): Float64Array {
  const cast = floatCaster(t);
  const out = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) out[k] = cast(values[k] ?? 0);
  return out;
}

function gridCodes(values: ArrayLike<number>, t: FixedType, layer: string): Float64Array {
  const scale = 2 ** fracBits(t);
  const out = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) {
    const c = (values[k] ?? 0) * scale;
    if (!Number.isInteger(c)) throw invalidRequest(`input of '${layer}' is not on its type's grid`, layer, 'inputs');
    out[k] = c;
  }
  return out;
}

function valuesOf(codes: Float64Array, t: FixedType): Float32Array {
  const step = 2 ** -fracBits(t);
  return Float32Array.from(codes, (c) => c * step);
}

function saturates(t: FixedType): boolean {
  return t.overflow !== 'WRAP';
}

/** 1 where v lies within the type's range (the STE passes gradient), else 0. */
function inRange(v: tf.Tensor, t: FixedType): tf.Tensor {
  const r = realRange(t);
  return tf.cast(tf.logicalAnd(tf.greaterEqual(v, r.min), tf.lessEqual(v, r.max)), 'float32');
}

/** Cast to `t` in the forward pass; straight-through (clipped) gradient. */
export function fakeQuant(x: tf.Tensor2D, t: FixedType): tf.Tensor2D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor;
    (args[1] as tf.GradSaveFunc)([input]);
    const codes = codesOf(input.dataSync(), t);
    return {
      value: tf.tensor(valuesOf(codes, t), input.shape),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const s = saved[0] ?? input;
        return saturates(t) ? tf.mul(dy, inRange(s, t)) : dy;
      },
    };
  });
  return f(x) as tf.Tensor2D;
}

function exactDenseOp(node: DenseNode, types: QatTypes, x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D | null): tf.Tensor2D {
  const q = types.dense.get(node.name);
  const xType = types.grid.get(node.inputs[0] ?? '');
  if (q === undefined || xType === undefined) throw invalidRequest(`no fixed-point types for '${node.name}'`, node.name);
  const inSize = denseInSize(node);
  const units = node.units;
  const wq = fakeWeights(kernel, q.weight);
  const biasT = bias ?? tf.zeros([units]);
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi, bi, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const n = xi.shape[0] ?? 0;
    const codes = exactDense(
      {
        n,
        inSize,
        units,
        x: gridCodes(xi.dataSync(), xType, node.name),
        xType,
        w: gridCodes(wi.dataSync(), q.weight, node.name),
        b: codesOf(bi.dataSync(), q.bias),
      },
      q,
    );
    const bq = tf.tensor1d(valuesOf(codesOf(bi.dataSync(), q.bias), q.bias));
    const z = tf.add(tf.matMul(xi as tf.Tensor2D, wi as tf.Tensor2D), bq);
    save([xi, wi, saturates(q.result) ? inRange(z, q.result) : tf.onesLike(z)]);
    return {
      value: tf.tensor2d(valuesOf(codes, q.result), [n, units]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws, mask] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const g = tf.mul(dy, mask) as tf.Tensor2D;
        return [tf.matMul(g, ws, false, true), tf.matMul(xs, g, true, false), tf.sum(g, 0)];
      },
    };
  });
  return f(x, wq, biasT) as tf.Tensor2D;
}

/** Weights cast to their type in the forward pass, identity gradient to the latent weights. */
export function fakeWeights<T extends tf.Tensor>(kernel: T, t: FixedType): T {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const w = args[0] as tf.Tensor;
    return { value: tf.tensor(valuesOf(codesOf(w.dataSync(), t), t), w.shape), gradFunc: (dy: tf.Tensor) => dy };
  });
  return f(kernel) as T;
}

/** x in the forward pass, no gradient. */
function stopGradient<T extends tf.Tensor>(x: T): T {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const v = args[0] as tf.Tensor;
    return { value: v.clone(), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
  });
  return f(x) as T;
}

/**
 * The exact fixed-point conv (exact-conv.ts) in the forward pass; backward,
 * the float conv's gradient with the quantized weights, masked where the
 * saturating result cast clipped. The value is exact + mask · (z − z), and
 * z − z is exactly zero, so the forward value is the exact one.
 */
function exactConvOp(node: ConvNode | DepthwiseConvNode, types: QatTypes, x: tf.Tensor2D, kernel: tf.Tensor4D, bias: tf.Tensor1D | null, inShape: Shape, float: FloatConv): tf.Tensor2D {
  const q = types.conv.get(node.name);
  const xType = types.grid.get(node.inputs[0] ?? '');
  if (q === undefined || xType === undefined) throw invalidRequest(`no fixed-point types for '${node.name}'`, node.name);
  const wq = fakeWeights(kernel, q.weight);
  const outChannels = node.op === 'conv' ? node.filters : (node.bias?.length ?? kernel.shape[2] * kernel.shape[3]);
  const bCodes = bias === null ? new Float64Array(outChannels) : codesOf(bias.dataSync(), q.bias);
  const bq = bias === null ? null : tf.tensor1d(valuesOf(bCodes, q.bias));
  const z = float(wq, bq);
  const n = x.shape[0];
  const codes = exactConv(node, inShape, { n, x: gridCodes(x.dataSync(), xType, node.name), xType, w: gridCodes(wq.dataSync(), q.weight, node.name), b: bCodes }, q);
  const exact = tf.tensor2d(valuesOf(codes, q.result), [n, codes.length / n]);
  // the mask is a constant of the step: built from z's values, off the gradient tape
  const mask = saturates(q.result) ? inRange(tf.tensor(z.dataSync(), z.shape), q.result) : tf.onesLike(z);
  return tf.add(exact, tf.mul(mask, tf.sub(z, stopGradient(z))));
}

/** Hooks that make a GraphNet's forward the exact fixed-point forward. */
export function qatHooks(types: QatTypes, base: ForwardHooks = {}): ForwardHooks {
  return {
    ...(base.kernel !== undefined ? { kernel: base.kernel } : {}),
    ...(base.convKernel !== undefined ? { convKernel: base.convKernel } : {}),
    dense: (node, x, kernel, bias) => (types.dense.has(node.name) ? exactDenseOp(node, types, x, kernel, bias) : undefined),
    conv: (node, x, kernel, bias, inShape, float) => (types.conv.has(node.name) ? exactConvOp(node, types, x, kernel, bias, inShape, float) : undefined),
    output: (node: GraphNode, y: tf.Tensor2D) => {
      const t = types.casts.get(node.name);
      const z = base.output !== undefined ? base.output(node, y) : y;
      return t === undefined ? z : fakeQuant(z, t);
    },
  };
}

/**
 * The trained graph: kernels and biases replaced by their exact grid values,
 * each Dense annotated with its weight, bias and result types.
 */
export function qatGraph(net: GraphNet, types: QatTypes, kernelOf?: (node: DenseNode, k: Float32Array) => ArrayLike<number>): Graph {
  const g = net.toGraph(kernelOf);
  const repl = new Map<string, GraphNode>();
  for (const node of g.nodes) {
    const q = types.dense.get(node.name) ?? types.conv.get(node.name);
    if ((node.op !== 'dense' && node.op !== 'conv' && node.op !== 'depthwise_conv') || q === undefined) continue;
    const step = (t: FixedType): number => 2 ** -fracBits(t);
    const kernel = Array.from(codesOf(node.kernel, q.weight), (c) => c * step(q.weight));
    const bias = node.bias === null ? null : Array.from(codesOf(node.bias, q.bias), (c) => c * step(q.bias));
    repl.set(node.name, { ...node, kernel, bias, quant: { weight: q.weight, bias: q.bias, result: q.result } });
  }
  return replaceNodes(g, repl);
}

/** Raw output codes of every quantized Dense and conv for the batch x (n × inSize floats). */
export function qatDenseCodes(net: GraphNet, types: QatTypes, x: Float32Array, n: number, hooks?: ForwardHooks): Map<string, bigint[]> {
  const out = new Map<string, bigint[]>();
  tf.tidy(() => {
    const ys = net.forward(tf.tensor2d(x, [n, net.inSize]), { hooks: hooks ?? qatHooks(types) });
    for (const [name, q] of [...types.dense, ...types.conv]) {
      const y = ys.get(name);
      if (y === undefined) continue;
      const scale = 2 ** fracBits(q.result);
      out.set(name, Array.from(y.dataSync(), (v) => BigInt(v * scale)));
    }
  });
  return out;
}
