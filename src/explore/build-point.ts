/**
 * A point → its dataflow design: factorize the rank layers, prune by
 * magnitude, then compile with the point's precision and reuse factor over
 * the space's base configuration.
 */
import { factorizeDense } from '../compress/lowrank/factorize-dense.js';
import { pruneMagnitude } from '../compress/prune/magnitude.js';
import type { Dataflow } from '../ir/dataflow/types.js';
import type { Graph } from '../ir/graph/types.js';
import type { LayerConfig, PrecisionConfig } from '../lower/config.js';
import { compileGraph } from '../pipeline.js';
import type { Point, SearchSpace } from './space.js';

export function pointConfig(space: SearchSpace, p: Point): PrecisionConfig {
  const base = space.config ?? {};
  const model: LayerConfig = { ...(base.model ?? {}), reuseFactor: p.reuseFactor };
  const layerName: Record<string, LayerConfig> = { ...(base.layerName ?? {}) };
  if (space.layers) {
    space.layers.forEach((l, i) => {
      layerName[l] = { ...(layerName[l] ?? {}), default: p.precision[i] };
    });
  } else {
    model.default = p.precision[0];
  }
  return { ...base, model, ...(Object.keys(layerName).length > 0 ? { layerName } : {}) };
}

export function pointGraph(graph: Graph, space: SearchSpace, p: Point): Graph {
  let g = graph;
  if (p.rank > 0) {
    const first = g.nodes.find((n) => n.op === 'dense');
    const layers = space.rankLayers ?? (first ? [first.name] : []);
    for (const l of layers) g = factorizeDense(g, l, { rank: p.rank }).graph;
  }
  if (p.prune > 0) g = pruneMagnitude(g, { sparsity: p.prune }).graph;
  return g;
}

export function buildPoint(graph: Graph, space: SearchSpace, p: Point): Dataflow {
  return compileGraph(pointGraph(graph, space, p), { config: pointConfig(space, p) });
}
