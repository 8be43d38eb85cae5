/**
 * The Keras model config (the `model_config` attribute of a full-model .h5,
 * `config.json` of a .keras archive, or `model.to_json()`), Keras 2 and
 * Keras 3 spellings, reduced to a list of layers with their producers, in a
 * topological order.
 */
import { CompileError } from '../../core/diagnostics.js';
import { MAX_NODES } from './import-limits.js';
import { Fields, isObject, show, type Json, type JsonObject } from './json-fields.js';

export interface KerasLayer {
  readonly className: string;
  readonly name: string;
  readonly config: JsonObject;
  /** names of the layers whose outputs this layer reads, in operand order */
  readonly inbound: readonly string[];
  /** position in the config's layer list (Keras 3 weight paths count in this order) */
  readonly position: number;
}

export interface KerasModel {
  readonly name: string;
  /** topologically ordered; the model's inputs first, in the model's input order */
  readonly layers: readonly KerasLayer[];
  readonly outputs: readonly string[];
}

const MODEL_CLASSES = new Set(['Sequential', 'Model', 'Functional']);

/** Parse the top-level config object (`{class_name, config, ...}`). */
export function parseModelConfig(root: Json, file: string): KerasModel {
  if (!isObject(root)) throw new CompileError('FF002', `model config must be an object, got ${show(root)}`, { file });
  const top = new Fields(root, file, undefined);
  const cls = top.string('class_name');
  if (cls === 'Sequential') return parseSequential(top, file);
  if (cls === 'Model' || cls === 'Functional') return parseFunctional(top, file);
  throw new CompileError('FF006', `model class '${cls}' is not supported (Sequential or functional models only)`, { file, field: 'class_name' });
}

function layerEntry(entry: Json, k: number, file: string): { className: string; name: string; config: JsonObject; raw: Fields } {
  if (!isObject(entry)) throw new CompileError('FF002', `layer ${k} must be an object, got ${show(entry)}`, { file, field: `layers[${k}]` });
  const raw = new Fields(entry, file, undefined, `layers[${k}].`);
  const className = raw.string('class_name');
  const config = raw.object('config');
  const inner = new Fields(config, file, undefined, `layers[${k}].config.`);
  const name = raw.has('name') ? raw.string('name') : inner.string('name');
  if (name.length === 0) raw.fail('FF002', `layer ${k} has an empty name`, 'name');
  if (MODEL_CLASSES.has(className)) {
    throw new CompileError('FF006', `nested model '${name}' (class ${className}) is not supported: flatten it into one model`, { file, layer: name });
  }
  return { className, name, config, raw };
}

function checkCount(n: number, file: string): void {
  if (n > MAX_NODES) throw new CompileError('FF018', `the model has ${n} layers, more than the limit of ${MAX_NODES}`, { file });
}

