/**
 * Truncated-SVD factorization of a Dense layer: W (in × units) ≈ A · B with
 * A = U_r·√S_r (in × r) and B = √S_r·V_rᵀ (r × units). The layer becomes two
 * thin Dense layers: `<name>_lowrank` (A, no bias, no activation) then
 * `<name>` (B, the original bias; the original activation node still follows),
 * so readers, outputs and per-layer config keyed by the name keep working.
 * Splitting √S to both factors keeps their ranges alike, which suits fixed point.
 */
import type { DenseNode, Graph } from '../../ir/graph/types.js';
import { denseByName, denseInSize, freshName, replaceWithChain } from '../graph-edit.js';
import { checkInteger, checkRange, invalidRequest } from '../request-error.js';
import { svd, type Svd } from './svd.js';

/** Exactly one way of choosing the rank. */
export type RankChoice =
  | { readonly rank: number }
  | { readonly energy: number }
  /** largest rank whose two layers need at most this many MACs per sample */
  | { readonly macBudget: number };

export interface FactorizeResult {
  readonly graph: Graph;
  readonly rank: number;
  /** Σ_{i<r} σ_i² / Σ σ_i² */
  readonly energy: number;
  readonly macsBefore: number;
  readonly macsAfter: number;
  readonly singularValues: readonly number[];
}

export function chooseRank(d: Svd, choice: RankChoice, inSize: number, units: number, layer: string): number {
  const maxRank = Math.min(inSize, units);
  if ('rank' in choice) {
    checkInteger(choice.rank, 1, maxRank, 'rank', layer);
    return choice.rank;
  }
  if ('energy' in choice) {
    checkRange(choice.energy, 0, 1, 'energy', layer, { lo: true });
    const total = d.s.reduce((a, s) => a + s * s, 0);
    if (total === 0) throw invalidRequest(`layer '${layer}' has an all-zero kernel; nothing to factorize`, layer, 'kernel');
    let acc = 0;
    for (let r = 1; r <= d.k; r++) {
      acc += (d.s[r - 1] ?? 0) ** 2;
      if (acc / total >= choice.energy * (1 - 1e-12)) return r;
    }
    return d.k;
  }
  const perRank = inSize + units;
  if (!Number.isFinite(choice.macBudget) || choice.macBudget < perRank) {
    throw invalidRequest(
      `macBudget ${choice.macBudget} is below the ${perRank} MACs of a rank-1 factorization of '${layer}'`,
      layer,
      'macBudget',
    );
  }
  return Math.min(maxRank, Math.floor(choice.macBudget / perRank));
}

export function factorizeDense(graph: Graph, layer: string, choice: RankChoice): FactorizeResult {
  const node = denseByName(graph, layer);
  const inSize = denseInSize(node);
  const units = node.units;
  const d = svd(node.kernel, inSize, units);
  const rank = chooseRank(d, choice, inSize, units, layer);
  const first = new Float64Array(inSize * rank);
  const second = new Float64Array(rank * units);
  for (let t = 0; t < rank; t++) {
    const root = Math.sqrt(d.s[t] ?? 0);
    for (let i = 0; i < inSize; i++) first[i * rank + t] = (d.u[i * d.k + t] ?? 0) * root;
    for (let o = 0; o < units; o++) second[t * units + o] = root * (d.v[o * d.k + t] ?? 0);
  }
  const firstName = freshName(graph, `${layer}_lowrank`);
  const a: DenseNode = {
    op: 'dense',
    name: firstName,
    inputs: node.inputs,
    shape: [rank],
    units: rank,
    kernel: Array.from(first),
    bias: null,
  };
  const b: DenseNode = {
    op: 'dense',
    name: node.name,
    inputs: [firstName],
    shape: node.shape,
    units,
    kernel: Array.from(second),
    bias: node.bias,
    ...(node.quant !== undefined ? { quant: node.quant } : {}),
  };
  const total = d.s.reduce((acc, s) => acc + s * s, 0);
  let kept = 0;
  for (let t = 0; t < rank; t++) kept += (d.s[t] ?? 0) ** 2;
  return {
    graph: replaceWithChain(graph, layer, [a, b]),
    rank,
    energy: total === 0 ? 1 : kept / total,
    macsBefore: inSize * units,
    macsAfter: rank * (inSize + units),
    singularValues: Array.from(d.s),
  };
}
