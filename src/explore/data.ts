/**
 * Validation data of a sweep, described by a small serializable spec so that
 * every worker (thread or process) loads the same samples:
 * - 'fashion-mnist': a slice of a Fashion-MNIST split (default: the first
 *   5,000 test images; the bundled MLP trained on the whole train split);
 * - 'agreement': seeded uniform inputs labelled by the float model's own
 *   argmax, for models without a data set (accuracy = agreement with float).
 */
import { CompileError } from '../core/diagnostics.js';
import { evaluateGraph } from '../compress/graph-eval.js';
import { readFashionMnist } from '../datasets/fashion-mnist.js';
import type { Graph } from '../ir/graph/types.js';
import { shapeSize } from '../ir/graph/types.js';

export type DataSpec =
  | { readonly kind: 'fashion-mnist'; readonly split: 'train' | 'test'; readonly offset: number; readonly limit: number; readonly dir?: string }
  | { readonly kind: 'agreement'; readonly count: number; readonly seed: number; readonly range: number };

export interface LabelledSet {
  readonly count: number;
  readonly width: number;
  /** count × width, row-major */
  readonly inputs: Float32Array;
  readonly labels: Uint8Array | Int32Array;
}

export const DEFAULT_FASHION: DataSpec = { kind: 'fashion-mnist', split: 'test', offset: 0, limit: 5000 };

/** Parse the CLI's --data: 'fashion-mnist[:split[:offset[:limit]]]' or 'agreement[:count[:seed]]'. */
export function parseDataSpec(text: string): DataSpec {
  const [kind, a, b, c] = text.split(':');
  const num = (v: string | undefined, d: number, field: string): number => {
    if (v === undefined || v === '') return d;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new CompileError('FF014', `--data: ${field} must be a non-negative integer, got '${v}'`, { field: 'data' });
    return n;
  };
  if (kind === 'fashion-mnist') {
    const split = a === undefined || a === '' ? 'test' : a;
    if (split !== 'test' && split !== 'train') throw new CompileError('FF014', `--data: split must be 'train' or 'test', got '${split}'`, { field: 'data' });
    return { kind, split, offset: num(b, 0, 'offset'), limit: num(c, 5000, 'limit') };
  }
  if (kind === 'agreement') return { kind, count: num(a, 2000, 'count'), seed: num(b, 1, 'seed'), range: 2 };
  throw new CompileError('FF014', `--data must be 'fashion-mnist[:split[:offset[:limit]]]' or 'agreement[:count[:seed]]', got '${text}'`, { field: 'data' });
}

function argmax(v: ArrayLike<number>, at: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if ((v[at + j] ?? 0) > (v[at + best] ?? 0)) best = j;
  return best;
}

export function loadData(spec: DataSpec, graph: Graph): LabelledSet {
  if (spec.kind === 'fashion-mnist') {
    const ds = readFashionMnist(spec.split, { offset: spec.offset, limit: spec.limit, ...(spec.dir ? { dir: spec.dir } : {}) });
    return { count: ds.count, width: ds.rows * ds.cols, inputs: ds.images, labels: ds.labels };
  }
  const input = graph.nodes.find((n) => n.op === 'input');
  const width = input ? shapeSize(input.shape) : 0;
  let s = spec.seed >>> 0 || 1;
  const inputs = new Float32Array(spec.count * width);
  for (let i = 0; i < inputs.length; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    inputs[i] = (s / 2 ** 32 - 0.5) * 2 * spec.range;
  }
  const acts = evaluateGraph(graph, { n: spec.count, data: inputs });
  const outName = graph.outputs[0] ?? '';
  const out = acts.get(outName);
  const outNode = graph.nodes.find((n) => n.name === outName);
  if (!out || !outNode) throw new CompileError('FF020', `output '${outName}' does not exist`);
  const classes = shapeSize(outNode.shape);
  const labels = new Int32Array(spec.count);
  for (let k = 0; k < spec.count; k++) labels[k] = argmax(out, k * classes, classes);
  return { count: spec.count, width, inputs, labels };
}
