/**
 * Read-only access to an HDF5 file held in memory. h5wasm runs in a worker
 * thread (h5-worker.mjs) that answers with a snapshot of the file (groups,
 * attributes, numeric dataset values), because the HDF5 library can loop
 * forever on some corrupt files: a file that takes longer than its time
 * budget is FF002, and the worker is replaced. Every failure of the library
 * is FF002 naming the file; sizes are checked before values are read
 * (FF018).
 */
import { Worker } from 'node:worker_threads';
import { CompileError } from '../../core/diagnostics.js';
import { checkedSize, MAX_MODEL_ELEMENTS, MAX_NODES, MAX_TENSOR_ELEMENTS } from './import-limits.js';

const H5T_FLOAT = 1;
const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
/** Time budget of one file, once the library is loaded: a base plus 1 ms per 10 kB (a 100 MB model gets 11 s). */
export const HDF5_BASE_BUDGET_MS = 1000;
/** The worker is replaced after this many files, bounding what corrupt files may leak in its heap. */
const FILES_PER_WORKER = 1000;

interface H5Object {
  readonly kind: 'group' | 'dataset' | 'other';
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly children?: readonly string[];
  readonly shape?: readonly number[];
  readonly type?: number;
  readonly size?: number;
  readonly data?: Float64Array;
}

type Reply = { id: number; ok: true; objects: Record<string, H5Object> } | { id: number; ok: false; code: 'FF002' | 'FF018'; message: string; fatal?: boolean };

interface Pending {
  readonly worker: Worker;
  resolve(r: Reply): void;
  reject(e: Error): void;
}

interface Live {
  readonly worker: Worker;
  readonly ready: Promise<void>;
}

let live: Live | undefined;
/** a warm spare, started once a worker has had to be replaced, so later replacements cost no start-up */
let spare: Live | undefined;
let served = 0;
let nextId = 0;
const pending = new Map<number, Pending>();

function retire(w: Worker, why: Error): void {
  if (live?.worker === w) live = undefined;
  if (spare?.worker === w) spare = undefined;
  void w.terminate();
  for (const [id, p] of pending) {
    if (p.worker !== w) continue;
    pending.delete(id);
    p.reject(why);
  }
}

function spawn(): Live {
  const w = new Worker(new URL('./h5-worker.mjs', import.meta.url));
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  w.on('message', (r: Reply | { ready: true }) => {
    if ('ready' in r) return markReady();
    const p = pending.get(r.id);
    pending.delete(r.id);
    p?.resolve(r);
    if (!r.ok && r.fatal) retire(w, new Error('HDF5 worker failed'));
  });
  w.on('error', (e) => retire(w, e instanceof Error ? e : new Error(String(e))));
  w.on('exit', () => retire(w, new Error('HDF5 worker exited')));
  w.unref(); // after the listeners, which would ref it again; it is ref'd only while a file is being read
  return { worker: w, ready };
}

function getWorker(): Live {
  if (live && served < FILES_PER_WORKER) return live;
  const replacing = live !== undefined || spare !== undefined || nextId > 0;
  if (live) retire(live.worker, new Error('worker replaced'));
  live = spare ?? spawn();
  spare = replacing ? spawn() : undefined;
  served = 0;
  return live;
}

/** Snapshot a file in the worker, within its time budget. */
async function readInWorker(bytes: Uint8Array, file: string, baseBudgetMs: number): Promise<Record<string, H5Object>> {
  const { worker: w, ready } = getWorker();
  served++;
  const id = ++nextId;
  const budget = baseBudgetMs + bytes.length / 10_000;
  w.ref();
  const reply = new Promise<Reply>((resolve, reject) => {
    pending.set(id, { worker: w, resolve, reject });
  });
  void reply.finally(() => {
    if (![...pending.values()].some((p) => p.worker === w)) w.unref();
  }).catch(() => undefined);
  reply.catch(() => undefined); // awaited below; a rejection before that is not unhandled
  await ready;
  const timeout = new Promise<Reply>((resolve) => {
    const timer = setTimeout(() => {
      if (!pending.delete(id)) return;
      retire(w, new Error('timeout'));
      resolve({ id, ok: false, code: 'FF002', message: `malformed HDF5 file: the HDF5 library did not finish reading it within ${Math.round(budget)} ms` });
    }, budget);
    void reply.finally(() => clearTimeout(timer)).catch(() => undefined);
  });
  const limits = { maxElements: MAX_TENSOR_ELEMENTS, maxTotal: 2 * MAX_MODEL_ELEMENTS, maxObjects: 10 * MAX_NODES };
  w.postMessage({ id, bytes, limits });
  let r: Reply;
  try {
    r = await Promise.race([reply, timeout]);
  } catch (e) {
    throw new CompileError('FF002', `malformed HDF5 file: the reader failed (${e instanceof Error ? e.message : String(e)})`, { file });
  }
  if (r.ok) return r.objects;
  throw new CompileError(r.code, r.message, { file });
}