function parseSequential(top: Fields, file: string): KerasModel {
  const cfgRaw = top.raw('config');
  let name = 'sequential';
  let list: Json[];
  let buildShape: Json | undefined;
  if (Array.isArray(cfgRaw)) {
    list = cfgRaw; // Keras ≤ 2.2: the config is the layer list
  } else {
    const cfg = new Fields(top.object('config'), file, undefined, 'config.');
    name = cfg.has('name') ? cfg.string('name') : name;
    list = cfg.array('layers');
    buildShape = cfg.raw('build_input_shape') ?? undefined;
  }
  const topBuild = top.raw('build_config');
  if (buildShape === undefined && isObject(topBuild)) buildShape = topBuild['input_shape'] ?? undefined;
  checkCount(list.length, file);
  const entries = list.map((e, k) => layerEntry(e, k, file));
  const layers: KerasLayer[] = [];
  const names = new Set(entries.map((e) => e.name));
  const first = entries[0];
  if (first === undefined) throw new CompileError('FF002', 'the Sequential model has no layers', { file, field: 'config.layers' });
  if (first.className !== 'InputLayer') {
    const c = first.config;
    const shape = c['batch_input_shape'] ?? c['batch_shape'] ?? buildShape;
    if (shape === undefined || shape === null) {
      throw new CompileError('FF002', `the Sequential model declares no input shape (no InputLayer, no batch_input_shape on '${first.name}')`, {
        file,
        layer: first.name,
      });
    }
    let inputName = `${first.name}_input`;
    for (let k = 2; names.has(inputName); k++) inputName = `${first.name}_input_${k}`;
    layers.push({ className: 'InputLayer', name: inputName, config: { name: inputName, batch_input_shape: shape }, inbound: [], position: -1 });
  }
  entries.forEach((e, k) => {
    const prev = layers[layers.length - 1];
    if (e.className === 'InputLayer' && k !== 0) {
      throw new CompileError('FF002', `InputLayer '${e.name}' in the middle of a Sequential model`, { file, layer: e.name });
    }
    layers.push({ className: e.className, name: e.name, config: e.config, inbound: prev ? [prev.name] : [], position: k });
  });
  checkUnique(layers, file);
  const last = layers[layers.length - 1];
  return { name, layers, outputs: last ? [last.name] : [] };
}

function checkUnique(layers: readonly KerasLayer[], file: string): void {
  const seen = new Set<string>();
  for (const l of layers) {
    if (seen.has(l.name)) throw new CompileError('FF002', `two layers are named '${l.name}'`, { file, layer: l.name });
    seen.add(l.name);
  }
}

/** `[name, node_index, tensor_index]` (Keras 2 adds a kwargs dict), only node 0 / tensor 0 supported. */
function tensorRef(ref: Json, file: string, layer: string | undefined, field: string): string {
  if (!Array.isArray(ref) || typeof ref[0] !== 'string') {
    throw new CompileError('FF002', `${field} must be [layer, node, tensor], got ${show(ref)}`, { file, ...(layer ? { layer } : {}), field });
  }
  const [name, node, tensor] = ref;
  if ((node ?? 0) !== 0 || (tensor ?? 0) !== 0) {
    throw new CompileError(
      'FF006',
      `reference to output ${show(tensor)} of call ${show(node)} of layer '${name}': shared layers and layers with several outputs are not supported`,
      { file, ...(layer ? { layer } : {}), field },
    );
  }
  return name;
}

/** Keras 3: the tensors in a call's args (nested lists allowed), as producer names. */
function kerasHistories(v: Json, out: string[], file: string, layer: string, depth = 0): void {
  if (depth > 16) throw new CompileError('FF002', 'inbound_nodes nest too deeply', { file, layer, field: 'inbound_nodes' });
  if (Array.isArray(v)) {
    for (const x of v) kerasHistories(x, out, file, layer, depth + 1);
    return;
  }
  if (!isObject(v)) return;
  if (v['class_name'] === '__keras_tensor__') {
    const cfg = v['config'];
    const hist = isObject(cfg) ? cfg['keras_history'] : undefined;
    out.push(tensorRef(hist ?? null, file, layer, 'inbound_nodes'));
  }
}

function inboundOf(entry: Fields, name: string, file: string): string[] {
  const nodes = entry.raw('inbound_nodes');
  if (nodes === undefined || nodes === null) return [];
  if (!Array.isArray(nodes)) entry.fail('FF002', `inbound_nodes must be a list, got ${show(nodes)}`, 'inbound_nodes');
  if (nodes.length === 0) return [];
  if (nodes.length > 1) {
    throw new CompileError('FF006', `layer '${name}' is called ${nodes.length} times: shared layers are not supported`, {
      file,
      layer: name,
      field: 'inbound_nodes',
    });
  }
  const call = nodes[0] ?? null;
  const out: string[] = [];
  if (isObject(call)) {
    kerasHistories(call['args'] ?? null, out, file, name); // Keras 3
  } else if (Array.isArray(call)) {
    for (const ref of call) out.push(tensorRef(ref, file, name, 'inbound_nodes')); // Keras 2
  } else {
    entry.fail('FF002', `inbound_nodes[0] must be a list or an object, got ${show(call)}`, 'inbound_nodes');
  }
  return out;
}

