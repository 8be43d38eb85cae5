/** Table activations (sigmoid, tanh) and the table constants softmax shares. */
import type { DfTable, TableSpec } from '../../ir/dataflow/types.js';
import { shapeSize } from '../../ir/graph/types.js';
import type { DfNode } from '../../ir/dataflow/types.js';
import { cppArrayInit, cppConstant } from './cpp-constant.js';
import { constantType, indexBits } from './cpp-type.js';
import { badNode, icount, inTypedef, requireInput, typedef, ucount, type LayerCode, type LayerInput } from './layer-code.js';

/** Config lines (prefix_lo_t, prefix_entry_t, sizes) and constants (prefix_lo, prefix_table) of one table. */
export function tableParts(node: DfNode, t: TableSpec, prefix: string, field: string): { config: string[]; constants: string[] } {
  if (!Number.isInteger(t.size) || t.size < 1) throw badNode(node, field, `table size must be a positive integer, got ${t.size}`);
  if (t.entries.length !== t.size) throw badNode(node, field, `table has ${t.entries.length} entries, size is ${t.size}`);
  const p = prefix === '' ? '' : `${prefix}_`;
  const loType = constantType(t.loMant, t.loExp);
  return {
    config: [
      typedef(`${p}lo_t`, loType),
      typedef(`${p}entry_t`, t.entryType),
      ucount(`${p}size`, t.size),
      icount(`${p}step_log2`, t.stepLog2),
      icount(`${p}index_bits`, indexBits(t.size)),
    ],
    constants: [
      `// ${t.fn} table: entry k = ${t.fn}(lo + (k${t.sample === 'mid' ? ' + 1/2' : ''}) * 2^${t.stepLog2}), as the dataflow IR holds it`,
      `static const config::${p}lo_t ${p}lo = ${cppConstant(t.loMant, loType)};`,
      `static const config::${p}entry_t ${p}table[${t.size}] = {`,
      ...cppArrayInit(t.entries, t.entryType),
      '};',
    ],
  };
}

export function emitTable(node: DfTable, inputOrNull: LayerInput | null): LayerCode {
  const input = requireInput(node, inputOrNull);
  const n = shapeSize(node.shape);
  if (n !== input.size) throw badNode(node, 'shape', `output has ${n} elements, input has ${input.size}`);
  const parts = tableParts(node, node.table, '', 'table');
  return {
    summary: `${node.table.fn} table of ${node.table.size} entries`,
    config: [inTypedef(input), typedef('out_t', node.type), ucount('n', n), ...parts.config],
    constants: parts.constants,
    body: { kind: 'map', functor: 'fx_nn::table_fn<config>(lo, table)' },
  };
}
