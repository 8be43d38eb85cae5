/**
 * A fresh multilayer perceptron in the graph IR: Dense layers with Glorot-
 * uniform kernels from a seeded PRNG and zero biases, ReLU between them and a
 * softmax at the end. Used to build baselines and distillation students.
 */
import type { Graph, GraphNode } from '../../ir/graph/types.js';
import { GRAPH_IR_VERSION } from '../../ir/graph/types.js';
import { checkInteger, invalidRequest } from '../request-error.js';
import { prng } from './dataset.js';

export function initMlp(name: string, sizes: readonly number[], seed = 1, batchnorm = false): Graph {
  if (sizes.length < 2) throw invalidRequest('an MLP needs an input size and at least one layer size', name, 'sizes');
  sizes.forEach((s, k) => checkInteger(s, 1, 1 << 20, `sizes[${k}]`, name));
  const rand = prng(seed);
  const nodes: GraphNode[] = [{ op: 'input', name: 'input', inputs: [], shape: [sizes[0] ?? 1] }];
  let prev = 'input';
  for (let l = 1; l < sizes.length; l++) {
    const fanIn = sizes[l - 1] ?? 1;
    const units = sizes[l] ?? 1;
    const limit = Math.sqrt(6 / (fanIn + units));
    const kernel = Array.from({ length: fanIn * units }, () => (2 * rand() - 1) * limit);
    const dense = `dense_${l}`;
    nodes.push({ op: 'dense', name: dense, inputs: [prev], shape: [units], units, kernel, bias: new Array<number>(units).fill(0) });
    prev = dense;
    if (l < sizes.length - 1) {
      if (batchnorm) {
        const bn = `bn_${l}`;
        const ones = new Array<number>(units).fill(1);
        const zeros = new Array<number>(units).fill(0);
        nodes.push({ op: 'batchnorm', name: bn, inputs: [prev], shape: [units], gamma: ones, beta: zeros, mean: zeros, variance: ones, epsilon: 1e-3 });
        prev = bn;
      }
      const act = `relu_${l}`;
      nodes.push({ op: 'activation', name: act, inputs: [prev], shape: [units], fn: 'relu' });
      prev = act;
    }
  }
  nodes.push({ op: 'softmax', name: 'softmax', inputs: [prev], shape: [sizes[sizes.length - 1] ?? 1] });
  return { version: GRAPH_IR_VERSION, name, nodes, outputs: ['softmax'] };
}
