/**
 * The arithmetic of a convolution on one window: a Dense layer whose inputs
 * are the window's taps. The window arrives as KH·KW pixels of C channels,
 * element (ky·KW + kx)·C + c; output channel o of group g reads channels
 * g·Cg … g·Cg+Cg−1, so its weight w[o][ky][kx][ci] lands at input
 * (ky·KW + kx)·C + g·Cg + ci and every other input has weight 0 (no
 * hardware). Ascending input order is then the definition's ascending
 * (ky, kx, ci) order, so the Dense emitters (adder trees, or the sequential
 * chain for narrow accumulators; reuse factor folding; shift-add and pruned
 * weights) compute the convolution exactly. Padding taps hold 0, whose
 * products change no value (conv-types.ts).
 */
import type { DfConv } from '../../../ir/dataflow/conv-types.js';
import type { DfDense } from '../../../ir/dataflow/types.js';
import { pixelGeometry } from './geometry.js';
import { windowWalk } from './window-walk.js';

export function convAsDense(node: DfConv, name: string): DfDense {
  const walk = windowWalk(node);
  const c = pixelGeometry(node.inShape).channels;
  const taps = walk.kh * walk.kw;
  const inSize = taps * c;
  const cg = c / node.groups;
  const og = node.outChannels / node.groups;
  const weights: bigint[] = new Array<bigint>(inSize * node.outChannels).fill(0n);
  for (let o = 0; o < node.outChannels; o++) {
    const g = Math.floor(o / og);
    for (let t = 0; t < taps; t++) {
      for (let ci = 0; ci < cg; ci++) {
        weights[o * inSize + t * c + g * cg + ci] = node.weights[(o * taps + t) * cg + ci] ?? 0n;
      }
    }
  }
  return {
    op: 'dense',
    name,
    source: node.source,
    inputs: node.inputs,
    shape: [node.outChannels],
    type: node.type,
    inSize,
    outSize: node.outChannels,
    weights,
    bias: node.bias,
    weightType: node.weightType,
    biasType: node.biasType,
    productType: node.productType,
    accType: node.accType,
    reuseFactor: node.reuseFactor,
  };
}
