/**
 * CP decomposition of a Conv2D (Lebedev et al. 2015): the kernel
 * W[ky][kx][c][o] ≈ Σ_r A[ky][r] · B[kx][r] · Cf[c][r] · D[o][r] (cp-als.ts)
 * becomes a chain of four thin layers: a 1×1 conv (C → R, Cf, no bias), a
 * KH×1 depthwise conv (A; the row stride and row padding), a 1×KW depthwise
 * conv (B; the column stride and padding) and a 1×1 conv (R → F, D, the
 * bias). No layer before the last has a bias, so the padded zeros of the
 * original stay zeros along the chain: it computes exactly the convolution
 * with the rank-R kernel. Rank ≥ the product of the three smallest of
 * KH, KW, C, F gives an exact decomposition (cp-als.ts), so the chain then
 * reproduces the layer.
 */
import type { Graph } from '../../ir/graph/types.js';
import { freshName, replaceWithChain } from '../graph-edit.js';
import { checkInteger, invalidRequest } from '../request-error.js';
import {
  checkChoice,
  colPadding,
  convLayer,
  depthwise,
  inShapes,
  keepQuant,
  layerMacs,
  pointwise,
  rankForBudget,
  relativeError,
  rowPadding,
  type ConvFactorizeResult,
  type ConvRankChoice,
} from './conv-layer.js';
import { cpAls, cpReconstruct, exactCpRank, type Cp, type CpOptions } from './cp-als.js';

export function cpConv(graph: Graph, layer: string, choice: ConvRankChoice, opts: CpOptions = {}): ConvFactorizeResult {
  checkChoice(choice, layer, false);
  const l = convLayer(graph, layer, inShapes(graph));
  const { KH, KW, C, F, win } = l;
  const dims = [KH, KW, C, F];
  const maxRank = exactCpRank(dims);
  const w = l.node.kernel;
  const macsOf = (r: number): number => win.H * win.W * C * r + win.OH * win.W * KH * r + win.OH * win.OW * KW * r + win.OH * win.OW * r * F;
  let cp: Cp;
  let err: number;
  const fit = (r: number): [Cp, number] => {
    const d = cpAls(w, dims, r, opts);
    return [d, relativeError(w, cpReconstruct(d, dims))];
  };
  if ('rank' in choice) {
    checkInteger(choice.rank, 1, maxRank, 'rank', layer);
    [cp, err] = fit(choice.rank);
  } else if ('macBudget' in choice) {
    [cp, err] = fit(rankForBudget(choice.macBudget, maxRank, macsOf, layer));
  } else if ('energy' in choice) {
    if (!(choice.energy > 0 && choice.energy <= 1)) throw invalidRequest(`energy must be in (0, 1], got ${choice.energy}`, layer, 'energy');
    // the smallest rank whose relative squared error is at most 1 − energy
    let r = 1;
    [cp, err] = fit(r);
    while (1 - err * err < choice.energy * (1 - 1e-12) && r < maxRank) {
      r = Math.min(maxRank, r < 8 ? r + 1 : Math.ceil(r * 1.25));
      [cp, err] = fit(r);
    }
  } else throw new Error('unreachable: checkChoice');
  const R = cp.rank;
  const [a, b, cf, d] = cp.factors as [Float64Array, Float64Array, Float64Array, Float64Array];
  const last = new Float64Array(R * F);
  for (let r = 0; r < R; r++) for (let o = 0; o < F; o++) last[r * F + o] = d[o * R + r] ?? 0;
  const inName = freshName(graph, `${layer}_cp_in`);
  const vName = freshName(graph, `${layer}_cp_v`);
  const hName = freshName(graph, `${layer}_cp_h`);
  const chain = [
    pointwise(inName, l.node.inputs[0] ?? '', [win.H, win.W, R], R, cf, null),
    // depthwise kernels [KH][1][R][1] and [1][KW][R][1]: factor rows as they are
    depthwise(vName, inName, [win.OH, win.W, R], [KH, 1], [win.SH, 1], rowPadding(win), a),
    depthwise(hName, vName, [win.OH, win.OW, R], [1, KW], [1, win.SW], colPadding(win), b),
    { ...pointwise(layer, hName, l.node.shape, F, last, l.node.bias), ...keepQuant(l.node) },
  ];
  return { graph: replaceWithChain(graph, layer, chain), ranks: [R], relativeError: err, macsBefore: layerMacs(l), macsAfter: macsOf(R) };
}
