/**
 * Importance scores of the units (output channels) of a Dense or Conv layer; the
 * lowest-scoring units are removed by structured pruning.
 * - l1: Li et al. 2017, the L1 norm of the unit's incoming weights.
 * - fpgm: He et al. 2019, units nearest the geometric median of all units are
 *   the most replaceable; score = Σ_j ‖w_o − w_j‖₂ (small = near the median).
 * - bn-slim: Liu et al. 2017, |γ| of the BatchNorm that normalises the unit.
 */
import type { Graph } from '../../ir/graph/types.js';
import { consumersOf } from '../graph-edit.js';
import { invalidRequest } from '../request-error.js';

export type UnitCriterion = 'l1' | 'fpgm' | 'bn-slim';

/**
 * A layer's weights seen as [inputs][units], row-major: a Dense kernel, or a
 * conv kernel [KH][KW][C][F] read as [KH·KW·C][F] (one column per filter).
 */
export interface UnitWeights {
  readonly name: string;
  readonly kernel: readonly number[];
  readonly units: number;
}

function inSizeOf(node: UnitWeights): number {
  return node.units === 0 ? 0 : node.kernel.length / node.units;
}

function unitVector(node: UnitWeights, inSize: number, o: number): Float64Array {
  const v = new Float64Array(inSize);
  for (let i = 0; i < inSize; i++) v[i] = node.kernel[i * node.units + o] ?? 0;
  return v;
}

export function l1Scores(node: UnitWeights): Float64Array {
  const inSize = inSizeOf(node);
  const s = new Float64Array(node.units);
  for (let i = 0; i < inSize; i++) for (let o = 0; o < node.units; o++) s[o] = (s[o] ?? 0) + Math.abs(node.kernel[i * node.units + o] ?? 0);
  return s;
}

export function fpgmScores(node: UnitWeights): Float64Array {
  const inSize = inSizeOf(node);
  const vecs = Array.from({ length: node.units }, (_, o) => unitVector(node, inSize, o));
  const s = new Float64Array(node.units);
  for (let a = 0; a < node.units; a++) {
    for (let b = a + 1; b < node.units; b++) {
      const va = vecs[a] ?? new Float64Array(0);
      const vb = vecs[b] ?? new Float64Array(0);
      let d2 = 0;
      for (let i = 0; i < inSize; i++) d2 += ((va[i] ?? 0) - (vb[i] ?? 0)) ** 2;
      const d = Math.sqrt(d2);
      s[a] = (s[a] ?? 0) + d;
      s[b] = (s[b] ?? 0) + d;
    }
  }
  return s;
}

/** |γ| of the BatchNorm reading the layer (directly or after element-wise nodes). */
export function bnScores(graph: Graph, node: UnitWeights): Float64Array {
  let cur = node.name;
  for (;;) {
    const readers = consumersOf(graph, cur);
    const next = readers[0];
    if (readers.length !== 1 || next === undefined) break;
    if (next.op === 'batchnorm') return Float64Array.from(next.gamma, Math.abs);
    if (next.op !== 'activation' && next.op !== 'clip' && next.op !== 'leaky_relu') break;
    cur = next.name;
  }
  throw invalidRequest(`bn-slim needs a BatchNorm after layer '${node.name}', found none`, node.name, 'criterion');
}

export function unitScores(graph: Graph, node: UnitWeights, criterion: UnitCriterion): Float64Array {
  switch (criterion) {
    case 'l1':
      return l1Scores(node);
    case 'fpgm':
      return fpgmScores(node);
    case 'bn-slim':
      return bnScores(graph, node);
    default:
      throw invalidRequest(`unknown criterion '${String(criterion)}' (one of l1, fpgm, bn-slim)`, node.name, 'criterion');
  }
}

/** Indices (ascending) of the `keep` highest-scoring units; ties keep the lower index. */
export function unitsToKeep(scores: Float64Array, keep: number): number[] {
  const order = Array.from(scores.keys()).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
  return order.slice(0, keep).sort((a, b) => a - b);
}
