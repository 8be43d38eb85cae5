/**
 * The float64 semantics of the graph conv ops, what Keras computes:
 * - conv / depthwise / separable: y = bias + Σ x · w over the window's input
 *   elements (padding reads zeros), summed in ascending (ky, kx, ci);
 *   separable is the depthwise conv (no bias) then the 1×1 conv with the bias;
 * - pooling over the window's input elements: max, or sum / count (count =
 *   the input elements, or the whole window when countIncludePad);
 * - global pooling over all spatial positions; zero padding; Add (sum in
 *   operand order); Concatenate on the last axis; nearest upsampling;
 *   channel shuffle.
 * Weights and biases annotated with quant types are taken as cast to them,
 * as sim/float-reference.ts does for Dense; the caller casts the result to
 * quant.result. Merge: float-reference.ts's kernelOf gets
 * `case 'conv': … return convFloatKernel(node, inShapes);` (it must pass the
 * producers' shapes).
 */
import { assertNever } from '../../src/core/assert-never.js';
import { CompileError } from '../../src/core/diagnostics.js';
import { castNumber, toNumber } from '../../src/fixed/arith.js';
import type { FixedType } from '../../src/fixed/fixed-type.js';
import { resolvePadding, type Fail } from '../../src/ir/graph/conv-geometry.js';
import type { ConvGraphNode, Padding } from '../../src/ir/graph/conv-types.js';
import type { Shape } from '../../src/ir/graph/types.js';
import { hwc } from '../../src/ir/graph/conv-geometry.js';
import { planeOf, type Plane } from './plane.js';

export type FloatKernel = (ins: readonly Float64Array[]) => Float64Array;

function castAll(values: readonly number[], t: FixedType | undefined): Float64Array {
  const out = Float64Array.from(values);
  if (t) for (let i = 0; i < out.length; i++) out[i] = toNumber(castNumber(out[i] ?? 0, t), t);
  return out;
}

function plane(layer: string, inShape: Shape, kernel: readonly number[], strides: readonly number[], padding: Padding): Plane {
  const fail: Fail = (message, field) => {
    throw new CompileError('FF004', message, { layer, field });
  };
  const pad = resolvePadding(padding, inShape.slice(0, -1), kernel, strides, fail);
  return planeOf({ inShape, kernelSize: kernel, strides, padBefore: pad.before, padAfter: pad.after });
}

/** Grouped conv on floats; kernel in Keras order [ky][kx][Cg][F]. */
function conv(x: Float64Array, p: Plane, groups: number, F: number, kernel: Float64Array, bias: Float64Array | null): Float64Array {
  const Cg = p.C / groups;
  const Fg = F / groups;
  const y = new Float64Array(p.OH * p.OW * F);
  for (let oy = 0; oy < p.OH; oy++) {
    for (let ox = 0; ox < p.OW; ox++) {
      for (let o = 0; o < F; o++) {
        const g = Math.floor(o / Fg);
        let acc = bias ? (bias[o] ?? 0) : 0;
        for (let ky = 0; ky < p.KH; ky++) {
          const iy = oy * p.SH + ky - p.PT;
          if (iy < 0 || iy >= p.H) continue;
          for (let kx = 0; kx < p.KW; kx++) {
            const ix = ox * p.SW + kx - p.PL;
            if (ix < 0 || ix >= p.W) continue;
            for (let ci = 0; ci < Cg; ci++) {
              acc += (x[(iy * p.W + ix) * p.C + g * Cg + ci] ?? 0) * (kernel[((ky * p.KW + kx) * Cg + ci) * F + o] ?? 0);
            }
          }
        }
        y[(oy * p.OW + ox) * F + o] = acc;
      }
    }
  }
  return y;
}

function pool(x: Float64Array, p: Plane, kind: 'max' | 'avg', countPad: boolean): Float64Array {
  const y = new Float64Array(p.OH * p.OW * p.C);
  for (let oy = 0; oy < p.OH; oy++) {
    for (let ox = 0; ox < p.OW; ox++) {
      for (let c = 0; c < p.C; c++) {
        let m = -Infinity;
        let s = 0;
        let n = 0;
        for (let ky = 0; ky < p.KH; ky++) {
          const iy = oy * p.SH + ky - p.PT;
          for (let kx = 0; kx < p.KW; kx++) {
            const ix = ox * p.SW + kx - p.PL;
            if (iy < 0 || iy >= p.H || ix < 0 || ix >= p.W) continue;
            const v = x[(iy * p.W + ix) * p.C + c] ?? 0;
            m = Math.max(m, v);
            s += v;
            n++;
          }
        }
        y[(oy * p.OW + ox) * p.C + c] = kind === 'max' ? m : s / (countPad ? p.KH * p.KW : n);
      }
    }
  }
  return y;
}

