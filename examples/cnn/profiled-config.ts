/** The CNN's narrow design: every layer's result at `width` bits, integer bits from the overflow profile. */
import type { Dataflow } from '../../src/ir/dataflow/types.js';
import type { Graph } from '../../src/ir/graph/types.js';
import type { PrecisionConfig } from '../../src/lower/config.js';
import { simulateClasses } from '../../src/cli/accuracy.js';
import { compileGraph } from '../../src/pipeline.js';

/** The base config with every layer's result at `width` bits and the integer bits its profile suggests. */
export function profiledConfig(graph: Graph, df: Dataflow, base: PrecisionConfig, images: Float32Array, count: number, width: number): PrecisionConfig {
  const run = simulateClasses(df, images, count, true);
  const layerName: Record<string, { result: string }> = { ...(base.layerName as Record<string, { result: string }> | undefined) };
  for (const t of run.profile ?? []) {
    if (t.tensor !== 'result' || df.outputs.includes(t.layer) || df.nodes.find((n) => n.name === t.layer)?.op === 'input') continue;
    const int = Math.min(width - 1, Math.max(1, t.suggestedInt));
    const result = { result: `ap_fixed<${width},${int},RND,SAT>` };
    layerName[t.source] = result;
    // a BatchNorm folded into this layer decides its result type
    for (const bn of graph.nodes) if (bn.op === 'batchnorm' && bn.inputs[0] === t.source) layerName[bn.name] = result;
  }
  return { ...base, layerName };
}

/** The narrow design itself: `base` compiled, profiled on the calibration images, compiled again at `width` bits. */
export function profiledDesign(graph: Graph, base: PrecisionConfig, images: Float32Array, count: number, width: number): Dataflow {
  return compileGraph(graph, { config: profiledConfig(graph, compileGraph(graph, { config: base }), base, images, count, width) });
}
