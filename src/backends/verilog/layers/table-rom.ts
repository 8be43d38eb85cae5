/**
 * Table lookups: the exact index of src/ir/dataflow/types.ts (TableSpec),
 *   index = clamp(floor((x − lo) / 2^stepLog2), 0, size − 1),
 * computed on the exact value of x (a subtraction, a shift that is wiring,
 * a clamp), and a ROM function holding exactly the IR's entries.
 */
import { fracBits } from '../../../fixed/fixed-type.js';
import type { TableSpec } from '../../../ir/dataflow/types.js';
import { addSig, clipSig, floorDivPow2 } from '../datapath.js';
import type { ModuleBuilder } from '../module-builder.js';
import { literal, signedWidth, type Sig } from '../signal.js';

export interface Rom {
  readonly fn: string;
  readonly table: TableSpec;
  readonly indexWidth: number;
  readonly entryWidth: number;
  readonly min: bigint;
  readonly max: bigint;
}

/** Declare the ROM function of a table inside the module (once per table). */
export function declareRom(b: ModuleBuilder, table: TableSpec, prefix: string): Rom {
  const fn = b.fresh(prefix);
  const indexWidth = Math.max(1, Math.ceil(Math.log2(table.size)));
  let min = table.entries[0] ?? 0n;
  let max = min;
  for (const e of table.entries) {
    if (e < min) min = e;
    if (e > max) max = e;
  }
  const entryWidth = signedWidth(min, max);
  const lines = [
    `  // ${table.fn} table: ${table.size} entries of ${table.entryType.signed ? 'ap_fixed' : 'ap_ufixed'}<${table.entryType.width},${table.entryType.int}>, exactly as in the IR`,
    `  function [${entryWidth - 1}:0] ${fn};`,
    `    input [${indexWidth - 1}:0] i;`,
    '    begin',
    `      case (i)`,
  ];
  table.entries.forEach((e, k) => lines.push(`        ${indexWidth}'d${k}: ${fn} = ${literal(e, entryWidth)};`));
  lines.push(`        default: ${fn} = ${literal(table.entries[table.size - 1] ?? 0n, entryWidth)};`);
  lines.push('      endcase', '    end', '  endfunction');
  b.define(fn, lines.join('\n'));
  return { fn, table, indexWidth, entryWidth, min, max };
}

/** The table's index for the exact value of x, as a signal in [0, size − 1]. */
export function tableIndex(b: ModuleBuilder, x: Sig, t: TableSpec): Sig {
  // lo = loMant · 2^loExp: a constant with −loExp fractional bits
  const lo = b.constant(t.loMant, -t.loExp);
  return indexFromOffset(b, t.loMant === 0n ? x : addSig(b, x, lo, true), t);
}

/**
 * The index of x − m where m ≥ x is known (softmax's maximum): x − lo is
 * computed while m is still being found, then m is subtracted once.
 */
export function tableIndexBelow(b: ModuleBuilder, x: Sig, m: Sig, t: TableSpec): Sig {
  const lo = b.constant(t.loMant, -t.loExp);
  const early = t.loMant === 0n ? x : addSig(b, x, lo, true);
  const d = addSig(b, early, m, true);
  // x − m ≤ 0, so (x − m) − lo ≤ −lo
  const top = -(t.loMant << BigInt(t.loExp + d.frac));
  return indexFromOffset(b, d.max > top && t.loExp + d.frac >= 0 ? { ...d, max: top } : d, t);
}

/** clamp(floor(d / 2^stepLog2), 0, size − 1) for d = x − lo. */
function indexFromOffset(b: ModuleBuilder, d: Sig, t: TableSpec): Sig {
  // floor(d · 2^−frac / 2^stepLog2) = floor(raw / 2^(frac + stepLog2))
  const idx = floorDivPow2(b, d, d.frac + t.stepLog2);
  return clipSig(b, idx, 0n, BigInt(t.size - 1), 0);
}

/** The ROM entry for an index signal; logic levels charged by index width. */
export function romLookup(b: ModuleBuilder, rom: Rom, idx: Sig): Sig {
  const frac = fracBits(rom.table.entryType);
  if (idx.konst !== undefined) return b.constant(rom.table.entries[Number(idx.konst)] ?? 0n, frac);
  // LUT6 + MUXF7/F8 decode 8 address bits in one LUT level; every 4 more add one
  const cost = 1 + Math.ceil(Math.max(0, rom.indexWidth - 8) / 4);
  const { ops, stage, depth } = b.schedule([idx], cost);
  const i = ops[0] as Sig;
  // the index is non-negative and integral: on the integer grid, its low indexWidth bits
  const arg = b.align(i, 0, rom.indexWidth);
  const e = b.sig('e', `${rom.fn}(${arg})`, { min: rom.min, max: rom.max, frac }, stage, depth, rom.entryWidth);
  // sized by the table's type (an unsigned table's extra sign bit is a constant 0 that synthesis drops)
  b.romReads.push({ entries: rom.table.size, width: rom.table.entryType.width, wire: e.name, registeredAddress: i.depth === 0 });
  return e;
}
