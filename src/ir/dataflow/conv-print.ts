/** Text details of the dataflow conv ops for print.ts (merge: `case 'conv': … return describeConvDfNode(n);`). */
import { assertNever } from '../../core/assert-never.js';
import { formatType } from '../../fixed/fixed-type.js';
import type { ConvDfNode, WindowSpec } from './conv-types.js';

const ft = formatType;

function windowText(n: WindowSpec): string {
  return `k ${n.kernelSize.join('x')} s ${n.strides.join('x')} pad ${n.padBefore.join(',')}/${n.padAfter.join(',')}`;
}

export function describeConvDfNode(n: ConvDfNode): string {
  switch (n.op) {
    case 'conv': {
      const nnz = n.weights.filter((w) => w !== 0n).length;
      const g = n.groups > 1 ? ` groups ${n.groups}` : '';
      return `${windowText(n)}${g} w ${ft(n.weightType)} b ${ft(n.biasType)} prod ${ft(n.productType)} acc ${ft(n.accType)} nnz ${nnz}/${n.weights.length} rf ${n.reuseFactor}`;
    }
    case 'pool': {
      const a = n.average;
      const avg = a ? ` sum ${ft(a.sumType)} recip ${ft(a.recipType)} divisor ${a.divisor} counts ${a.counts.join(',')}` : '';
      return `${n.kind} ${windowText(n)}${avg}`;
    }
    case 'add':
    case 'concat':
      return '';
    case 'zero_pad':
      return `pad ${n.padBefore.join(',')}/${n.padAfter.join(',')}`;
    case 'upsample':
      return `factors ${n.factors.join('x')}`;
    case 'channel_shuffle':
      return `perm ${n.perm.join(',')}`;
    default:
      return assertNever(n, 'dataflow op');
  }
}
