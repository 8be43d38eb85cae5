/**
 * Samples ↔ tdata words, as the manifest documents: the codes of each field
 * (input node / output) in order, element i of a field at bits
 * [offset + i·width +: width], two's complement for signed fields.
 */
import { CompileError } from '../../src/core/diagnostics.js';
import type { PortField } from './manifest.js';

const elems = (fields: readonly PortField[]): number => fields.reduce((a, f) => a + f.count, 0);

/** One sample's codes → tdata as a hex string of exactly ⌈bits/4⌉ digits. */
export function packSample(row: readonly bigint[], fields: readonly PortField[], bits: number): string {
  if (row.length !== elems(fields)) throw new CompileError('FF010', `a sample has ${row.length} codes, the design takes ${elems(fields)}`);
  let word = 0n;
  let col = 0;
  for (const f of fields) {
    const mask = (1n << BigInt(f.width)) - 1n;
    for (let i = 0; i < f.count; i++, col++) {
      const v = row[col] ?? 0n;
      word |= (v & mask) << BigInt(f.offset + i * f.width);
    }
  }
  return word.toString(16).padStart(Math.ceil(bits / 4), '0');
}

/** tdata (hex, as printed by the harnesses) → the codes of every field. */
export function unpackSample(hex: string, fields: readonly PortField[]): bigint[] {
  if (!/^[0-9a-fA-F]+$/.test(hex)) throw new CompileError('FF016', `simulator printed '${hex.slice(0, 40)}' where tdata was expected (x or z bits?)`);
  const word = BigInt(`0x${hex}`);
  const out: bigint[] = [];
  for (const f of fields) {
    const mask = (1n << BigInt(f.width)) - 1n;
    for (let i = 0; i < f.count; i++) {
      let v = (word >> BigInt(f.offset + i * f.width)) & mask;
      if (f.signed && v >> BigInt(f.width - 1) === 1n) v -= 1n << BigInt(f.width);
      out.push(v);
    }
  }
  return out;
}
