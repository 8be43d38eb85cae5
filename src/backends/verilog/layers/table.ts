/** Sigmoid / tanh by table: y = cast_type(entries[index(x)]). */
import type { DfTable } from '../../../ir/dataflow/types.js';
import { castSig } from '../cast-sig.js';
import type { EmittedLayer, LayerContext } from './layer-types.js';
import { PipeLayer } from './pipe-layer.js';
import { declareRom, romLookup, tableIndex } from './table-rom.js';

export function emitTable(node: DfTable, ctx: LayerContext): EmittedLayer {
  const layer = new PipeLayer(node, ctx);
  const b = layer.b;
  const rom = declareRom(b, node.table, `${node.table.fn}_rom`);
  const outs = Array.from({ length: ctx.inSize }, (_v, i) => castSig(b, romLookup(b, rom, tableIndex(b, layer.input(i), node.table)), node.type));
  return layer.finish(outs, [`${node.table.fn} by a ${node.table.size}-entry ROM`]);
}
