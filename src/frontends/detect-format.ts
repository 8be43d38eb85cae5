/**
 * `importModel(path, opts)`: the one entry point of the frontends. The
 * format comes from `opts.format` or, failing that, from the file: `.h5`
 * `.hdf5` `.keras` → Keras (HDF5 or zip told apart by magic bytes), `.onnx`
 * → ONNX, `.json` → a Keras architecture (`model.to_json()`) with its
 * weights file, or a tfjs model (`modelTopology` + `weightsManifest`).
 */
import { access, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { assertNever } from '../core/assert-never.js';
import { CompileError } from '../core/diagnostics.js';
import type { Graph } from '../ir/graph/types.js';
import { decodeText, importKerasBytes, importKerasJson } from './keras/import-keras.js';
import { MAX_FILE_BYTES } from './keras/import-limits.js';
import { importOnnxBytes } from './onnx/import-onnx.js';

export const MODEL_FORMATS = ['keras', 'keras-json', 'onnx', 'tfjs'] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

export interface ImportOptions {
  /** overrides detection (the CLI's `--format`) */
  readonly format?: ModelFormat;
  /** weights file of a `keras-json` architecture; default: a sibling named `<stem>_weights.h5`, `<stem>.weights.h5` or `<stem>.h5` */
  readonly weights?: string;
}

async function readBytes(path: string): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const why = e instanceof Error && 'code' in e ? String((e as NodeJS.ErrnoException).code) : 'unreadable';
    throw new CompileError('FF001', `cannot read the file (${why})`, { file: path });
  }
  if (bytes.length > MAX_FILE_BYTES) throw new CompileError('FF018', `the file is larger than ${MAX_FILE_BYTES} bytes`, { file: path });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The format a file's name (and, for .json, its content) indicates. */
export function detectFormat(path: string, head?: string): ModelFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.h5' || ext === '.hdf5' || ext === '.keras') return 'keras';
  if (ext === '.onnx') return 'onnx';
  if (ext === '.json') return head !== undefined && /"modelTopology"|"weightsManifest"/.test(head) ? 'tfjs' : 'keras-json';
  throw new CompileError('FF014', `cannot tell the model format from '${ext || basename(path)}': use --format (${MODEL_FORMATS.join(', ')})`, {
    file: path,
  });
}

async function findWeights(jsonPath: string, explicit?: string): Promise<string> {
  if (explicit !== undefined) return explicit;
  const dir = dirname(jsonPath);
  const stem = basename(jsonPath, extname(jsonPath));
  const candidates = [`${stem}_weights.h5`, `${stem}.weights.h5`, `${stem}.h5`].map((c) => join(dir, c));
  for (const c of candidates) {
    try {
      await access(c);
      return c;
    } catch {
      // try the next name
    }
  }
  throw new CompileError('FF001', `no weights file found next to the architecture (tried ${candidates.map((c) => basename(c)).join(', ')}); pass it explicitly`, {
    file: jsonPath,
  });
}

export async function importModel(path: string, opts: ImportOptions = {}): Promise<Graph> {
  const bytes = await readBytes(path);
  const head = extname(path).toLowerCase() === '.json' ? new TextDecoder().decode(bytes.subarray(0, 4096)) : undefined;
  const format = opts.format ?? detectFormat(path, head);
  switch (format) {
    case 'keras':
      return importKerasBytes(bytes, path);
    case 'keras-json': {
      const weightsPath = await findWeights(path, opts.weights);
      const text = decodeText(bytes, path, 'the architecture file');
      return importKerasJson(text, await readBytes(weightsPath), path, weightsPath);
    }
    case 'onnx':
      return importOnnxBytes(bytes, path);
    case 'tfjs':
      // ── tfjs: the lead wires src/frontends/tfjs here ──
      throw new CompileError('FF006', 'the tfjs format is not wired into importModel yet', { file: path });
    default:
      return assertNever(format, 'model format');
  }
}
