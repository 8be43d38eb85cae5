/** Designs and labelled data for the report tests. */
import { evaluateGraph } from '../../../sim/float-reference.js';
import type { Graph, GraphNode } from '../../../src/ir/graph/types.js';
import type { PrecisionConfig } from '../../../src/lower/config.js';
import { compileGraph } from '../../../src/pipeline.js';
import type { Dataflow } from '../../../src/ir/dataflow/types.js';
import type { LabelledData } from '../../../src/report/html/index.js';
import { classesFromScores } from '../../../src/report/html/index.js';
import { mlpGraph } from '../../helpers/models.js';
import { gaussian, prng } from '../../helpers/prng.js';

/** Layer and class names that would inject markup or script if not escaped. */
export const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "</style><svg onload=alert(3)>",
  "x' onmouseover='alert(4)",
  '&lt;b&gt; */ -- <!-- \u0007',
] as const;

/** Rename every node of a graph (names, inputs and outputs). */
export function renameGraph(g: Graph, rename: (name: string, index: number) => string): Graph {
  const map = new Map(g.nodes.map((n, i) => [n.name, rename(n.name, i)]));
  const to = (s: string): string => map.get(s) ?? s;
  const nodes = g.nodes.map((n) => ({ ...n, name: to(n.name), inputs: n.inputs.map(to) }) as GraphNode);
  return { ...g, nodes, outputs: g.outputs.map(to) };
}

/** A small classifier 6-12-8-4 with softmax; hostile layer names when asked. */
export function smallClassifier(hostile = false): Graph {
  const g = mlpGraph({ sizes: [6, 12, 8, 4], head: 'softmax', seed: 11, sparsity: 0.2, name: hostile ? 'evil<b>"design"</b>' : 'small_mlp' });
  return hostile ? renameGraph(g, (n, i) => `${HOSTILE[i % HOSTILE.length] ?? ''} ${n}`) : g;
}

export function compile(g: Graph, config: PrecisionConfig = { model: { default: 'ap_fixed<8,3,RND,SAT>' } }): Dataflow {
  return compileGraph(g, { config });
}

export interface LabelledSet {
  readonly data: LabelledData;
  readonly floatClasses: Int32Array;
}

/**
 * Seeded Gaussian inputs (sd 1.5, so narrow types overflow); the label is the
 * float model's class, replaced by a random class for `noise` of the samples.
 */
export function syntheticSet(g: Graph, classNames: readonly string[], count: number, seed = 3, noise = 0.15): LabelledSet {
  const r = prng(seed);
  const n = gaussian(r, 1.5);
  const width = g.nodes.filter((x) => x.op === 'input').reduce((a, x) => a + x.shape.reduce((p, q) => p * q, 1), 0);
  const rows = Array.from({ length: count }, () => Array.from({ length: width }, n));
  const floatClasses = classesFromScores(evaluateGraph(g, rows));
  const labels = Int32Array.from(floatClasses, (c) => (r() < noise ? Math.floor(r() * classNames.length) : c));
  const inputs = Float64Array.from(rows.flat());
  return { data: { name: 'synthetic', count, inputs, labels, classNames }, floatClasses };
}
