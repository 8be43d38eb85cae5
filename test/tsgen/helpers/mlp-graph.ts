/** A seeded MLP in the graph IR (Dense + activation per layer), for the ladder and the benchmark. */
import type { ActivationFn, Graph, GraphNode } from '../../../src/ir/graph/types.js';
import { Rng } from './rng.js';

export interface MlpOptions {
  readonly seed?: number;
  /** hidden activation (default relu) */
  readonly hidden?: ActivationFn;
  /** what follows the last Dense layer */
  readonly head?: 'none' | 'softmax' | 'sigmoid';
  /** fraction of kernel weights set to exactly zero (unstructured pruning) */
  readonly pruned?: number;
}

export function mlpGraph(sizes: readonly number[], opts: MlpOptions = {}): Graph {
  const rng = new Rng(opts.seed ?? 1);
  const first = sizes[0] ?? 1;
  const nodes: GraphNode[] = [{ op: 'input', name: 'input', inputs: [], shape: [first] }];
  let prev = 'input';
  for (let l = 0; l + 1 < sizes.length; l++) {
    const a = sizes[l] ?? 1;
    const b = sizes[l + 1] ?? 1;
    const scale = 2 / Math.sqrt(a);
    const kernel = Array.from({ length: a * b }, () => (rng.bool(opts.pruned ?? 0) ? 0 : (rng.float() - 0.5) * scale));
    const bias = Array.from({ length: b }, () => (rng.float() - 0.5) * 0.5);
    nodes.push({ op: 'dense', name: `dense_${l}`, inputs: [prev], shape: [b], units: b, kernel, bias });
    prev = `dense_${l}`;
    if (l + 2 < sizes.length) {
      nodes.push({ op: 'activation', fn: opts.hidden ?? 'relu', name: `act_${l}`, inputs: [prev], shape: [b] });
      prev = `act_${l}`;
    }
  }
  const last = sizes[sizes.length - 1] ?? 1;
  if (opts.head === 'softmax') {
    nodes.push({ op: 'softmax', name: 'softmax', inputs: [prev], shape: [last] });
    prev = 'softmax';
  } else if (opts.head === 'sigmoid') {
    nodes.push({ op: 'activation', fn: 'sigmoid', name: 'sigmoid', inputs: [prev], shape: [last] });
    prev = 'sigmoid';
  }
  return { version: 1, name: `mlp_${sizes.join('_')}`, nodes, outputs: [prev] };
}
