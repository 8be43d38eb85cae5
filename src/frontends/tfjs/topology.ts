/**
 * The Keras JSON topology inside a Layers model.json (as written by
 * tfjs-layers and tensorflowjs_converter): a Sequential list of layers, or a
 * functional graph (class Model / Functional) whose layers name their
 * inbound layers in the Keras 2 form [[[name, nodeIndex, tensorIndex, kwargs]]].
 * Normalized here into one list of single-input layers in topological order.
 */
import { CompileError } from '../../core/diagnostics.js';

export type Config = Readonly<Record<string, unknown>>;

export interface TopoLayer {
  readonly name: string;
  readonly className: string;
  readonly config: Config;
  /** producer layer names, one per inbound tensor */
  readonly inbound: readonly string[];
}

export interface Topology {
  readonly name: string;
  /** topologically ordered, input layers first in model input order */
  readonly layers: readonly TopoLayer[];
  /** names of the InputLayer layers, in model input order */
  readonly inputs: readonly string[];
  /** names of the output layers, in model output order */
  readonly outputs: readonly string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class TopologyReader {
  constructor(readonly file: string) {}

  fail(message: string, layer?: string, field?: string, code: 'FF002' | 'FF020' = 'FF002'): never {
    throw new CompileError(code, message, { file: this.file, ...(layer !== undefined ? { layer } : {}), ...(field ? { field } : {}) });
  }

  graphError(message: string, layer: string | undefined, field: string): never {
    return this.fail(message, layer, field, 'FF020');
  }

  layerEntry(entry: unknown, where: string): { name: string; className: string; config: Config; raw: Record<string, unknown> } {
    if (!isRecord(entry)) this.fail(`${where} must be an object`, undefined, where);
    const className = entry['class_name'];
    const config = entry['config'];
    if (typeof className !== 'string') this.fail(`${where}.class_name must be a string`, undefined, `${where}.class_name`);
    if (!isRecord(config)) this.fail(`${where}.config must be an object`, undefined, `${where}.config`);
    const name = entry['name'] ?? config['name'];
    if (typeof name !== 'string' || name.length === 0) this.fail(`${where} (${className}) has no name`, undefined, `${where}.config.name`);
    return { name, className, config, raw: entry };
  }

  /** `[name, node, tensor]` (or a list with one of them) → layer name. */
  layerRef(ref: unknown, field: string): string {
    if (Array.isArray(ref) && typeof ref[0] === 'string') {
      if (ref[1] !== 0 && ref[1] !== undefined) {
        this.fail(`${field} refers to node ${String(ref[1])} of '${ref[0]}': shared layers are not supported`, ref[0], field);
      }
      if (ref[2] !== 0 && ref[2] !== undefined) this.fail(`${field} refers to output ${String(ref[2])} of '${ref[0]}'`, ref[0], field);
      return ref[0];
    }
    return this.fail(`${field} must be [layerName, nodeIndex, tensorIndex]`, undefined, field);
  }

  refList(v: unknown, field: string): string[] {
    if (!Array.isArray(v)) return this.fail(`${field} must be a list`, undefined, field);
    if (typeof v[0] === 'string') return [this.layerRef(v, field)];
    return v.map((r, i) => this.layerRef(r, `${field}[${i}]`));
  }

  sequential(config: unknown, modelName: string): Topology {
    const list = Array.isArray(config) ? config : isRecord(config) ? config['layers'] : undefined;
    const name = isRecord(config) && typeof config['name'] === 'string' ? config['name'] : modelName;
    if (!Array.isArray(list) || list.length === 0) {
      this.fail('a Sequential model needs a non-empty layer list', undefined, 'modelTopology.config.layers');
    }
    const entries = list.map((e, i) => this.layerEntry(e, `modelTopology.config.layers[${i}]`));
    const layers: TopoLayer[] = [];
    const first = entries[0];
    if (first && first.className !== 'InputLayer') {
      const names = new Set(entries.map((e) => e.name));
      let inputName = `${first.name}_input`;
      for (let k = 2; names.has(inputName); k++) inputName = `${first.name}_input_${k}`;
      const shape = first.config['batch_input_shape'] ?? first.config['batch_shape'];
      if (shape === undefined) {
        this.fail('the first layer of a Sequential model must declare its input shape (batch_input_shape)', first.name, 'batch_input_shape');
      }
      layers.push({ name: inputName, className: 'InputLayer', config: { batch_input_shape: shape }, inbound: [] });
    }
    for (const e of entries) {
      const prev = layers[layers.length - 1];
      if (e.className === 'InputLayer' && prev) this.fail('an InputLayer may only come first in a Sequential model', e.name);
      layers.push({ name: e.name, className: e.className, config: e.config, inbound: prev ? [prev.name] : [] });
    }
    const seen = new Set<string>();
    for (const l of layers) {
      if (seen.has(l.name)) this.fail(`two layers are named '${l.name}'`, l.name, 'name');
      seen.add(l.name);
    }
    const input = layers[0]?.name ?? '';
    const output = layers[layers.length - 1]?.name ?? '';
    return { name, layers, inputs: [input], outputs: [output] };
  }

  inboundOf(raw: Record<string, unknown>, name: string, where: string): string[] {
    const nodes = raw['inbound_nodes'] ?? [];
    const field = `${where}.inbound_nodes`;
    if (!Array.isArray(nodes)) return this.fail(`inbound_nodes must be a list`, name, field);
    if (nodes.length === 0) return [];
    if (nodes.length > 1) this.fail(`layer is called ${nodes.length} times: shared layers are not supported`, name, field);
    const node: unknown = nodes[0];
    if (!Array.isArray(node)) {
      const why = 'inbound_nodes must use the Keras 2 form [[[layer, node, tensor, kwargs]]] (tfjs-layers cannot read the Keras 3 form)';
      return this.fail(why, name, field);
    }
    return node.map((r, i) => this.layerRef(r, `${field}[0][${i}]`));
  }

  functional(config: unknown, modelName: string): Topology {
    if (!isRecord(config)) return this.fail('modelTopology.config must be an object', undefined, 'modelTopology.config');
    const list = config['layers'];
    if (!Array.isArray(list) || list.length === 0) {
      this.fail('a functional model needs a non-empty layer list', undefined, 'modelTopology.config.layers');
    }
    const name = typeof config['name'] === 'string' ? config['name'] : modelName;
    const unsorted = list.map((e, i) => {
      const where = `modelTopology.config.layers[${i}]`;
      const entry = this.layerEntry(e, where);
      return { name: entry.name, className: entry.className, config: entry.config, inbound: this.inboundOf(entry.raw, entry.name, where) };
    });
    const inputs = this.refList(config['input_layers'], 'modelTopology.config.input_layers');
    const outputs = this.refList(config['output_layers'], 'modelTopology.config.output_layers');
    if (inputs.length === 0) this.fail('a functional model needs an input layer', undefined, 'modelTopology.config.input_layers');
    if (outputs.length === 0) this.fail('a functional model needs an output layer', undefined, 'modelTopology.config.output_layers');
    return { name, layers: this.sortLayers(unsorted, inputs, outputs), inputs, outputs };
  }

  /** Kahn's algorithm, stable in file order; inputs first in input order. */
  sortLayers(layers: readonly TopoLayer[], inputs: readonly string[], outputs: readonly string[]): TopoLayer[] {
    const byName = new Map<string, TopoLayer>();
    for (const l of layers) {
      if (byName.has(l.name)) this.fail(`two layers are named '${l.name}'`, l.name, 'name');
      byName.set(l.name, l);
    }
    for (const n of inputs) {
      if (byName.get(n)?.className !== 'InputLayer') this.fail(`model input '${n}' is not an InputLayer of the model`, n, 'input_layers');
    }
    for (const l of layers) {
      if (l.className === 'InputLayer' && !inputs.includes(l.name)) {
        this.fail('InputLayer is not listed in input_layers', l.name, 'input_layers');
      }
      for (const src of l.inbound) {
        if (!byName.has(src)) this.graphError(`inbound layer '${src}' does not exist`, l.name, 'inbound_nodes');
      }
    }
    for (const n of outputs) {
      if (!byName.has(n)) this.graphError(`output layer '${n}' does not exist`, undefined, 'output_layers');
    }
    const done = new Set<string>();
    const order: TopoLayer[] = [];
    for (const n of inputs) {
      const l = byName.get(n);
      if (l && !done.has(n)) {
        order.push(l);
        done.add(n);
      }
    }
    let progress = true;
    while (order.length < layers.length && progress) {
      progress = false;
      for (const l of layers) {
        if (!done.has(l.name) && l.inbound.every((s) => done.has(s))) {
          order.push(l);
          done.add(l.name);
          progress = true;
        }
      }
    }
    const stuck = layers.find((l) => !done.has(l.name));
    if (stuck) this.graphError('the layer graph has a cycle through this layer', stuck.name, 'inbound_nodes');
    return order;
  }
}

/** Normalize `modelTopology` (bare, or wrapped in `model_config` by the Keras converter). */
export function parseTopology(modelTopology: Readonly<Record<string, unknown>>, file: string, fallbackName = 'model'): Topology {
  const reader = new TopologyReader(file);
  const inner = modelTopology['model_config'] ?? modelTopology;
  if (!isRecord(inner)) return reader.fail('modelTopology.model_config must be an object', undefined, 'modelTopology.model_config');
  const className = inner['class_name'];
  switch (className) {
    case 'Sequential':
      return reader.sequential(inner['config'], fallbackName);
    case 'Model':
    case 'Functional':
      return reader.functional(inner['config'], fallbackName);
    default:
      throw new CompileError('FF006', `model class '${String(className)}' is not supported (Sequential, Model or Functional)`, {
        file,
        field: 'modelTopology.class_name',
      });
  }
}
