/**
 * The TensorFlow.js frontend's entry point: model.json + weight shards →
 * graph IR. Everything is validated here, before tfjs ever sees the files.
 */
import { resolve } from 'node:path';
import { verifyGraph } from '../../ir/graph/verify.js';
import type { Graph } from '../../ir/graph/types.js';
import { convertLayers } from './convert-layers.js';
import { readModelJson, type ModelJson } from './model-json.js';
import { parseTopology, type Topology } from './topology.js';
import { readModelWeights, type ModelWeights } from './weight-shards.js';

export interface TfjsModelFiles {
  /** absolute path of the model.json */
  readonly file: string;
  readonly json: ModelJson;
  readonly topology: Topology;
  readonly weights: ModelWeights;
  readonly graph: Graph;
}

/**
 * Read and fully validate a Layers model: FF001 unreadable model.json, FF002
 * malformed file, FF003 missing or short shard / missing weight, FF004 shape
 * mismatch, FF005 NaN or Inf weight, FF006 unsupported layer, FF020 broken
 * layer graph.
 */
export function readTfjsModelFiles(modelJsonPath: string): TfjsModelFiles {
  const file = resolve(modelJsonPath);
  const json = readModelJson(file);
  const topology = parseTopology(json.modelTopology, file);
  const weights = readModelWeights(json, file);
  const graph = convertLayers(topology, weights, file);
  verifyGraph(graph, file);
  return { file, json, topology, weights, graph };
}

/** Import a TensorFlow.js Layers model (Sequential or functional) into the graph IR. */
export async function importTfjs(modelJsonPath: string): Promise<Graph> {
  return readTfjsModelFiles(modelJsonPath).graph;
}
