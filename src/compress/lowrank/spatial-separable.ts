/**
 * Spatially separable factorization of a Conv2D (Jaderberg et al. 2014,
 * scheme 2): the kernel, read as the matrix M[(ky, c)][(kx, o)], is cut by
 * truncated SVD to rank r, giving a KH×1 conv (C → r; the layer's row
 * stride and row padding) then a 1×KW conv (r → F; column stride and
 * padding, the bias). √σ goes to both halves. The vertical conv sees every
 * input column and no column padding, so the padded zeros of the original
 * reach the horizontal conv as zeros of its own padding: the chain computes
 * exactly the convolution with the rank-r kernel. Full rank
 * (min(KH·C, KW·F)) reproduces the layer.
 */
import type { Graph } from '../../ir/graph/types.js';
import { freshName, replaceWithChain } from '../graph-edit.js';
import { checkInteger } from '../request-error.js';
import {
  checkChoice,
  colPadding,
  convLayer,
  inShapes,
  keepQuant,
  kIndex,
  layerMacs,
  rankForBudget,
  rankForEnergy,
  relativeError,
  rowPadding,
  spatialConv,
  type ConvFactorizeResult,
  type ConvRankChoice,
} from './conv-layer.js';
import { svd } from './svd.js';

export function separateSpatially(graph: Graph, layer: string, choice: ConvRankChoice): ConvFactorizeResult {
  checkChoice(choice, layer, false);
  const l = convLayer(graph, layer, inShapes(graph));
  const { KH, KW, C, F, win } = l;
  const rows = KH * C;
  const cols = KW * F;
  const m = new Float64Array(rows * cols);
  for (let ky = 0; ky < KH; ky++) {
    for (let kx = 0; kx < KW; kx++) {
      for (let c = 0; c < C; c++) for (let o = 0; o < F; o++) m[(ky * C + c) * cols + kx * F + o] = l.node.kernel[kIndex(l, ky, kx, c, o)] ?? 0;
    }
  }
  const d = svd(m, rows, cols);
  const macsOf = (r: number): number => win.OH * win.W * KH * C * r + win.OH * win.OW * KW * r * F;
  let r: number;
  if ('rank' in choice) {
    checkInteger(choice.rank, 1, d.k, 'rank', layer);
    r = choice.rank;
  } else if ('energy' in choice) r = rankForEnergy(d.s, choice.energy, layer);
  else if ('macBudget' in choice) r = rankForBudget(choice.macBudget, d.k, macsOf, layer);
  else throw new Error('unreachable: checkChoice');
  const vert = new Float64Array(KH * C * r);
  const horiz = new Float64Array(KW * r * F);
  for (let t = 0; t < r; t++) {
    const root = Math.sqrt(d.s[t] ?? 0);
    for (let ky = 0; ky < KH; ky++) for (let c = 0; c < C; c++) vert[(ky * C + c) * r + t] = (d.u[(ky * C + c) * d.k + t] ?? 0) * root;
    for (let kx = 0; kx < KW; kx++) for (let o = 0; o < F; o++) horiz[(kx * r + t) * F + o] = root * (d.v[(kx * F + o) * d.k + t] ?? 0);
  }
  const approx = new Float64Array(l.node.kernel.length);
  for (let ky = 0; ky < KH; ky++) {
    for (let kx = 0; kx < KW; kx++) {
      for (let c = 0; c < C; c++) {
        for (let o = 0; o < F; o++) {
          let s = 0;
          for (let t = 0; t < r; t++) s += (vert[(ky * C + c) * r + t] ?? 0) * (horiz[(kx * r + t) * F + o] ?? 0);
          approx[kIndex(l, ky, kx, c, o)] = s;
        }
      }
    }
  }
  const vName = freshName(graph, `${layer}_sep_v`);
  const chain = [
    spatialConv(vName, l.node.inputs[0] ?? '', [win.OH, win.W, r], [KH, 1], [win.SH, 1], rowPadding(win), r, vert, null),
    { ...spatialConv(layer, vName, l.node.shape, [1, KW], [1, win.SW], colPadding(win), F, horiz, l.node.bias), ...keepQuant(l.node) },
  ];
  return {
    graph: replaceWithChain(graph, layer, chain),
    ranks: [r],
    relativeError: relativeError(l.node.kernel, approx),
    macsBefore: layerMacs(l),
    macsAfter: macsOf(r),
  };
}
