/** Load a model (or IR), read its config, and run the pipeline. */
import { loadConfig, type PrecisionConfig } from '../lower/config.js';
import type { Dataflow } from '../ir/dataflow/types.js';
import type { Graph } from '../ir/graph/types.js';
import { compileGraph } from '../pipeline.js';
import { loadModel, type ModelFormat } from './load-model.js';

export interface ModelArgs {
  readonly config?: string;
  readonly format?: ModelFormat;
  readonly weights?: string;
  readonly dumpAfter?: string;
}

export interface Compiled {
  readonly dataflow: Dataflow;
  readonly graph?: Graph;
  readonly config: PrecisionConfig;
}

export async function compileModel(path: string, args: ModelArgs, dump?: (text: string) => void): Promise<Compiled> {
  const config = args.config ? loadConfig(args.config) : {};
  const loaded = await loadModel(path, { format: args.format, weights: args.weights });
  if (loaded.kind === 'dataflow') return { dataflow: loaded.dataflow, config };
  const dataflow = compileGraph(loaded.graph, {
    config,
    configFile: args.config,
    dumpAfter: args.dumpAfter && dump ? { pass: args.dumpAfter, write: dump } : undefined,
  });
  return { dataflow, graph: loaded.graph, config };
}
