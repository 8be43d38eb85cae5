/**
 * What a worker (thread, queue process or the sweep itself) needs to
 * evaluate points of a sweep, as plain data; contexts are cached per sweep
 * so the model and the validation set load once per worker.
 */
import { CompileError } from '../core/diagnostics.js';
import { loadModel } from '../cli/load-model.js';
import { graphToJson } from '../ir/graph/json.js';
import type { Graph } from '../ir/graph/types.js';
import { loadData, type DataSpec } from './data.js';
import type { EvalContext } from './evaluate-point.js';
import { sha256 } from './point-key.js';
import type { SearchSpace } from './space.js';

export interface WorkSpec {
  readonly modelPath: string;
  /** sha256 of the graph's JSON: every worker must see the same model */
  readonly modelDigest: string;
  readonly data: DataSpec;
  readonly space: SearchSpace;
  readonly synth: boolean;
}

export function graphDigest(g: Graph): string {
  return sha256(graphToJson(g));
}

export async function loadGraph(path: string): Promise<Graph> {
  const loaded = await loadModel(path);
  if (loaded.kind !== 'graph') throw new CompileError('FF014', 'explore needs a model (graph), not a compiled dataflow design: precision, pruning and rank act on the graph', { file: path });
  return loaded.graph;
}

const contexts = new Map<string, Promise<EvalContext>>();

export function contextFor(spec: WorkSpec): Promise<EvalContext> {
  const id = sha256(JSON.stringify([spec.modelPath, spec.modelDigest, spec.data, spec.space, spec.synth]));
  let hit = contexts.get(id);
  if (!hit) {
    hit = (async () => {
      const graph = await loadGraph(spec.modelPath);
      if (graphDigest(graph) !== spec.modelDigest) {
        throw new CompileError('FF014', 'the model file changed since the sweep started (its digest differs); rerun the sweep', { file: spec.modelPath });
      }
      return { graph, data: loadData(spec.data, graph), space: spec.space, synth: spec.synth };
    })();
    contexts.set(id, hit);
  }
  return hit;
}
