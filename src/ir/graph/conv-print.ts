/** Text details of the graph conv ops for print.ts's `detail` (merge: `default: return isConvGraphNode(n) ? describeConvGraphNode(n) : ''`). */
import { assertNever } from '../../core/assert-never.js';
import type { ConvGraphNode, Padding } from './conv-types.js';

function pad(p: Padding): string {
  return typeof p === 'string' ? p : `${p.before.join(',')}/${p.after.join(',')}`;
}

export function describeConvGraphNode(n: ConvGraphNode): string {
  switch (n.op) {
    case 'conv':
      return `k ${n.kernelSize.join('x')} s ${n.strides.join('x')} ${pad(n.padding)} filters ${n.filters}${n.groups > 1 ? ` groups ${n.groups}` : ''}${n.bias ? '' : ' no-bias'}`;
    case 'depthwise_conv':
      return `k ${n.kernelSize.join('x')} s ${n.strides.join('x')} ${pad(n.padding)} multiplier ${n.depthMultiplier}${n.bias ? '' : ' no-bias'}`;
    case 'separable_conv':
      return `k ${n.kernelSize.join('x')} s ${n.strides.join('x')} ${pad(n.padding)} multiplier ${n.depthMultiplier} filters ${n.filters}${n.bias ? '' : ' no-bias'}`;
    case 'pool':
      return `${n.kind} ${n.poolSize.join('x')} s ${n.strides.join('x')} ${pad(n.padding)}${n.countIncludePad ? ' count-pad' : ''}`;
    case 'global_pool':
      return n.kind;
    case 'zero_pad':
      return pad(n.padding);
    case 'upsample':
      return `size ${n.size.join('x')}`;
    case 'channel_shuffle':
      return `groups ${n.groups}`;
    case 'add':
    case 'concat':
      return '';
    default:
      return assertNever(n, 'graph op');
  }
}
