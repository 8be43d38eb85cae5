/**
 * Cross-layer equalization (Nagel et al. 2019): for Dense₁ → f → Dense₂ with
 * f positively homogeneous (ReLU, linear, leaky ReLU: f(x/s) = f(x)/s for
 * s > 0), dividing unit i of Dense₁ (column i and bias i) by s_i and
 * multiplying row i of Dense₂ by s_i leaves the function unchanged. With
 * r1_i = max|W₁[:, i]|, r2_i = max|W₂[i, :]| and s_i = √(r1_i / r2_i) both
 * ranges become √(r1_i · r2_i), which suits one per-layer weight type.
 * Pairs are equalized in graph order, repeated until the scales settle.
 */
import type { DenseNode, Graph, GraphNode } from '../../ir/graph/types.js';
import { consumersOf, denseInSize, denseNodes, nodeByName, replaceNodes } from '../graph-edit.js';
import { checkInteger } from '../request-error.js';

export interface EqualizedPair {
  readonly first: string;
  readonly second: string;
}

/** Dense pairs joined only by positively homogeneous single-reader nodes. */
export function equalizablePairs(graph: Graph): EqualizedPair[] {
  const pairs: EqualizedPair[] = [];
  for (const d of denseNodes(graph)) {
    let cur: GraphNode = d;
    for (;;) {
      if (graph.outputs.includes(cur.name)) break;
      const readers = consumersOf(graph, cur.name);
      const next = readers[0];
      if (readers.length !== 1 || next === undefined) break;
      if (next.op === 'dense') {
        pairs.push({ first: d.name, second: next.name });
        break;
      }
      const homogeneous = (next.op === 'activation' && (next.fn === 'relu' || next.fn === 'linear')) || (next.op === 'leaky_relu' && next.alpha >= 0);
      if (!homogeneous) break;
      cur = next;
    }
  }
  return pairs;
}

function equalizePair(first: DenseNode, second: DenseNode): { first: DenseNode; second: DenseNode; change: number } {
  const inSize = denseInSize(first);
  const units = first.units;
  const k1 = [...first.kernel];
  const k2 = [...second.kernel];
  const b1 = first.bias === null ? null : [...first.bias];
  let change = 0;
  for (let c = 0; c < units; c++) {
    let r1 = 0;
    for (let i = 0; i < inSize; i++) r1 = Math.max(r1, Math.abs(k1[i * units + c] ?? 0));
    let r2 = 0;
    for (let o = 0; o < second.units; o++) r2 = Math.max(r2, Math.abs(k2[c * second.units + o] ?? 0));
    if (r1 === 0 || r2 === 0) continue;
    const s = Math.sqrt(r1 / r2);
    change = Math.max(change, Math.abs(Math.log(s)));
    for (let i = 0; i < inSize; i++) k1[i * units + c] = (k1[i * units + c] ?? 0) / s;
    if (b1 !== null) b1[c] = (b1[c] ?? 0) / s;
    for (let o = 0; o < second.units; o++) k2[c * second.units + o] = (k2[c * second.units + o] ?? 0) * s;
  }
  return { first: { ...first, kernel: k1, bias: b1 }, second: { ...second, kernel: k2 }, change };
}

export function equalizeLayers(graph: Graph, iterations = 20): { graph: Graph; pairs: EqualizedPair[] } {
  checkInteger(iterations, 1, 1000, 'iterations');
  const pairs = equalizablePairs(graph);
  let g = graph;
  for (let it = 0; it < iterations; it++) {
    let change = 0;
    for (const p of pairs) {
      const a = nodeByName(g, p.first);
      const b = nodeByName(g, p.second);
      if (a?.op !== 'dense' || b?.op !== 'dense') continue;
      const r = equalizePair(a, b);
      change = Math.max(change, r.change);
      g = replaceNodes(g, new Map<string, GraphNode>([[a.name, r.first], [b.name, r.second]]));
    }
    if (change < 1e-9) break;
  }
  return { graph: g, pairs };
}
