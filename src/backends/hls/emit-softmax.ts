/** Softmax over the last axis: stable (exp and reciprocal tables) or argmax. */
import { accumulatorType } from '../../fixed/growth.js';
import type { DfSoftmax } from '../../ir/dataflow/types.js';
import { shapeSize } from '../../ir/graph/types.js';
import { badNode, inTypedef, requireInput, typedef, ucount, type LayerCode, type LayerInput } from './layer-code.js';
import { tableParts } from './emit-table.js';

export function emitSoftmax(node: DfSoftmax, inputOrNull: LayerInput | null): LayerCode {
  const input = requireInput(node, inputOrNull);
  const n = shapeSize(node.shape);
  if (n !== input.size) throw badNode(node, 'shape', `output has ${n} elements, input has ${input.size}`);
  const cols = node.shape[node.shape.length - 1] ?? 1;
  if (cols < 1 || n % cols !== 0) throw badNode(node, 'shape', `cannot split ${n} elements into rows of ${cols}`);
  const rows = n / cols;
  const common = [inTypedef(input), typedef('out_t', node.type), ucount('n_rows', rows), ucount('n_cols', cols)];
  if (node.mode === 'argmax') {
    return {
      summary: `softmax (argmax) over rows of ${cols}`,
      config: common,
      constants: [],
      body: { kind: 'vector', nIn: n, nOut: n, body: ['  fx_nn::softmax_argmax<config>(x, y);'] },
    };
  }
  if (!node.expTable) throw badNode(node, 'expTable', 'stable softmax needs an exp table');
  if (!node.invTable) throw badNode(node, 'invTable', 'stable softmax needs a reciprocal table');
  if (!node.sumType) throw badNode(node, 'sumType', 'stable softmax needs a sum type');
  const exp = tableParts(node, node.expTable, 'exp', 'expTable');
  const inv = tableParts(node, node.invTable, 'inv', 'invTable');
  return {
    summary: `softmax (stable) over rows of ${cols}`,
    config: [
      ...common,
      ...exp.config,
      ...inv.config,
      typedef('exp_sum_t', accumulatorType([node.expTable.entryType], cols)),
      typedef('sum_t', node.sumType),
    ],
    constants: [...exp.constants, ...inv.constants],
    body: { kind: 'vector', nIn: n, nOut: n, body: ['  fx_nn::softmax_stable<config>(x, y, exp_lo, exp_table, inv_lo, inv_table);'] },
  };
}
