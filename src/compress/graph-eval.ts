/**
 * Float64 evaluation of the graph IR on a batch, keeping every node's output:
 * the reference the calibration, bias correction and structured pruning
 * statistics read. (Training uses tfjs; see train/graph-net.ts.) The
 * conv-family nodes are evaluated by conv/eval-conv.ts.
 */
import { assertNever } from '../core/assert-never.js';
import type { Graph, GraphNode } from '../ir/graph/types.js';
import { shapeSize } from '../ir/graph/types.js';
import { denseInSize } from './graph-edit.js';
import { invalidRequest } from './request-error.js';
import { evalConvNode } from './conv/eval-conv.js';

/** n samples, row-major, `n · size` values. */
export interface Batch {
  readonly n: number;
  readonly data: ArrayLike<number>;
}

export type Activations = ReadonlyMap<string, Float64Array>;

/** The single input node of the graph (compression supports one input). */
export function inputNode(graph: Graph): GraphNode {
  const inputs = graph.nodes.filter((n) => n.op === 'input');
  const first = inputs[0];
  if (first === undefined || inputs.length !== 1) {
    throw invalidRequest(`compression supports graphs with exactly one input, found ${inputs.length}`);
  }
  return first;
}

/** Check that the batch has the input's per-sample size; FF019 naming the field otherwise. */
export function checkBatch(graph: Graph, batch: Batch, field = 'calibration data'): void {
  const inp = inputNode(graph);
  const size = shapeSize(inp.shape);
  if (!Number.isInteger(batch.n) || batch.n < 1 || batch.data.length !== batch.n * size) {
    throw invalidRequest(
      `${field} must hold n · ${size} values (input '${inp.name}' has shape [${inp.shape.join(', ')}]), got ${batch.data.length} values for n = ${batch.n}`,
      inp.name,
      field,
    );
  }
}

export function evaluateGraph(graph: Graph, batch: Batch): Activations {
  checkBatch(graph, batch, 'input batch');
  const out = new Map<string, Float64Array>();
  const n = batch.n;
  const get = (name: string | undefined): Float64Array => {
    const v = name === undefined ? undefined : out.get(name);
    if (v === undefined) throw invalidRequest(`node input '${String(name)}' is not computed before use`);
    return v;
  };
  const shapes = new Map(graph.nodes.map((nd) => [nd.name, nd.shape]));
  for (const node of graph.nodes) {
    const size = shapeSize(node.shape);
    const y = new Float64Array(n * size);
    switch (node.op) {
      case 'input':
        for (let k = 0; k < y.length; k++) y[k] = batch.data[k] ?? 0;
        break;
      case 'dense': {
        const x = get(node.inputs[0]);
        const inSize = denseInSize(node);
        const units = node.units;
        for (let s = 0; s < n; s++) {
          const xo = s * inSize;
          const yo = s * units;
          for (let o = 0; o < units; o++) y[yo + o] = node.bias?.[o] ?? 0;
          for (let i = 0; i < inSize; i++) {
            const xv = x[xo + i] ?? 0;
            if (xv === 0) continue;
            const row = i * units;
            for (let o = 0; o < units; o++) y[yo + o] = (y[yo + o] ?? 0) + xv * (node.kernel[row + o] ?? 0);
          }
        }
        break;
      }
      case 'batchnorm': {
        const x = get(node.inputs[0]);
        const c = node.gamma.length;
        for (let k = 0; k < y.length; k++) {
          const ch = k % c;
          const g = node.gamma[ch] ?? 1;
          const sd = Math.sqrt((node.variance[ch] ?? 1) + node.epsilon);
          y[k] = (g * ((x[k] ?? 0) - (node.mean[ch] ?? 0))) / sd + (node.beta[ch] ?? 0);
        }
        break;
      }
      case 'activation': {
        const x = get(node.inputs[0]);
        const f = activationFn(node.fn);
        for (let k = 0; k < y.length; k++) y[k] = f(x[k] ?? 0);
        break;
      }
      case 'clip': {
        const x = get(node.inputs[0]);
        for (let k = 0; k < y.length; k++) y[k] = Math.min(Math.max(x[k] ?? 0, node.min), node.max);
        break;
      }
      case 'leaky_relu': {
        const x = get(node.inputs[0]);
        for (let k = 0; k < y.length; k++) {
          const v = x[k] ?? 0;
          y[k] = v >= 0 ? v : node.alpha * v;
        }
        break;
      }
      case 'softmax': {
        const x = get(node.inputs[0]);
        const c = node.shape[node.shape.length - 1] ?? 1;
        for (let r = 0; r < y.length; r += c) {
          let m = -Infinity;
          for (let j = 0; j < c; j++) m = Math.max(m, x[r + j] ?? 0);
          let s = 0;
          for (let j = 0; j < c; j++) {
            const e = Math.exp((x[r + j] ?? 0) - m);
            y[r + j] = e;
            s += e;
          }
          for (let j = 0; j < c; j++) y[r + j] = (y[r + j] ?? 0) / s;
        }
        break;
      }
      case 'reshape':
        y.set(get(node.inputs[0]));
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
        const inShapes = node.inputs.map((i) => shapes.get(i) ?? []);
        y.set(evalConvNode(node, inShapes, node.inputs.map(get), n));
        break;
      }
      default:
        assertNever(node, 'graph node');
    }
    out.set(node.name, y);
  }
  return out;
}

function activationFn(fn: 'linear' | 'relu' | 'sigmoid' | 'tanh'): (v: number) => number {
  switch (fn) {
    case 'linear':
      return (v) => v;
    case 'relu':
      return (v) => (v > 0 ? v : 0);
    case 'sigmoid':
      return (v) => 1 / (1 + Math.exp(-v));
    case 'tanh':
      return Math.tanh;
    default:
      return assertNever(fn, 'activation');
  }
}

/** Index of the largest of the `classes` values of sample s (first on ties). */
export function argmaxRow(values: ArrayLike<number>, s: number, classes: number): number {
  let best = 0;
  let bv = -Infinity;
  for (let j = 0; j < classes; j++) {
    const v = values[s * classes + j] ?? -Infinity;
    if (v > bv) {
      bv = v;
      best = j;
    }
  }
  return best;
}

/** Top-1 accuracy of the graph's first output on labelled data (float64). */
export function graphAccuracy(graph: Graph, batch: Batch, labels: ArrayLike<number>): number {
  const acts = evaluateGraph(graph, batch);
  const outName = graph.outputs[0];
  const y = outName === undefined ? undefined : acts.get(outName);
  if (y === undefined) throw invalidRequest('graph has no output');
  const classes = y.length / batch.n;
  let hit = 0;
  for (let s = 0; s < batch.n; s++) if (argmaxRow(y, s, classes) === labels[s]) hit++;
  return hit / batch.n;
}