export interface H5Dataset {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

export type H5Kind = 'group' | 'dataset' | 'other';

function normalize(path: string): string {
  const parts = path.split('/').filter((p) => p.length > 0 && p !== '.');
  return `/${parts.join('/')}`;
}

export class H5File {
  private constructor(
    private readonly objects: Readonly<Record<string, H5Object>>,
    readonly file: string,
  ) {}

  /**
   * Read `bytes` (the contents of `file`, which names it in messages).
   * `baseBudgetMs` is the base of the time budget (tests of corrupt files lower it).
   */
  static async open(bytes: Uint8Array, file: string, baseBudgetMs = HDF5_BASE_BUDGET_MS): Promise<H5File> {
    if (bytes.length < 8 || HDF5_MAGIC.some((b, i) => bytes[i] !== b)) {
      throw new CompileError('FF002', 'not an HDF5 file (wrong magic bytes)', { file });
    }
    return new H5File(await readInWorker(bytes, file, baseBudgetMs), file);
  }

  /** Nothing to release: the snapshot is plain data. Kept so callers read like file code. */
  close(): void {}

  private object(path: string): H5Object | undefined {
    const p = normalize(path);
    return Object.prototype.hasOwnProperty.call(this.objects, p) ? this.objects[p] : undefined;
  }

  kind(path: string): H5Kind | null {
    return this.object(path)?.kind ?? null;
  }

  /** Member names of a group, or null when `path` is not a group. */
  keys(path: string): string[] | null {
    const o = this.object(path);
    return o?.kind === 'group' ? [...(o.children ?? [])] : null;
  }

  attrNames(path: string): string[] {
    return Object.keys(this.object(path)?.attrs ?? {});
  }

  /** An attribute's value as h5wasm returns it (string, string[], typed array, number …), or undefined. */
  attr(path: string, name: string): unknown {
    const attrs = this.object(path)?.attrs;
    return attrs && Object.prototype.hasOwnProperty.call(attrs, name) ? attrs[name] : undefined;
  }

  /** A string attribute (also a one-element string list), or undefined. */
  attrString(path: string, name: string): string | undefined {
    const v = this.attr(path, name);
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') return v[0];
    if (v === undefined) return undefined;
    throw new CompileError('FF002', `attribute '${name}' of '${path}' is not a string`, { file: this.file, field: name });
  }

  /**
   * A list-of-strings attribute. Keras splits long lists over `name0`,
   * `name1`, … when they exceed the HDF5 header limit; those are joined.
   * An empty numeric array (what h5py writes for []) is the empty list.
   */
  attrStringList(path: string, name: string): string[] | undefined {
    const direct = this.attr(path, name);
    if (direct !== undefined) return this.toStrings(direct, path, name);
    const names = this.attrNames(path);
    if (!names.includes(`${name}0`)) return undefined;
    const out: string[] = [];
    for (let k = 0; names.includes(`${name}${k}`); k++) out.push(...this.toStrings(this.attr(path, `${name}${k}`), path, name));
    return out;
  }

  private toStrings(v: unknown, path: string, name: string): string[] {
    if (typeof v === 'string') return [v];
    if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
    if (ArrayBuffer.isView(v) && (v as unknown as ArrayLike<number>).length === 0) return [];
    throw new CompileError('FF002', `attribute '${name}' of '${path}' is not a list of strings`, { file: this.file, field: name });
  }

  /** A numeric dataset as float64. */
  dataset(path: string, layer?: string): H5Dataset {
    const loc = { file: this.file, ...(layer !== undefined ? { layer } : {}), field: path };
    const o = this.object(path);
    if (o?.kind !== 'dataset') throw new CompileError('FF003', `weight '${path}' is missing from the file`, loc);
    const shape = o.shape ?? [];
    checkedSize(shape, `weight '${path}'`, loc);
    if (o.type === H5T_FLOAT && o.size === 2) {
      throw new CompileError('FF006', `weight '${path}' is float16, which fixflow does not read (save the model as float32)`, loc);
    }
    if (o.data === undefined) {
      throw new CompileError('FF002', `weight '${path}' is not a float or integer array (HDF5 type class ${o.type ?? '?'}, size ${o.size ?? '?'})`, loc);
    }
    return { shape, data: o.data };
  }
}
