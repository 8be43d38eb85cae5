/**
 * The float64 interpreter of the graph IR: the first rung of the ladder for
 * imported models. It computes what the source model computes, in float64:
 * - Dense: y[o] = bias[o] + Σ_i x[i] · kernel[i][o], summed in ascending i;
 * - BatchNorm: gamma · (x − mean) / sqrt(variance + epsilon) + beta, per channel (last axis);
 * - activations, clip, leaky ReLU (x ≥ 0 ? x : alpha · x), softmax over the
 *   last axis (max-subtracted), reshape (same values);
 * - quantization annotations are part of the model (QKeras, QONNX): weights
 *   and biases are taken as cast to quant.weight / quant.bias (they normally
 *   already are exact values of those types), and a node's result is cast to
 *   quant.result, with that type's rounding and overflow modes.
 *
 * Rows: each input row is the values of all input nodes concatenated in node
 * order; each output row the values of graph.outputs concatenated in order.
 */
import { assertNever } from '../src/core/assert-never.js';
import { CompileError } from '../src/core/diagnostics.js';
import { castNumber, toNumber } from '../src/fixed/arith.js';
import type { FixedType } from '../src/fixed/fixed-type.js';
import { shapeSize, type Graph, type GraphNode, type Shape } from '../src/ir/graph/types.js';
import { convFloatKernel } from './conv/float-reference.js';

/** The value of x after assignment to type t (exact binary value of x, then t's quantization and overflow). */
export function castToType(x: number, t: FixedType): number {
  return toNumber(castNumber(x, t), t);
}

type Kernel = (ins: readonly Float64Array[]) => Float64Array;

function castAll(values: readonly number[], t: FixedType | undefined): Float64Array {
  const out = Float64Array.from(values);
  if (t) for (let i = 0; i < out.length; i++) out[i] = castToType(out[i] ?? 0, t);
  return out;
}

function map(x: Float64Array, f: (v: number) => number): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = f(x[i] ?? 0);
  return y;
}

/** The per-sample function of one node (weights prepared once). */
function kernelOf(node: GraphNode, inShapes: readonly Shape[]): Kernel {
  const first = (ins: readonly Float64Array[]): Float64Array => ins[0] ?? new Float64Array(0);
  switch (node.op) {
    case 'input':
      return first;
    case 'dense': {
      const w = castAll(node.kernel, node.quant?.weight);
      const b = node.bias ? castAll(node.bias, node.quant?.bias) : null;
      const units = node.units;
      return (ins) => {
        const x = first(ins);
        const y = new Float64Array(units);
        for (let o = 0; o < units; o++) {
          let acc = b ? (b[o] ?? 0) : 0;
          for (let i = 0; i < x.length; i++) acc += (x[i] ?? 0) * (w[i * units + o] ?? 0);
          y[o] = acc;
        }
        return y;
      };
    }
    case 'batchnorm': {
      const c = node.gamma.length;
      const scale = node.gamma.map((g, k) => g / Math.sqrt((node.variance[k] ?? 1) + node.epsilon));
      return (ins) => {
        const x = first(ins);
        const y = new Float64Array(x.length);
        for (let i = 0; i < x.length; i++) {
          const k = i % c;
          y[i] = ((x[i] ?? 0) - (node.mean[k] ?? 0)) * (scale[k] ?? 0) + (node.beta[k] ?? 0);
        }
        return y;
      };
    }
    case 'activation':
      switch (node.fn) {
        case 'linear':
          return first;
        case 'relu':
          return (ins) => map(first(ins), (v) => (v > 0 ? v : 0));
        case 'sigmoid':
          return (ins) => map(first(ins), (v) => 1 / (1 + Math.exp(-v)));
        case 'tanh':
          return (ins) => map(first(ins), Math.tanh);
        default:
          return assertNever(node.fn, 'activation function');
      }
    case 'clip':
      return (ins) => map(first(ins), (v) => Math.min(Math.max(v, node.min), node.max));
    case 'leaky_relu':
      return (ins) => map(first(ins), (v) => (v >= 0 ? v : node.alpha * v));
    case 'softmax': {
      const n = node.shape[node.shape.length - 1] ?? 1;
      return (ins) => {
        const x = first(ins);
        const y = new Float64Array(x.length);
        for (let s = 0; s < x.length; s += n) {
          let m = -Infinity;
          for (let j = 0; j < n; j++) m = Math.max(m, x[s + j] ?? 0);
          let sum = 0;
          for (let j = 0; j < n; j++) {
            const e = Math.exp((x[s + j] ?? 0) - m);
            y[s + j] = e;
            sum += e;
          }
          for (let j = 0; j < n; j++) y[s + j] = (y[s + j] ?? 0) / sum;
        }
        return y;
      };
    }
    case 'reshape':
      return first;
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
      return convFloatKernel(node, inShapes);
    default:
      return assertNever(node, 'graph op');
  }
}

/** Evaluate the graph on each row of `inputs`; one output row per input row. */
export function evaluateGraph(graph: Graph, inputs: readonly (readonly number[])[]): number[][] {
  const shapes = new Map(graph.nodes.map((n) => [n.name, n.shape]));
  const kernels = graph.nodes.map((n) => ({ node: n, run: kernelOf(n, n.inputs.map((i) => shapes.get(i) ?? [])), result: n.quant?.result }));
  const inputNodes = graph.nodes.filter((n) => n.op === 'input');
  const width = inputNodes.reduce((a, n) => a + shapeSize(n.shape), 0);
  return inputs.map((row, r) => {
    if (row.length !== width) {
      throw new CompileError('FF010', `input row ${r} has ${row.length} values, the graph's inputs take ${width}`, { field: 'inputs' });
    }
    const bad = row.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new CompileError('FF010', `input row ${r} value ${bad} is ${row[bad]}`, { field: 'inputs' });
    const values = new Map<string, Float64Array>();
    let offset = 0;
    for (const { node, run, result } of kernels) {
      let y: Float64Array;
      if (node.op === 'input') {
        const size = shapeSize(node.shape);
        y = Float64Array.from(row.slice(offset, offset + size));
        offset += size;
      } else {
        y = run(node.inputs.map((i) => values.get(i) ?? new Float64Array(0)));
        if (y === values.get(node.inputs[0] ?? '')) y = Float64Array.from(y);
      }
      if (result) for (let i = 0; i < y.length; i++) y[i] = castToType(y[i] ?? 0, result);
      values.set(node.name, y);
    }
    return graph.outputs.flatMap((o) => Array.from(values.get(o) ?? []));
  });
}