export function convFloatKernel(node: ConvGraphNode, inShapes: readonly Shape[]): FloatKernel {
  const inShape = inShapes[0] ?? [];
  const first = (ins: readonly Float64Array[]): Float64Array => ins[0] ?? new Float64Array(0);
  const q = node.quant;
  switch (node.op) {
    case 'conv': {
      const p = plane(node.name, inShape, node.kernelSize, node.strides, node.padding);
      const w = castAll(node.kernel, q?.weight);
      const b = node.bias ? castAll(node.bias, q?.bias) : null;
      return (ins) => conv(first(ins), p, node.groups, node.filters, w, b);
    }
    case 'depthwise_conv': {
      const p = plane(node.name, inShape, node.kernelSize, node.strides, node.padding);
      const w = castAll(node.kernel, q?.weight);
      const b = node.bias ? castAll(node.bias, q?.bias) : null;
      return (ins) => conv(first(ins), p, p.C, p.C * node.depthMultiplier, w, b);
    }
    case 'separable_conv': {
      const p = plane(node.name, inShape, node.kernelSize, node.strides, node.padding);
      const mid = p.C * node.depthMultiplier;
      const pw = plane(node.name, [p.OH, p.OW, mid], [1, 1], [1, 1], 'valid');
      const dw = castAll(node.depthwiseKernel, q?.weight);
      const pk = castAll(node.pointwiseKernel, q?.weight);
      const b = node.bias ? castAll(node.bias, q?.bias) : null;
      return (ins) => conv(conv(first(ins), p, p.C, mid, dw, null), pw, 1, node.filters, pk, b);
    }
    case 'pool': {
      const p = plane(node.name, inShape, node.poolSize, node.strides, node.padding);
      return (ins) => pool(first(ins), p, node.kind, node.countIncludePad);
    }
    case 'global_pool': {
      const [H, W, C] = hwc(inShape);
      const p = planeOf({ inShape: [H, W, C], kernelSize: [H, W], strides: [1, 1], padBefore: [0, 0], padAfter: [0, 0] });
      return (ins) => pool(first(ins), p, node.kind, false);
    }
    case 'zero_pad': {
      const [h, w, C] = hwc(inShape);
      const [H, W] = hwc(node.shape);
      const pt = node.padding.before.length === 2 ? (node.padding.before[0] ?? 0) : 0;
      const pl = node.padding.before[node.padding.before.length - 1] ?? 0;
      return (ins) => {
        const x = first(ins);
        const y = new Float64Array(H * W * C);
        for (let iy = 0; iy < h; iy++) {
          for (let ix = 0; ix < w; ix++) {
            for (let c = 0; c < C; c++) y[((iy + pt) * W + ix + pl) * C + c] = x[(iy * w + ix) * C + c] ?? 0;
          }
        }
        return y;
      };
    }
    case 'add':
      return (ins) => {
        const y = new Float64Array(first(ins).length);
        for (const x of ins) for (let i = 0; i < y.length; i++) y[i] = (y[i] ?? 0) + (x[i] ?? 0);
        return y;
      };
    case 'concat': {
      const chans = inShapes.map((s) => s[s.length - 1] ?? 1);
      const cOut = chans.reduce((a, b) => a + b, 0);
      return (ins) => {
        const positions = first(ins).length / (chans[0] ?? 1);
        const y = new Float64Array(positions * cOut);
        let i = 0;
        for (let p = 0; p < positions; p++) {
          ins.forEach((x, k) => {
            const ck = chans[k] ?? 0;
            for (let c = 0; c < ck; c++) y[i++] = x[p * ck + c] ?? 0;
          });
        }
        return y;
      };
    }
    case 'upsample': {
      const [h, w, C] = hwc(inShape);
      const fy = node.size.length === 2 ? (node.size[0] ?? 1) : 1;
      const fx = node.size[node.size.length - 1] ?? 1;
      return (ins) => {
        const x = first(ins);
        const y = new Float64Array(h * fy * w * fx * C);
        let i = 0;
        for (let oy = 0; oy < h * fy; oy++) {
          for (let ox = 0; ox < w * fx; ox++) {
            const src = (Math.floor(oy / fy) * w + Math.floor(ox / fx)) * C;
            for (let c = 0; c < C; c++) y[i++] = x[src + c] ?? 0;
          }
        }
        return y;
      };
    }
    case 'channel_shuffle': {
      const C = inShape[inShape.length - 1] ?? 1;
      const per = C / node.groups;
      return (ins) => {
        const x = first(ins);
        const y = new Float64Array(x.length);
        for (let p = 0; p < x.length; p += C) {
          for (let i = 0; i < node.groups; i++) for (let j = 0; j < per; j++) y[p + j * node.groups + i] = x[p + i * per + j] ?? 0;
        }
        return y;
      };
    }
    default:
      return assertNever(node, 'graph op');
  }
}
