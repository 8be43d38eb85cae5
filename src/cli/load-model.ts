/**
 * Load whatever the user points at: a model file (tfjs model.json, Keras,
 * ONNX …) as a graph, or a saved fixflow IR (graph or dataflow JSON).
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { CompileError } from '../core/diagnostics.js';
import { importModel } from '../frontends/detect-format.js';
import { importTfjs } from '../frontends/tfjs/index.js';
import { dataflowFromJson } from '../ir/dataflow/json.js';
import type { Dataflow } from '../ir/dataflow/types.js';
import { graphFromJson } from '../ir/graph/json.js';
import type { Graph } from '../ir/graph/types.js';

export type ModelFormat = 'tfjs' | 'fixflow-graph' | 'fixflow-dataflow' | 'keras' | 'keras-json' | 'onnx';
export const MODEL_FORMATS: readonly ModelFormat[] = ['tfjs', 'keras', 'keras-json', 'onnx', 'fixflow-graph', 'fixflow-dataflow'];

export type Loaded = { readonly kind: 'graph'; readonly graph: Graph; readonly format: ModelFormat } | { readonly kind: 'dataflow'; readonly dataflow: Dataflow };

/** Decide the format from the extension and, for .json, from the content. */
export function detectFormat(path: string): ModelFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.h5' || ext === '.hdf5' || ext === '.keras') return 'keras';
  if (ext === '.onnx') return 'onnx';
  if (ext === '.json') {
    let head: unknown;
    try {
      head = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CompileError('FF001', 'file not found', { file: path });
      throw new CompileError('FF002', `not valid JSON: ${(e as Error).message}`, { file: path });
    }
    const o = (head ?? {}) as Record<string, unknown>;
    if (o.format === 'fixflow-dataflow') return 'fixflow-dataflow';
    if (o.format === 'fixflow-graph') return 'fixflow-graph';
    if ('modelTopology' in o) return 'tfjs';
    if ('class_name' in o && 'config' in o) return 'keras-json';
    throw new CompileError('FF002', 'cannot tell what model format this JSON file is (use --format)', { file: path });
  }
  throw new CompileError('FF002', `unknown model file type '${ext}' (use --format: ${MODEL_FORMATS.join(', ')})`, { file: path });
}

export interface LoadOptions {
  readonly format?: ModelFormat;
  /** weights file for a Keras architecture JSON */
  readonly weights?: string;
}

export async function loadModel(path: string, opts: LoadOptions = {}): Promise<Loaded> {
  const format = opts.format ?? detectFormat(path);
  switch (format) {
    case 'tfjs':
      return { kind: 'graph', graph: await importTfjs(path), format };
    case 'fixflow-graph':
      return { kind: 'graph', graph: graphFromJson(readText(path), path), format };
    case 'fixflow-dataflow':
      return { kind: 'dataflow', dataflow: dataflowFromJson(readText(path), path) };
    case 'keras':
    case 'keras-json':
    case 'onnx':
      return { kind: 'graph', graph: await importModel(path, { format, ...(opts.weights !== undefined ? { weights: opts.weights } : {}) }), format };
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new CompileError('FF001', 'file not found or unreadable', { file: path });
  }
}
