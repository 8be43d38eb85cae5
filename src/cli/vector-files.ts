/**
 * Test-vector files: CSV (one sample per line, optional header), JSON (an
 * array of arrays) or .npy (2-D). Values are floats, or raw integer codes.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { CompileError } from '../core/diagnostics.js';
import { readNpy, writeNpy } from './npy.js';

export type VectorKind = 'float' | 'raw';

export interface Vectors {
  readonly floats?: number[][];
  readonly raw?: bigint[][];
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new CompileError('FF001', 'cannot read input file', { file });
  }
}

function cell(s: string, kind: VectorKind, file: string, row: number, col: number): number | bigint {
  const t = s.trim();
  if (kind === 'raw') {
    if (!/^[+-]?\d+$/.test(t)) throw new CompileError('FF010', `row ${row}, column ${col}: '${t}' is not an integer raw code`, { file });
    return BigInt(t);
  }
  const v = Number(t);
  if (t === '' || !Number.isFinite(v)) throw new CompileError('FF010', `row ${row}, column ${col}: '${t}' is not a finite number`, { file });
  return v;
}

export function readVectors(file: string, kind: VectorKind, width: number): Vectors {
  const ext = extname(file).toLowerCase();
  let rows: (number | bigint)[][];
  if (ext === '.npy') {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new CompileError('FF001', 'cannot read input file', { file });
    }
    const a = readNpy(bytes, file);
    const cols = a.shape.length === 1 ? (a.shape[0] ?? 0) : (a.shape[1] ?? 0);
    const n = a.shape.length === 1 ? 1 : (a.shape[0] ?? 0);
    rows = [];
    for (let r = 0; r < n; r++) rows.push(a.data.slice(r * cols, (r + 1) * cols) as (number | bigint)[]);
  } else if (ext === '.json') {
    let raw: unknown;
    try {
      raw = JSON.parse(readText(file));
    } catch (e) {
      throw new CompileError('FF010', `not valid JSON: ${(e as Error).message}`, { file });
    }
    if (!Array.isArray(raw)) throw new CompileError('FF010', 'expected an array of rows', { file });
    rows = raw.map((r, i) => {
      if (!Array.isArray(r)) throw new CompileError('FF010', `row ${i + 1} is not an array`, { file });
      return r.map((v, j) => cell(String(v), kind, file, i + 1, j + 1));
    });
  } else if (ext === '.csv' || ext === '.txt') {
    const lines = readText(file).split(/\r?\n/).filter((l) => l.trim().length > 0 && !l.startsWith('#'));
    if (lines.length > 0 && /[A-Za-z_]/.test(lines[0]?.replace(/e[+-]?\d/gi, '') ?? '')) lines.shift(); // header
    rows = lines.map((l, i) => l.split(/[,\s]+/).filter((c) => c.length > 0).map((c, j) => cell(c, kind, file, i + 1, j + 1)));
  } else {
    throw new CompileError('FF010', `unknown vector file type '${ext}' (use .csv, .json or .npy)`, { file });
  }
  rows.forEach((r, i) => {
    if (r.length !== width) throw new CompileError('FF010', `row ${i + 1} has ${r.length} values, the model's input has ${width}`, { file });
  });
  if (kind === 'raw') {
    return {
      raw: rows.map((r, i) =>
        r.map((v, j) => {
          if (typeof v === 'number' && !Number.isInteger(v)) throw new CompileError('FF010', `row ${i + 1}, column ${j + 1}: ${v} is not an integer raw code`, { file });
          return BigInt(v);
        }),
      ),
    };
  }
  return { floats: rows.map((r) => r.map((v) => Number(v))) };
}

export function formatVectors(file: string, rows: readonly (readonly (number | bigint)[])[], kind: VectorKind): string | Uint8Array {
  const ext = extname(file).toLowerCase();
  if (ext === '.npy') return writeNpy(rows, kind === 'raw' ? 'i8' : 'f8');
  if (ext === '.json') return JSON.stringify(rows.map((r) => r.map((v) => (typeof v === 'bigint' ? (v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v.toString()) : v)))) + '\n';
  return rows.map((r) => r.map(String).join(',')).join('\n') + '\n';
}
