/** Small model builders for tests: graph IR with seeded random weights. */
import { GRAPH_IR_VERSION, type Graph, type GraphNode } from '../../src/ir/graph/types.js';
import { gaussian, prng } from './prng.js';

export type Act = 'relu' | 'sigmoid' | 'tanh' | 'linear' | 'relu6' | 'leaky_relu' | 'none';

export interface MlpSpec {
  readonly sizes: readonly number[];
  readonly seed?: number;
  /** activation after each hidden layer */
  readonly hidden?: Act;
  /** what follows the last layer */
  readonly head?: 'softmax' | 'sigmoid' | 'none';
  /** fraction of weights set to zero, per layer */
  readonly sparsity?: number;
  /** insert a standalone BatchNorm after the first activation */
  readonly batchnorm?: boolean;
  /** a BatchNorm right after each Dense (foldable) */
  readonly foldableBatchnorm?: boolean;
  readonly name?: string;
}

export function mlpGraph(spec: MlpSpec): Graph {
  const r = prng(spec.seed ?? 1);
  const g = gaussian(r);
  const nodes: GraphNode[] = [];
  const sizes = spec.sizes;
  nodes.push({ op: 'input', name: 'input_1', inputs: [], shape: [sizes[0] ?? 1] });
  let prev = 'input_1';
  for (let l = 1; l < sizes.length; l++) {
    const nin = sizes[l - 1] ?? 1;
    const nout = sizes[l] ?? 1;
    const kernel = Array.from({ length: nin * nout }, () => (r() < (spec.sparsity ?? 0) ? 0 : g() / Math.sqrt(nin)));
    const bias = Array.from({ length: nout }, () => 0.1 * g());
    const name = `dense_${l}`;
    nodes.push({ op: 'dense', name, inputs: [prev], shape: [nout], units: nout, kernel, bias });
    prev = name;
    if (spec.foldableBatchnorm) {
      const bn = `bn_${l}`;
      nodes.push(batchnorm(bn, prev, nout, r));
      prev = bn;
    }
    const last = l === sizes.length - 1;
    const act: Act = last ? (spec.head === 'softmax' || spec.head === 'sigmoid' ? 'none' : 'none') : (spec.hidden ?? 'relu');
    if (act !== 'none') {
      const an = `${name}_${act}`;
      nodes.push(activationNode(act, an, prev, nout));
      prev = an;
      if (spec.batchnorm && l === 1) {
        nodes.push(batchnorm('bn_standalone', prev, nout, r));
        prev = 'bn_standalone';
      }
    }
    if (last && spec.head === 'softmax') {
      nodes.push({ op: 'softmax', name: 'softmax', inputs: [prev], shape: [nout] });
      prev = 'softmax';
    } else if (last && spec.head === 'sigmoid') {
      nodes.push({ op: 'activation', fn: 'sigmoid', name: 'sigmoid', inputs: [prev], shape: [nout] });
      prev = 'sigmoid';
    }
  }
  return { version: GRAPH_IR_VERSION, name: spec.name ?? 'mlp', nodes, outputs: [prev] };
}

function batchnorm(name: string, input: string, c: number, r: () => number): GraphNode {
  return {
    op: 'batchnorm',
    name,
    inputs: [input],
    shape: [c],
    gamma: Array.from({ length: c }, () => 0.5 + r()),
    beta: Array.from({ length: c }, () => r() - 0.5),
    mean: Array.from({ length: c }, () => r() - 0.5),
    variance: Array.from({ length: c }, () => 0.5 + r()),
    epsilon: 1e-3,
  };
}

function activationNode(act: Exclude<Act, 'none'>, name: string, input: string, n: number): GraphNode {
  const b = { name, inputs: [input], shape: [n] };
  switch (act) {
    case 'relu6':
      return { ...b, op: 'clip', min: 0, max: 6 };
    case 'leaky_relu':
      return { ...b, op: 'leaky_relu', alpha: 0.3 };
    default:
      return { ...b, op: 'activation', fn: act };
  }
}

/** Seeded random float inputs in [−range, range). */
export function randomInputs(n: number, width: number, seed = 7, range = 2): number[][] {
  const r = prng(seed);
  return Array.from({ length: n }, () => Array.from({ length: width }, () => (2 * r() - 1) * range));
}
