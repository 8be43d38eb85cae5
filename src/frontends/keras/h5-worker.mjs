// The HDF5 reader's worker thread (plain JavaScript, so it starts the same
// way under tsx, vitest and node). It opens one file at a time with h5wasm
// and answers with a snapshot of it: every group and dataset with its
// attributes, and the values of the numeric datasets. The HDF5 library can
// loop forever on some corrupt files; running it here lets the main thread
// stop it with a timeout (see h5-file.ts).
import { parentPort } from 'node:worker_threads';
import h5wasm from 'h5wasm';

const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const MAX_DEPTH = 32;
/** top-level groups of training state, never needed for inference */
const SKIPPED = new Set(['optimizer_weights', 'optimizer']);

class Refusal extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** The HDF5 library's own reason, shortened to its last line (`… in H5Fopen(): reason`). */
function reason(e) {
  const text = e instanceof Error ? e.message : String(e);
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /\(\):\s*(.+)$/.exec(lines[i]);
    if (m) return m[1].slice(0, 160);
  }
  return (lines[lines.length - 1] ?? 'unknown error').slice(0, 160);
}

function elements(shape) {
  return (shape ?? []).reduce((a, b) => a * b, 1);
}

function snapshot(file, limits) {
  const objects = {};
  let count = 0;
  let total = 0;
  const visit = (entity, path, depth) => {
    if (++count > limits.maxObjects) throw new Refusal('FF018', `the file holds more than ${limits.maxObjects} objects`);
    const attrs = {};
    for (const name of Object.keys(entity.attrs)) {
      const meta = entity.attrs[name].metadata;
      if (elements(meta.shape) > limits.maxElements) throw new Refusal('FF018', `attribute '${name}' of '${path}' is too large`);
      attrs[name] = entity.get_attribute(name, false);
    }
    if (entity instanceof h5wasm.Group) {
      const children = entity.keys();
      objects[path] = { kind: 'group', attrs, children };
      if (depth >= MAX_DEPTH) throw new Refusal('FF002', `groups nest deeper than ${MAX_DEPTH} levels`);
      for (const child of children) {
        if (depth === 0 && SKIPPED.has(child)) continue;
        const sub = entity.get(child);
        const p = path === '/' ? `/${child}` : `${path}/${child}`;
        if (sub === null) objects[p] = { kind: 'other', attrs: {} };
        else if (sub instanceof h5wasm.Group || sub instanceof h5wasm.Dataset) visit(sub, p, depth + 1);
        else objects[p] = { kind: 'other', attrs: {} };
      }
      return;
    }
    const meta = entity.metadata;
    const shape = meta.shape ?? [];
    const n = elements(shape);
    const obj = { kind: 'dataset', attrs, shape, type: meta.type, size: meta.size };
    objects[path] = obj;
    const numeric = (meta.type === H5T_FLOAT && (meta.size === 4 || meta.size === 8)) || (meta.type === H5T_INTEGER && meta.size <= 4);
    if (!numeric || n > limits.maxElements) return; // kept without values; reading it is the caller's error
    total += n;
    if (total > limits.maxTotal) throw new Refusal('FF018', `the file's datasets hold more than ${limits.maxTotal} values`);
    const value = entity.value;
    if (!ArrayBuffer.isView(value) || value.length !== n) return;
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = Number(value[i]);
    obj.data = data;
  };
  visit(file, '/', 0);
  return objects;
}

const ready = h5wasm.ready.then((m) => {
  m.activate_throwing_error_handler();
  return m;
});
let counter = 0;
// time budgets start once the library is loaded
void ready.then(() => parentPort.postMessage({ ready: true }));

parentPort.on('message', async ({ id, bytes, limits }) => {
  const mod = await ready;
  const path = `/fixflow-${++counter}.h5`;
  let file;
  try {
    mod.FS.writeFile(path, bytes);
    file = new h5wasm.File(path, 'r');
    const objects = snapshot(file, limits);
    const transfer = Object.values(objects).flatMap((o) => (o.data ? [o.data.buffer] : []));
    parentPort.postMessage({ id, ok: true, objects }, transfer);
  } catch (e) {
    if (e instanceof Refusal) parentPort.postMessage({ id, ok: false, code: e.code, message: e.message });
    else {
      // a trap or an abort inside WebAssembly leaves the module unusable: ask for a fresh worker
      const fatal = e instanceof WebAssembly.RuntimeError || /abort/i.test(String(e));
      parentPort.postMessage({ id, ok: false, code: 'FF002', message: `malformed HDF5 file: ${reason(e)}`, fatal });
    }
  } finally {
    try {
      file?.close();
    } catch {
      // a file the library could not read may refuse to close; the memory file goes anyway
    }
    try {
      mod.FS.unlink(path);
    } catch {
      // never written
    }
  }
});
