/**
 * The dataflow IR's convolution computed exactly on raw integer codes, for
 * QAT: every output (position p, filter o) is a Dense over the window's
 * inputs in ascending (ky, kx, ci) order, so the im2col rows of each group
 * go through exactDense. Padding positions enter as zero codes: a zero
 * product added to an accumulator already of the accumulator's type changes
 * nothing, which is how the IR's skipping of padding positions reads.
 */
import type { FixedType } from '../../fixed/fixed-type.js';
import type { ConvNode, DepthwiseConvNode } from '../../ir/graph/conv-types.js';
import type { Shape } from '../../ir/graph/types.js';
import { window2d } from '../conv/window.js';
import { exactDense } from './exact-dense.js';
import type { DenseQuantTypes } from './qat-types.js';

export interface ExactConvInput {
  readonly n: number;
  /** input codes, n × H·W·C (channels last) */
  readonly x: Float64Array;
  readonly xType: FixedType;
  /** weight codes in the node's Keras kernel layout */
  readonly w: Float64Array;
  /** bias codes, one per output channel (zeros when the layer has no bias) */
  readonly b: Float64Array;
}

/** Output codes, n × OH·OW·F. */
export function exactConv(node: ConvNode | DepthwiseConvNode, inShape: Shape, inp: ExactConvInput, types: DenseQuantTypes): Float64Array {
  const g = window2d(node.name, inShape, node.kernelSize, node.strides, node.padding);
  const groups = node.op === 'conv' ? node.groups : g.C;
  const F = node.op === 'conv' ? node.filters : g.C * node.depthMultiplier;
  const cg = g.C / groups;
  const fg = F / groups;
  const taps = g.KH * g.KW;
  const inSize = taps * cg;
  const positions = g.OH * g.OW;
  const rows = inp.n * positions;
  const out = new Float64Array(rows * F);
  for (let grp = 0; grp < groups; grp++) {
    const cols = new Float64Array(rows * inSize);
    for (let s = 0; s < inp.n; s++) {
      for (let oy = 0; oy < g.OH; oy++) {
        for (let ox = 0; ox < g.OW; ox++) {
          const row = (s * positions + oy * g.OW + ox) * inSize;
          for (let ky = 0; ky < g.KH; ky++) {
            const iy = oy * g.SH + ky - g.PT;
            if (iy < 0 || iy >= g.H) continue;
            for (let kx = 0; kx < g.KW; kx++) {
              const ix = ox * g.SW + kx - g.PL;
              if (ix < 0 || ix >= g.W) continue;
              const src = s * g.H * g.W * g.C + (iy * g.W + ix) * g.C + grp * cg;
              const dst = row + (ky * g.KW + kx) * cg;
              for (let ci = 0; ci < cg; ci++) cols[dst + ci] = inp.x[src + ci] ?? 0;
            }
          }
        }
      }
    }
    const w = new Float64Array(inSize * fg);
    for (let i = 0; i < inSize; i++) for (let j = 0; j < fg; j++) w[i * fg + j] = inp.w[i * F + grp * fg + j] ?? 0;
    const y = exactDense({ n: rows, inSize, units: fg, x: cols, xType: inp.xType, w, b: inp.b.slice(grp * fg, (grp + 1) * fg) }, types);
    for (let r = 0; r < rows; r++) for (let j = 0; j < fg; j++) out[r * F + grp * fg + j] = y[r * fg + j] ?? 0;
  }
  return out;
}
