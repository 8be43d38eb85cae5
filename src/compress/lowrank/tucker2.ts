/**
 * Tucker-2 decomposition of a Conv2D (Kim et al. 2016): the kernel
 * W[ky][kx][c][o] ≈ Σ G[ky][kx][r][s] · U[c][r] · V[o][s], with U and V the
 * leading left singular vectors of the kernel unfolded along the input and
 * the output channels (HOSVD) and the core G = W ×_c Uᵀ ×_o Vᵀ. The layer
 * becomes a 1×1 conv (C → R_in, U), the KH×KW core conv (R_in → R_out, the
 * layer's strides and padding) and a 1×1 conv (R_out → F, V, the bias). The
 * first conv has no bias, so padded zeros stay zeros and the chain computes
 * exactly the convolution with the approximated kernel; at full ranks
 * (R_in = C, R_out = F when the unfoldings allow) U and V are orthogonal and
 * the chain reproduces the layer.
 */
import type { Graph } from '../../ir/graph/types.js';
import { freshName, replaceWithChain } from '../graph-edit.js';
import { checkInteger } from '../request-error.js';
import {
  checkChoice,
  convLayer,
  inShapes,
  keepQuant,
  layerMacs,
  pointwise,
  rankForBudget,
  rankForEnergy,
  relativeError,
  spatialConv,
  type ConvFactorizeResult,
  type ConvRankChoice,
} from './conv-layer.js';
import { svd, type Svd } from './svd.js';

function chooseRanks(choice: ConvRankChoice, dc: Svd, df: Svd, macsOf: (rin: number, rout: number) => number, layer: string): [number, number] {
  if ('ranks' in choice) {
    checkInteger(choice.ranks[0], 1, dc.k, 'ranks[0]', layer);
    checkInteger(choice.ranks[1], 1, df.k, 'ranks[1]', layer);
    return [choice.ranks[0], choice.ranks[1]];
  }
  if ('rank' in choice) {
    checkInteger(choice.rank, 1, Math.max(dc.k, df.k), 'rank', layer);
    return [Math.min(choice.rank, dc.k), Math.min(choice.rank, df.k)];
  }
  if ('energy' in choice) return [rankForEnergy(dc.s, choice.energy, layer), rankForEnergy(df.s, choice.energy, layer)];
  // one step t of T raises both ranks in proportion to their maxima
  const T = Math.max(dc.k, df.k);
  const at = (t: number): [number, number] => [Math.max(1, Math.ceil((t * dc.k) / T)), Math.max(1, Math.ceil((t * df.k) / T))];
  const t = rankForBudget(choice.macBudget, T, (x) => macsOf(...at(x)), layer);
  return at(t);
}

export function tucker2Conv(graph: Graph, layer: string, choice: ConvRankChoice): ConvFactorizeResult {
  checkChoice(choice, layer, true);
  const l = convLayer(graph, layer, inShapes(graph));
  const { KH, KW, C, F, win } = l;
  const taps = KH * KW;
  const w = l.node.kernel;
  // mode-c unfolding: C × (taps·F); mode-o unfolding: F × (taps·C)
  const xc = new Float64Array(C * taps * F);
  const xf = new Float64Array(F * taps * C);
  for (let t = 0; t < taps; t++) {
    for (let c = 0; c < C; c++) {
      for (let o = 0; o < F; o++) {
        const v = w[(t * C + c) * F + o] ?? 0;
        xc[c * taps * F + t * F + o] = v;
        xf[o * taps * C + t * C + c] = v;
      }
    }
  }
  const dc = svd(xc, C, taps * F);
  const df = svd(xf, F, taps * C);
  const macsOf = (rin: number, rout: number): number => win.H * win.W * C * rin + win.OH * win.OW * taps * rin * rout + win.OH * win.OW * rout * F;
  const [rin, rout] = chooseRanks(choice, dc, df, macsOf, layer);
  const u = (c: number, r: number): number => dc.u[c * dc.k + r] ?? 0;
  const v = (o: number, s: number): number => df.u[o * df.k + s] ?? 0;
  const core = new Float64Array(taps * rin * rout);
  for (let t = 0; t < taps; t++) {
    for (let c = 0; c < C; c++) {
      for (let o = 0; o < F; o++) {
        const x = w[(t * C + c) * F + o] ?? 0;
        if (x === 0) continue;
        for (let r = 0; r < rin; r++) {
          const xu = x * u(c, r);
          for (let s = 0; s < rout; s++) core[(t * rin + r) * rout + s] = (core[(t * rin + r) * rout + s] ?? 0) + xu * v(o, s);
        }
      }
    }
  }
  const first = new Float64Array(C * rin);
  for (let c = 0; c < C; c++) for (let r = 0; r < rin; r++) first[c * rin + r] = u(c, r);
  const last = new Float64Array(rout * F);
  for (let s = 0; s < rout; s++) for (let o = 0; o < F; o++) last[s * F + o] = v(o, s);
  const approx = new Float64Array(w.length);
  for (let t = 0; t < taps; t++) {
    for (let c = 0; c < C; c++) {
      for (let o = 0; o < F; o++) {
        let acc = 0;
        for (let r = 0; r < rin; r++) for (let s = 0; s < rout; s++) acc += (core[(t * rin + r) * rout + s] ?? 0) * u(c, r) * v(o, s);
        approx[(t * C + c) * F + o] = acc;
      }
    }
  }
  const inName = freshName(graph, `${layer}_tucker_in`);
  const coreName = freshName(graph, `${layer}_tucker_core`);
  const chain = [
    pointwise(inName, l.node.inputs[0] ?? '', [win.H, win.W, rin], rin, first, null),
    spatialConv(coreName, inName, [win.OH, win.OW, rout], l.node.kernelSize, l.node.strides, l.node.padding, rout, core, null),
    { ...pointwise(layer, coreName, l.node.shape, F, last, l.node.bias), ...keepQuant(l.node) },
  ];
  return {
    graph: replaceWithChain(graph, layer, chain),
    ranks: [rin, rout],
    relativeError: relativeError(w, approx),
    macsBefore: layerMacs(l),
    macsAfter: macsOf(rin, rout),
  };
}
