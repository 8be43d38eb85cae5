/** Keras and ONNX importers (issue 7), behind one function. */
import { CompileError } from '../core/diagnostics.js';
import type { Graph } from '../ir/graph/types.js';

export async function importForeign(path: string, format: 'keras' | 'keras-json' | 'onnx', _weights?: string): Promise<Graph> {
  throw new CompileError('FF006', `the ${format} importer is not available in this build`, { file: path });
}
