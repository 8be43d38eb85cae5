/** A readable text form of the graph IR. */
import { formatType } from '../../fixed/fixed-type.js';
import { describeConvGraphNode } from './conv-print.js';
import { isConvGraphNode } from './conv-types.js';
import type { Graph, GraphNode } from './types.js';

function detail(n: GraphNode): string {
  if (isConvGraphNode(n)) return describeConvGraphNode(n);
  switch (n.op) {
    case 'dense': {
      const nz = n.kernel.filter((v) => v !== 0).length;
      return `units ${n.units} nnz ${nz}/${n.kernel.length}${n.bias ? '' : ' no-bias'}`;
    }
    case 'activation':
      return n.fn;
    case 'clip':
      return `[${n.min}, ${n.max}]`;
    case 'leaky_relu':
      return `alpha ${n.alpha}`;
    case 'batchnorm':
      return `eps ${n.epsilon}`;
    default:
      return '';
  }
}

export function printGraph(g: Graph): string {
  const lines = [`graph ${g.name} (version ${g.version})`];
  for (const n of g.nodes) {
    const q = n.quant
      ? '  quant ' + Object.entries(n.quant).map(([k, t]) => `${k} ${formatType(t)}`).join(' ')
      : '';
    const d = detail(n);
    lines.push(`  ${JSON.stringify(n.name)} = ${n.op}(${n.inputs.map((i) => JSON.stringify(i)).join(', ')}) [${n.shape.join('x')}]${d ? ' ' + d : ''}${q}`);
  }
  lines.push(`  outputs ${g.outputs.map((o) => JSON.stringify(o)).join(', ')}`);
  return lines.join('\n') + '\n';
}
