/** A small .npy reader/writer for 1-D and 2-D numeric arrays (C order). */
import { CompileError } from '../core/diagnostics.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export interface NpyArray {
  readonly shape: readonly number[];
  /** numbers, or bigints for 64-bit integer arrays */
  readonly data: readonly (number | bigint)[];
}

export function readNpy(bytes: Uint8Array, file: string): NpyArray {
  const bad = (why: string): never => {
    throw new CompileError('FF010', `not a readable .npy file: ${why}`, { file });
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) bad('wrong magic bytes');
  const major = bytes[6] ?? 0;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const hstart = major === 1 ? 10 : 12;
  if (hstart + hlen > bytes.length) bad('truncated header');
  const header = new TextDecoder().decode(bytes.subarray(hstart, hstart + hlen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1] ?? bad('no descr');
  if (/'fortran_order':\s*True/.test(header)) bad('Fortran order is not supported');
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? bad('no shape');
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (shape.length < 1 || shape.length > 2 || shape.some((d) => !Number.isInteger(d) || d < 0)) bad(`shape (${shapeText}) must be 1-D or 2-D`);
  const count = shape.reduce((a, b) => a * b, 1);
  const kinds: Record<string, [number, (o: number) => number | bigint]> = {
    '<f8': [8, (o) => dv.getFloat64(o, true)],
    '<f4': [4, (o) => dv.getFloat32(o, true)],
    '<i8': [8, (o) => dv.getBigInt64(o, true)],
    '<i4': [4, (o) => dv.getInt32(o, true)],
    '<i2': [2, (o) => dv.getInt16(o, true)],
    '|i1': [1, (o) => dv.getInt8(o)],
    '|u1': [1, (o) => dv.getUint8(o)],
    '<u2': [2, (o) => dv.getUint16(o, true)],
    '<u4': [4, (o) => dv.getUint32(o, true)],
  };
  const kind = kinds[descr] ?? bad(`dtype ${descr} is not supported`);
  const [size, get] = kind;
  const start = hstart + hlen;
  if (start + count * size > bytes.length) bad('data shorter than its shape');
  const data: (number | bigint)[] = new Array(count);
  for (let i = 0; i < count; i++) data[i] = get(start + i * size);
  return { shape, data };
}

export function writeNpy(rows: readonly (readonly (number | bigint)[])[], kind: 'f8' | 'i8'): Uint8Array {
  const n = rows.length;
  const m = rows[0]?.length ?? 0;
  let header = `{'descr': '<${kind}', 'fortran_order': False, 'shape': (${n}, ${m}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + n * m * 8);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const dv = new DataView(out.buffer);
  dv.setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  let o = 10 + header.length;
  for (const row of rows) {
    for (const v of row) {
      if (kind === 'f8') dv.setFloat64(o, Number(v), true);
      else dv.setBigInt64(o, BigInt(v), true);
      o += 8;
    }
  }
  return out;
}
