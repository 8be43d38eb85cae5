/**
 * Ranks of low-rank factorized layers, read off the dataflow: a Dense layer
 * whose only reader is another Dense layer, with nothing in between, is the
 * first factor of a product W ≈ A·B of rank A.outSize (this is the shape
 * src/compress/lowrank/factorize-dense.ts produces). Both factors get the rank
 * when it is below what the unfactorized layer could have.
 */
import type { Dataflow, DfDense } from '../../ir/dataflow/types.js';
import type { LayerRank } from './report-input.js';

export function inferRanks(df: Dataflow): LayerRank[] {
  const readers = new Map<string, string[]>();
  for (const n of df.nodes) for (const i of n.inputs) readers.set(i, [...(readers.get(i) ?? []), n.name]);
  const byName = new Map(df.nodes.map((n) => [n.name, n]));
  const out: LayerRank[] = [];
  for (const a of df.nodes) {
    if (a.op !== 'dense' || df.outputs.includes(a.name)) continue;
    const r = readers.get(a.name) ?? [];
    const b = r.length === 1 ? byName.get(r[0] ?? '') : undefined;
    if (b?.op !== 'dense' || b.inputs.length !== 1) continue;
    const rank = a.outSize;
    if (rank < Math.min(a.inSize, (b as DfDense).outSize)) out.push({ layer: a.name, rank }, { layer: b.name, rank });
  }
  return out;
}
