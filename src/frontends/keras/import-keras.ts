/**
 * The Keras importer: a full-model `.h5` (Keras 2, or Keras 3's legacy h5),
 * a Keras 3 `.keras` archive, or a `model.to_json()` architecture with a
 * weights-only `.h5` (either layout). Sequential and functional models.
 */
import { CompileError, isCompileError } from '../../core/diagnostics.js';
import type { Graph } from '../../ir/graph/types.js';
import { GraphBuilder } from './graph-builder.js';
import { H5File } from './h5-file.js';
import { Fields, parseJson } from './json-fields.js';
import type { Tensor } from './layer-context.js';
import { LAYER_TABLE } from './layer-table.js';
import { parseModelConfig, type KerasModel } from './model-config.js';
import { Keras3WeightStore, LegacyWeightStore, type WeightStore } from './weight-store.js';
import { ZipArchive } from './zip-reader.js';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46];

export interface KerasImportOptions {
  /** base of the HDF5 reader's time budget per file, in ms (default HDF5_BASE_BUDGET_MS) */
  readonly hdf5BudgetMs?: number;
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/** Convert a parsed model, layer by layer, into a verified graph. */
export function convertKerasModel(model: KerasModel, weights: WeightStore, file: string): Graph {
  const builder = new GraphBuilder(file);
  const tensors = new Map<string, Tensor>();
  for (const layer of model.layers) {
    const converter = Object.prototype.hasOwnProperty.call(LAYER_TABLE, layer.className) ? LAYER_TABLE[layer.className] : undefined;
    if (converter === undefined) {
      throw new CompileError('FF006', `unknown layer class '${layer.className}'`, { file, layer: layer.name, field: 'class_name' });
    }
    const inputs = layer.inbound.map((n) => {
      const t = tensors.get(n);
      if (t === undefined) throw new CompileError('FF020', `layer '${layer.name}' reads '${n}', which has no output yet`, { file, layer: layer.name });
      return t;
    });
    if (layer.className !== 'InputLayer' && inputs.length === 0) {
      throw new CompileError('FF020', `layer '${layer.name}' has no inputs`, { file, layer: layer.name, field: 'inbound_nodes' });
    }
    try {
      tensors.set(layer.name, converter({ layer, cfg: new Fields(layer.config, file, layer.name), inputs, builder, weights }));
    } catch (e) {
      if (isCompileError(e)) throw e.at({ file, layer: layer.name });
      throw e;
    }
  }
  const outputs = model.outputs.map((n) => {
    const t = tensors.get(n);
    if (t === undefined) throw new CompileError('FF020', `model output '${n}' is not a layer`, { file, field: 'output_layers' });
    return t.name;
  });
  return builder.finish(model.name, outputs);
}

export function decodeText(bytes: Uint8Array, file: string, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CompileError('FF002', `${what} is not UTF-8 text`, { file });
  }
}

/** A full-model HDF5 file: `model_config` attribute plus `model_weights`. */
export async function importKerasH5(bytes: Uint8Array, file: string, opts: KerasImportOptions = {}): Promise<Graph> {
  const h5 = await H5File.open(bytes, file, opts.hdf5BudgetMs);
  try {
    const config = h5.attrString('/', 'model_config');
    if (config === undefined) {
      const weightsOnly = h5.attr('/', 'layer_names') !== undefined || h5.kind('/layers') === 'group';
      throw new CompileError(
        'FF002',
        weightsOnly
          ? 'this HDF5 file holds weights only: import the architecture JSON (model.to_json()) together with it'
          : 'this HDF5 file has no model_config attribute: it is not a Keras model',
        { file },
      );
    }
    const model = parseModelConfig(parseJson(config, file, 'the model_config attribute'), file);
    const root = h5.kind('/model_weights') === 'group' ? 'model_weights' : '';
    return convertKerasModel(model, new LegacyWeightStore(h5, root), file);
  } finally {
    h5.close();
  }
}

/** A Keras 3 `.keras` archive: `config.json` and `model.weights.h5`. */
export async function importKerasArchive(bytes: Uint8Array, file: string, opts: KerasImportOptions = {}): Promise<Graph> {
  const zip = new ZipArchive(bytes, file);
  const config = zip.read('config.json');
  if (config === undefined) throw new CompileError('FF002', 'the archive has no config.json: not a Keras 3 model', { file });
  const model = parseModelConfig(parseJson(decodeText(config, file, 'config.json'), file, 'config.json'), file);
  const weights = zip.read('model.weights.h5');
  if (weights === undefined) {
    if (zip.entries.has('model.weights.npz')) throw new CompileError('FF006', 'weights saved as .npz are not supported (only model.weights.h5)', { file });
    throw new CompileError('FF003', 'the archive has no model.weights.h5', { file });
  }
  const h5 = await H5File.open(weights, `${file}:model.weights.h5`, opts.hdf5BudgetMs);
  try {
    return convertKerasModel(model, new Keras3WeightStore(h5, model), file);
  } finally {
    h5.close();
  }
}

/** An architecture JSON (`model.to_json()`) and a weights-only HDF5 file of either layout. */
export async function importKerasJson(
  jsonText: string,
  weights: Uint8Array,
  jsonFile: string,
  weightsFile: string,
  opts: KerasImportOptions = {},
): Promise<Graph> {
  const model = parseModelConfig(parseJson(jsonText, jsonFile, 'the architecture file'), jsonFile);
  const h5 = await H5File.open(weights, weightsFile, opts.hdf5BudgetMs);
  try {
    let store: WeightStore;
    if (h5.kind('/layers') === 'group' || h5.kind('/_layer_checkpoint_dependencies') === 'group') store = new Keras3WeightStore(h5, model);
    else store = new LegacyWeightStore(h5, h5.kind('/model_weights') === 'group' ? 'model_weights' : '');
    return convertKerasModel(model, store, jsonFile);
  } finally {
    h5.close();
  }
}

/** A `.h5` or `.keras` file, told apart by its magic bytes. */
export async function importKerasBytes(bytes: Uint8Array, file: string, opts: KerasImportOptions = {}): Promise<Graph> {
  if (startsWith(bytes, ZIP_MAGIC)) return importKerasArchive(bytes, file, opts);
  if (startsWith(bytes, HDF5_MAGIC)) return importKerasH5(bytes, file, opts);
  throw new CompileError('FF002', 'not a Keras model file: neither HDF5 nor a zip archive (wrong magic bytes)', { file });
}

