/**
 * Float64 evaluation of the conv-family graph nodes on a batch (sample s at
 * [s · size, (s + 1) · size)), with the graph IR's semantics
 * (src/ir/graph/conv-types.ts): channels last, Keras kernel layouts, padding
 * reads zeros, pooling only over the window's input elements (the average
 * divides by their count, or by the window size when countIncludePad).
 * Weights are used as stored (quant annotations are not applied here, as for
 * Dense in graph-eval.ts).
 */
import { assertNever } from '../../core/assert-never.js';
import type { ConvGraphNode } from '../../ir/graph/conv-types.js';
import { shapeSize, type Shape } from '../../ir/graph/types.js';
import { hwc, rowsCols } from '../../ir/graph/conv-geometry.js';
import { channelsOf, window2d, type Window2d } from './window.js';

/**
 * Grouped convolution of one sample: x is [H][W][C], kernel [KH][KW][C/groups][F]
 * (Keras), y [OH][OW][F] (written from offset yo).
 */
export function convSample(
  x: Float64Array,
  xo: number,
  g: Window2d,
  groups: number,
  filters: number,
  kernel: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  y: Float64Array,
  yo: number,
): void {
  const cg = g.C / groups;
  const fg = filters / groups;
  for (let oy = 0; oy < g.OH; oy++) {
    for (let ox = 0; ox < g.OW; ox++) {
      const base = yo + (oy * g.OW + ox) * filters;
      for (let f = 0; f < filters; f++) y[base + f] = bias === null ? 0 : (bias[f] ?? 0);
      for (let ky = 0; ky < g.KH; ky++) {
        const iy = oy * g.SH + ky - g.PT;
        if (iy < 0 || iy >= g.H) continue;
        for (let kx = 0; kx < g.KW; kx++) {
          const ix = ox * g.SW + kx - g.PL;
          if (ix < 0 || ix >= g.W) continue;
          const px = xo + (iy * g.W + ix) * g.C;
          const tap = (ky * g.KW + kx) * cg;
          for (let f = 0; f < filters; f++) {
            const grp = Math.floor(f / fg);
            let acc = 0;
            for (let ci = 0; ci < cg; ci++) acc += (x[px + grp * cg + ci] ?? 0) * (kernel[(tap + ci) * filters + f] ?? 0);
            y[base + f] = (y[base + f] ?? 0) + acc;
          }
        }
      }
    }
  }
}

function poolSample(x: Float64Array, xo: number, g: Window2d, kind: 'max' | 'avg', countPad: boolean, y: Float64Array, yo: number): void {
  for (let oy = 0; oy < g.OH; oy++) {
    for (let ox = 0; ox < g.OW; ox++) {
      for (let c = 0; c < g.C; c++) {
        let m = -Infinity;
        let s = 0;
        let count = 0;
        for (let ky = 0; ky < g.KH; ky++) {
          const iy = oy * g.SH + ky - g.PT;
          if (iy < 0 || iy >= g.H) continue;
          for (let kx = 0; kx < g.KW; kx++) {
            const ix = ox * g.SW + kx - g.PL;
            if (ix < 0 || ix >= g.W) continue;
            const v = x[xo + (iy * g.W + ix) * g.C + c] ?? 0;
            if (v > m) m = v;
            s += v;
            count++;
          }
        }
        y[yo + (oy * g.OW + ox) * g.C + c] = kind === 'max' ? m : s / (countPad ? g.KH * g.KW : count);
      }
    }
  }
}

