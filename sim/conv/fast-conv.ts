/**
 * The convolution on batches. Each output channel keeps only its nonzero
 * taps (ky, kx, input channel, weight); window positions in the padding are
 * skipped, as the definition does. Two paths, as for Dense:
 * - identity: the product type holds every exact product and the
 *   accumulator every partial sum (bit growth over the taps and the bias), in
 *   at most 51 bits, so no cast inside the sum changes a value: accumulate
 *   exact integers at the accumulator's fraction and cast once;
 * - general: every cast of the definition, in its order, compiled only when
 *   each product and each unrounded sum fits in 52 bits.
 */
import { fracBits, typeContains, type FixedType } from '../../src/fixed/fixed-type.js';
import { accumulatorType, productType, sumType } from '../../src/fixed/growth.js';
import type { DfConv } from '../../src/ir/dataflow/conv-types.js';
import type { Kernel, NodeStats } from '../fast-kernels.js';
import { caster, fastWidths } from './caster.js';
import { planeOf, type Plane } from './plane.js';

interface Taps {
  readonly ky: Int32Array;
  readonly kx: Int32Array;
  /** absolute input channel */
  readonly c: Int32Array;
  readonly w: Float64Array;
}

function tapsOf(node: DfConv, p: Plane): { taps: Taps[]; nnzMax: number } {
  const Cg = p.C / node.groups;
  const Og = node.outChannels / node.groups;
  const taps: Taps[] = [];
  let nnzMax = 0;
  for (let o = 0; o < node.outChannels; o++) {
    const g = Math.floor(o / Og);
    const ky: number[] = [];
    const kx: number[] = [];
    const c: number[] = [];
    const w: number[] = [];
    for (let y = 0; y < p.KH; y++) {
      for (let x = 0; x < p.KW; x++) {
        for (let ci = 0; ci < Cg; ci++) {
          const v = node.weights[((o * p.KH + y) * p.KW + x) * Cg + ci] ?? 0n;
          if (v === 0n) continue;
          ky.push(y);
          kx.push(x);
          c.push(g * Cg + ci);
          w.push(Number(v));
        }
      }
    }
    taps.push({ ky: Int32Array.from(ky), kx: Int32Array.from(kx), c: Int32Array.from(c), w: Float64Array.from(w) });
    nnzMax = Math.max(nnzMax, w.length);
  }
  return { taps, nnzMax };
}

/** Calls body(oy, ox, kyLo, kyHi, kxLo, kxHi) for each output pixel with the window rows/columns inside the input. */
function forEachPixel(p: Plane, body: (oy: number, ox: number, kyLo: number, kyHi: number, kxLo: number, kxHi: number) => void): void {
  for (let oy = 0; oy < p.OH; oy++) {
    const y0 = oy * p.SH - p.PT;
    const kyLo = Math.max(0, -y0);
    const kyHi = Math.min(p.KH, p.H - y0);
    for (let ox = 0; ox < p.OW; ox++) {
      const x0 = ox * p.SW - p.PL;
      body(oy, ox, kyLo, kyHi, Math.max(0, -x0), Math.min(p.KW, p.W - x0));
    }
  }
}

export function compileConv(node: DfConv, xt: FixedType, stats?: NodeStats): Kernel | null {
  if (!fastWidths(node.weightType.width, node.biasType.width, node.productType.width, node.accType.width)) return null;
  const p = planeOf(node);
  const { taps, nnzMax } = tapsOf(node, p);
  const fx = fracBits(xt);
  const fw = fracBits(node.weightType);
  const fb = fracBits(node.biasType);
  const fp = fracBits(node.productType);
  const fa = fracBits(node.accType);
  const O = node.outChannels;
  const identity =
    typeContains(node.productType, productType(xt, node.weightType)) &&
    typeContains(node.accType, accumulatorType([node.productType, node.biasType], nnzMax + 1)) &&
    node.accType.width <= 51;
  const castR = caster(stats, 'result', fa, node.type);
  if (identity) {
    const k = 2 ** (fa - fx - fw);
    const ws = taps.map((t) => t.w.map((v) => v * k));
    const bs = node.bias.map((b) => Number(b) * 2 ** (fa - fb));
    return (ins, B, out) => {
      const x = ins[0] ?? new Float64Array(0);
      const acc = new Float64Array(B);
      forEachPixel(p, (oy, ox, kyLo, kyHi, kxLo, kxHi) => {
        const y0 = oy * p.SH - p.PT;
        const x0 = ox * p.SW - p.PL;
        for (let o = 0; o < O; o++) {
          acc.fill(bs[o] ?? 0);
          const t = taps[o] as Taps;
          const wv = ws[o] as Float64Array;
          for (let j = 0; j < wv.length; j++) {
            const ky = t.ky[j] as number;
            const kx = t.kx[j] as number;
            if (ky < kyLo || ky >= kyHi || kx < kxLo || kx >= kxHi) continue;
            const a = (((y0 + ky) * p.W + x0 + kx) * p.C + (t.c[j] as number)) * B;
            const w = wv[j] as number;
            for (let b = 0; b < B; b++) acc[b] = (acc[b] as number) + (x[a + b] as number) * w;
          }
          const base = ((oy * p.OW + ox) * O + o) * B;
          for (let b = 0; b < B; b++) out[base + b] = castR(acc[b] as number);
        }
      });
    };
  }
  const st = sumType(node.accType, node.productType);
  if (!fastWidths(xt.width + node.weightType.width, st.width)) return null;
  const f = Math.max(fa, fp);
  const sa = 2 ** (f - fa);
  const sp = 2 ** (f - fp);
  const castP = caster(stats, 'product', fx + fw, node.productType);
  const castAB = caster(stats, 'accum', fb, node.accType);
  const castA = caster(stats, 'accum', f, node.accType);
  return (ins, B, out) => {
    const x = ins[0] ?? new Float64Array(0);
    forEachPixel(p, (oy, ox, kyLo, kyHi, kxLo, kxHi) => {
      const y0 = oy * p.SH - p.PT;
      const x0 = ox * p.SW - p.PL;
      for (let o = 0; o < O; o++) {
        const t = taps[o] as Taps;
        const base = ((oy * p.OW + ox) * O + o) * B;
        for (let b = 0; b < B; b++) {
          let acc = castAB(Number(node.bias[o] ?? 0n));
          for (let j = 0; j < t.w.length; j++) {
            const ky = t.ky[j] as number;
            const kx = t.kx[j] as number;
            if (ky < kyLo || ky >= kyHi || kx < kxLo || kx >= kxHi) continue;
            const v = x[(((y0 + ky) * p.W + x0 + kx) * p.C + (t.c[j] as number)) * B + b] as number;
            const prod = castP(v * (t.w[j] as number));
            acc = castA(acc * sa + prod * sp);
          }
          out[base + b] = castR(acc);
        }
      }
    });
  };
}