/** `[[name, 0, 0], …]`, or a single `[name, 0, 0]` (Keras 3 with one input or output). */
function refList(v: Json | undefined, file: string, field: string): string[] {
  if (!Array.isArray(v)) throw new CompileError('FF002', `${field} must be a list, got ${show(v)}`, { file, field });
  if (typeof v[0] === 'string') return [tensorRef(v, file, undefined, field)];
  return v.map((r) => tensorRef(r, file, undefined, field));
}

function parseFunctional(top: Fields, file: string): KerasModel {
  const cfg = new Fields(top.object('config'), file, undefined, 'config.');
  const name = cfg.has('name') ? cfg.string('name') : 'model';
  const list = cfg.array('layers');
  checkCount(list.length, file);
  const layers: KerasLayer[] = list.map((e, k) => {
    const { className, name: lname, config, raw } = layerEntry(e, k, file);
    return { className, name: lname, config, inbound: inboundOf(raw, lname, file), position: k };
  });
  checkUnique(layers, file);
  const inputs = refList(cfg.raw('input_layers'), file, 'config.input_layers');
  const outputs = refList(cfg.raw('output_layers'), file, 'config.output_layers');
  return { name, layers: topoOrder(layers, inputs, outputs, file), outputs };
}

/**
 * Kahn's algorithm, ties broken by config position, the declared inputs
 * first. A reference to a missing layer, or a cycle, is FF020.
 */
function topoOrder(layers: readonly KerasLayer[], inputs: readonly string[], outputs: readonly string[], file: string): KerasLayer[] {
  const byName = new Map(layers.map((l) => [l.name, l]));
  for (const l of layers) {
    for (const i of l.inbound) {
      if (!byName.has(i)) throw new CompileError('FF020', `layer '${l.name}' reads '${i}', which does not exist`, { file, layer: l.name, field: 'inbound_nodes' });
    }
  }
  for (const [k, n] of [...inputs, ...outputs].entries()) {
    const field = k < inputs.length ? 'config.input_layers' : 'config.output_layers';
    if (!byName.has(n)) throw new CompileError('FF020', `${field} names '${n}', which is not a layer`, { file, field });
  }
  for (const n of inputs) {
    if (byName.get(n)?.className !== 'InputLayer') throw new CompileError('FF002', `model input '${n}' is not an InputLayer`, { file, layer: n });
  }
  const pending = new Map(layers.map((l) => [l.name, new Set(l.inbound).size]));
  const readers = new Map<string, string[]>();
  for (const l of layers) for (const i of new Set(l.inbound)) readers.set(i, [...(readers.get(i) ?? []), l.name]);
  const rank = (l: KerasLayer): number => {
    const k = inputs.indexOf(l.name);
    return k >= 0 ? k - inputs.length : l.position;
  };
  const ready = layers.filter((l) => pending.get(l.name) === 0);
  const out: KerasLayer[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => rank(a) - rank(b));
    const l = ready.shift() as KerasLayer;
    out.push(l);
    for (const r of readers.get(l.name) ?? []) {
      const left = (pending.get(r) ?? 0) - 1;
      pending.set(r, left);
      if (left === 0) ready.push(byName.get(r) as KerasLayer);
    }
  }
  if (out.length !== layers.length) {
    const stuck = layers.find((l) => (pending.get(l.name) ?? 0) > 0);
    throw new CompileError('FF020', `the layers form a cycle (through '${stuck?.name ?? '?'}')`, { file, ...(stuck ? { layer: stuck.name } : {}) });
  }
  return out;
}
