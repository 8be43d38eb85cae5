/**
 * BigInt reference of the conv ops, one sample at a time, written as
 * literally as the comments in src/ir/dataflow/conv-types.ts. The fast
 * kernels are tested against it. Merge: sim/reference.ts's refNode gets
 * `case 'conv': … return refConvNode(node, inputs, inTypes, observe);`.
 */
import { assertNever } from '../../src/core/assert-never.js';
import { castRawRef } from '../../src/fixed/cast-ref.js';
import { fracBits, type FixedType } from '../../src/fixed/fixed-type.js';
import type { ConvDfNode, DfConv, DfPool } from '../../src/ir/dataflow/conv-types.js';
import { shapeSize } from '../../src/ir/graph/types.js';
import type { CastObserver } from '../reference.js';
import { hwc, rowsCols } from '../../src/ir/graph/conv-geometry.js';
import { planeOf } from './plane.js';

type Cast = (tensor: Parameters<CastObserver>[0], raw: bigint, srcFrac: number, t: FixedType) => bigint;

function align(raw: bigint, from: number, to: number): bigint {
  return raw << BigInt(to - from);
}

export function refConvNode(node: ConvDfNode, inputs: readonly (readonly bigint[])[], inTypes: readonly FixedType[], observe?: CastObserver): bigint[] {
  const cast: Cast = (tensor, raw, srcFrac, t) => {
    const out = castRawRef(raw, srcFrac, t);
    observe?.(tensor, raw, srcFrac, t, out);
    return out;
  };
  const x = inputs[0] ?? [];
  const fx = fracBits(inTypes[0] ?? node.type);
  switch (node.op) {
    case 'conv':
      return refConv(node, x, fx, cast);
    case 'pool':
      return refPool(node, x, fx, cast);
    case 'add': {
      const f = Math.max(...inTypes.map(fracBits));
      const out: bigint[] = [];
      for (let i = 0; i < shapeSize(node.shape); i++) {
        let s = 0n;
        inputs.forEach((v, k) => (s += align(v[i] ?? 0n, fracBits(inTypes[k] ?? node.type), f)));
        out.push(cast('result', s, f, node.type));
      }
      return out;
    }
    case 'concat': {
      const cOut = node.shape[node.shape.length - 1] ?? 1;
      const positions = shapeSize(node.shape) / cOut;
      const out: bigint[] = [];
      for (let p = 0; p < positions; p++) {
        inputs.forEach((v, k) => {
          const ck = v.length / positions;
          const fk = fracBits(inTypes[k] ?? node.type);
          for (let c = 0; c < ck; c++) out.push(cast('result', v[p * ck + c] ?? 0n, fk, node.type));
        });
      }
      return out;
    }
    case 'zero_pad': {
      const [H, W, C] = hwc(node.shape);
      const [h, w] = hwc(inputShape(node.shape, node.padBefore, node.padAfter));
      const [pt, pl] = rowsCols(node.padBefore, 0);
      const out: bigint[] = [];
      for (let y = 0; y < H; y++) {
        for (let xx = 0; xx < W; xx++) {
          const iy = y - pt;
          const ix = xx - pl;
          const inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
          for (let c = 0; c < C; c++) out.push(inside ? (x[(iy * w + ix) * C + c] ?? 0n) : 0n);
        }
      }
      return out;
    }
    case 'upsample': {
      const [H, W, C] = hwc(node.shape);
      const [fy, fxx] = rowsCols(node.factors, 1);
      const w = W / fxx;
      const out: bigint[] = [];
      for (let y = 0; y < H; y++) {
        for (let xx = 0; xx < W; xx++) {
          for (let c = 0; c < C; c++) out.push(x[(Math.floor(y / fy) * w + Math.floor(xx / fxx)) * C + c] ?? 0n);
        }
      }
      return out;
    }
    case 'channel_shuffle': {
      const C = node.perm.length;
      return x.map((_v, i) => x[i - (i % C) + (node.perm[i % C] ?? 0)] ?? 0n);
    }
    default:
      return assertNever(node, 'dataflow op');
  }
}

/** The input shape of a zero padding, from its output shape. */
function inputShape(out: readonly number[], before: readonly number[], after: readonly number[]): number[] {
  return out.map((d, i) => (i < out.length - 1 ? d - (before[i] ?? 0) - (after[i] ?? 0) : d));
}

function refConv(node: DfConv, x: readonly bigint[], fx: number, cast: Cast): bigint[] {
  const { H, W, C, KH, KW, SH, SW, PT, PL, OH, OW } = planeOf(node);
  const O = node.outChannels;
  const Cg = C / node.groups;
  const Og = O / node.groups;
  const fw = fracBits(node.weightType);
  const fp = fracBits(node.productType);
  const fa = fracBits(node.accType);
  const f = Math.max(fa, fp);
  const out: bigint[] = [];
  for (let oy = 0; oy < OH; oy++) {
    for (let ox = 0; ox < OW; ox++) {
      for (let o = 0; o < O; o++) {
        const g = Math.floor(o / Og);
        let acc = cast('accum', node.bias[o] ?? 0n, fracBits(node.biasType), node.accType);
        for (let ky = 0; ky < KH; ky++) {
          const iy = oy * SH + ky - PT;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < KW; kx++) {
            const ix = ox * SW + kx - PL;
            if (ix < 0 || ix >= W) continue;
            for (let ci = 0; ci < Cg; ci++) {
              const w = node.weights[((o * KH + ky) * KW + kx) * Cg + ci] ?? 0n;
              if (w === 0n) continue;
              const p = cast('product', (x[(iy * W + ix) * C + g * Cg + ci] ?? 0n) * w, fx + fw, node.productType);
              acc = cast('accum', align(acc, fa, f) + align(p, fp, f), f, node.accType);
            }
          }
        }
        out.push(cast('result', acc, fa, node.type));
      }
    }
  }
  return out;
}

function refPool(node: DfPool, x: readonly bigint[], fx: number, cast: Cast): bigint[] {
  const { H, W, C, KH, KW, SH, SW, PT, PL, OH, OW } = planeOf(node);
  const avg = node.average;
  const out: bigint[] = [];
  for (let oy = 0; oy < OH; oy++) {
    for (let ox = 0; ox < OW; ox++) {
      for (let c = 0; c < C; c++) {
        const window: bigint[] = [];
        for (let ky = 0; ky < KH; ky++) {
          const iy = oy * SH + ky - PT;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < KW; kx++) {
            const ix = ox * SW + kx - PL;
            if (ix >= 0 && ix < W) window.push(x[(iy * W + ix) * C + c] ?? 0n);
          }
        }
        if (node.kind === 'max') {
          out.push(cast('result', window.reduce((m, v) => (v > m ? v : m)), fx, node.type));
          continue;
        }
        if (!avg) throw new Error(`pool ${node.name}: average pooling without its reciprocals (the verifier rejects this)`);
        const s = window.reduce((a, v) => a + v, 0n);
        const n = avg.divisor === 'valid' ? window.length : KH * KW;
        const k = avg.counts.indexOf(n);
        if (k < 0) throw new Error(`pool ${node.name}: no reciprocal for ${n} elements (the verifier rejects this)`);
        out.push(cast('result', s * (avg.recips[k] ?? 0n), fx + fracBits(avg.recipType), node.type));
      }
    }
  }
  return out;
}