/** Output of a conv-family node for n samples; `ins` are the operands' batches, `inShapes` their per-sample shapes. */
export function evalConvNode(node: ConvGraphNode, inShapes: readonly Shape[], ins: readonly Float64Array[], n: number): Float64Array {
  const inShape = inShapes[0] ?? [];
  const x = ins[0] ?? new Float64Array(0);
  const inSize = shapeSize(inShape);
  const outSize = shapeSize(node.shape);
  const y = new Float64Array(n * outSize);
  switch (node.op) {
    case 'conv': {
      const g = window2d(node.name, inShape, node.kernelSize, node.strides, node.padding);
      for (let s = 0; s < n; s++) convSample(x, s * inSize, g, node.groups, node.filters, node.kernel, node.bias, y, s * outSize);
      return y;
    }
    case 'depthwise_conv': {
      const g = window2d(node.name, inShape, node.kernelSize, node.strides, node.padding);
      for (let s = 0; s < n; s++) convSample(x, s * inSize, g, g.C, g.C * node.depthMultiplier, node.kernel, node.bias, y, s * outSize);
      return y;
    }
    case 'separable_conv': {
      const g = window2d(node.name, inShape, node.kernelSize, node.strides, node.padding);
      const mid = g.C * node.depthMultiplier;
      const midSize = g.OH * g.OW * mid;
      const t = new Float64Array(midSize);
      const pw = window2d(node.name, [g.OH, g.OW, mid], [1, 1], [1, 1], 'valid');
      for (let s = 0; s < n; s++) {
        convSample(x, s * inSize, g, g.C, mid, node.depthwiseKernel, null, t, 0);
        convSample(t, 0, pw, 1, node.filters, node.pointwiseKernel, node.bias, y, s * outSize);
      }
      return y;
    }
    case 'pool': {
      const g = window2d(node.name, inShape, node.poolSize, node.strides, node.padding, 'poolSize');
      for (let s = 0; s < n; s++) poolSample(x, s * inSize, g, node.kind, node.countIncludePad, y, s * outSize);
      return y;
    }
    case 'global_pool': {
      const [H, W, C] = hwc(inShape);
      const g = window2d(node.name, [H, W, C], [H, W], [1, 1], 'valid');
      for (let s = 0; s < n; s++) poolSample(x, s * inSize, g, node.kind, false, y, s * outSize);
      return y;
    }
    case 'zero_pad': {
      const [h, w, C] = hwc(inShape);
      const [, W] = hwc(node.shape);
      const [pt, pl] = rowsCols(node.padding.before, 0);
      for (let s = 0; s < n; s++) {
        for (let iy = 0; iy < h; iy++) {
          for (let ix = 0; ix < w; ix++) {
            const src = s * inSize + (iy * w + ix) * C;
            const dst = s * outSize + ((iy + pt) * W + ix + pl) * C;
            for (let c = 0; c < C; c++) y[dst + c] = x[src + c] ?? 0;
          }
        }
      }
      return y;
    }
    case 'add':
      for (const v of ins) for (let i = 0; i < y.length; i++) y[i] = (y[i] ?? 0) + (v[i] ?? 0);
      return y;
    case 'concat': {
      const chans = inShapes.map(channelsOf);
      const positions = outSize / channelsOf(node.shape);
      let i = 0;
      for (let s = 0; s < n; s++) {
        for (let p = 0; p < positions; p++) {
          ins.forEach((v, k) => {
            const ck = chans[k] ?? 0;
            const src = (s * positions + p) * ck;
            for (let c = 0; c < ck; c++) y[i++] = v[src + c] ?? 0;
          });
        }
      }
      return y;
    }
    case 'upsample': {
      const [h, w, C] = hwc(inShape);
      const [fy, fx] = rowsCols(node.size, 1);
      let i = 0;
      for (let s = 0; s < n; s++) {
        for (let oy = 0; oy < h * fy; oy++) {
          for (let ox = 0; ox < w * fx; ox++) {
            const src = s * inSize + (Math.floor(oy / fy) * w + Math.floor(ox / fx)) * C;
            for (let c = 0; c < C; c++) y[i++] = x[src + c] ?? 0;
          }
        }
      }
      return y;
    }
    case 'channel_shuffle': {
      const C = channelsOf(inShape);
      const per = C / node.groups;
      for (let p = 0; p < y.length; p += C) {
        for (let i = 0; i < node.groups; i++) for (let j = 0; j < per; j++) y[p + j * node.groups + i] = x[p + i * per + j] ?? 0;
      }
      return y;
    }
    default:
      return assertNever(node, 'conv graph node');
  }
}
