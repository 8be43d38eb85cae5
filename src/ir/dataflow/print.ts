/** A readable text form of the dataflow IR (for `inspect` and `--dump-after`). */
import { assertNever } from '../../core/assert-never.js';
import { formatType } from '../../fixed/fixed-type.js';
import { describeConvDfNode } from './conv-print.js';
import type { Dataflow, DfNode, TableSpec } from './types.js';

const ft = formatType;

function tableLine(t: TableSpec): string {
  const lo = Number(t.loMant) * 2 ** t.loExp;
  return `${t.fn}[${t.size}] from ${lo} step 2^${t.stepLog2} (${t.sample}) entries ${ft(t.entryType)}`;
}

export function describeNode(n: DfNode): string {
  switch (n.op) {
    case 'input':
    case 'relu':
    case 'cast':
    case 'reshape':
      return '';
    case 'dense': {
      const nnz = n.weights.filter((w) => w !== 0n).length;
      return `w ${ft(n.weightType)} b ${ft(n.biasType)} prod ${ft(n.productType)} acc ${ft(n.accType)} nnz ${nnz}/${n.weights.length} rf ${n.reuseFactor}`;
    }
    case 'scale_shift':
      return `scale ${ft(n.scaleType)} shift ${ft(n.shiftType)} prod ${ft(n.productType)} acc ${ft(n.accType)}`;
    case 'clip':
      return `[${n.lo}, ${n.hi}] in ${ft(n.boundType)}`;
    case 'leaky_relu':
      return `alpha ${n.alpha} in ${ft(n.alphaType)} prod ${ft(n.productType)}`;
    case 'table':
      return tableLine(n.table);
    case 'softmax':
      return n.mode === 'argmax'
        ? 'argmax'
        : `exp ${n.expTable ? tableLine(n.expTable) : '?'}; sum ${n.sumType ? ft(n.sumType) : '?'}; inv ${n.invTable ? tableLine(n.invTable) : '?'}`;
    case 'conv':
    case 'pool':
    case 'add':
    case 'concat':
    case 'zero_pad':
    case 'upsample':
    case 'channel_shuffle':
      return describeConvDfNode(n);
    default:
      return assertNever(n, 'dataflow op');
  }
}

export function printDataflow(df: Dataflow): string {
  const lines = [`dataflow ${df.name} (version ${df.version})`];
  for (const n of df.nodes) {
    const src = n.source !== n.name ? `  # ${JSON.stringify(n.source)}` : '';
    const detail = describeNode(n);
    lines.push(`  ${n.name} = ${n.op}(${n.inputs.join(', ')}) [${n.shape.join('x')}] : ${ft(n.type)}${detail ? '  ' + detail : ''}${src}`);
  }
  lines.push(`  outputs ${df.outputs.join(', ')}`);
  return lines.join('\n') + '\n';
}
