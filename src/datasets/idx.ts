/**
 * The IDX file format (LeCun's MNIST format, also used by Fashion-MNIST):
 *   bytes 0–1  zero
 *   byte  2    element type; only 0x08 (unsigned byte) is supported here
 *   byte  3    number of dimensions d
 *   4·d bytes  each dimension as a big-endian uint32
 *   then       the elements, row-major, exactly the product of the dimensions
 * Files may be gzip-compressed (detected by the gzip magic 1f 8b).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { CompileError } from '../core/diagnostics.js';

export interface IdxArray {
  readonly dims: readonly number[];
  /** the elements, row-major; a view into the decoded file */
  readonly data: Uint8Array;
}

const IDX_UBYTE = 0x08;

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Read the bytes of `file`, gunzipping when it is gzip-compressed. */
export function readMaybeGzip(file: string): Uint8Array {
  let raw: Uint8Array;
  try {
    raw = readFileSync(file);
  } catch (e) {
    throw new CompileError('FF001', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file });
  }
  if (!isGzip(raw)) return raw;
  try {
    return gunzipSync(raw);
  } catch (e) {
    throw new CompileError('FF002', `corrupt gzip data: ${(e as Error).message}`, { file });
  }
}

/**
 * Parse an IDX array of unsigned bytes. `expectedRank` checks the number of
 * dimensions; `file` only names the file in errors.
 */
export function parseIdx(bytes: Uint8Array, expectedRank: number, file: string): IdxArray {
  const bad = (message: string): CompileError => new CompileError('FF002', `not an IDX file: ${message}`, { file, field: 'header' });
  if (bytes.length < 4) throw bad(`only ${bytes.length} bytes`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw bad('the first two bytes of the magic number must be zero');
  if (bytes[2] !== IDX_UBYTE) throw bad(`element type 0x${(bytes[2] ?? 0).toString(16)} is not 0x08 (unsigned byte)`);
  const rank = bytes[3] ?? 0;
  if (rank !== expectedRank) throw bad(`expected ${expectedRank} dimension(s), the header says ${rank}`);
  const headerSize = 4 + 4 * rank;
  if (bytes.length < headerSize) throw bad(`header needs ${headerSize} bytes, the file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let k = 0; k < rank; k++) dims.push(view.getUint32(4 + 4 * k, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerSize;
  if (actual !== count) {
    throw new CompileError('FF002', `IDX size mismatch: dimensions [${dims.join(', ')}] need ${count} data bytes, the file has ${actual}`, {
      file,
      field: 'data',
    });
  }
  return { dims, data: bytes.subarray(headerSize) };
}

/** Read and parse an IDX file (gzip-compressed or not). */
export function readIdx(file: string, expectedRank: number): IdxArray {
  return parseIdx(readMaybeGzip(file), expectedRank, file);
}

/** Encode an IDX array of unsigned bytes (used by tests and tools that write small data sets). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = IDX_UBYTE;
  out[3] = dims.length;
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
