/**
 * The stated error bound of the convolution family (src/ir/dataflow/conv-types.ts):
 * conv as a dense over each output's window taps, pooling, add, concat and the
 * ops that only move codes.
 */
import { assertNever } from '../core/assert-never.js';
import { toNumber } from '../fixed/arith.js';
import { fracBits, typeContains, type FixedType } from '../fixed/fixed-type.js';
import { accumulatorType, productType } from '../fixed/growth.js';
import type { ConvDfNode, DfConv, DfPool } from '../ir/dataflow/conv-types.js';
import type { GraphNode, Shape } from '../ir/graph/types.js';
import { castErr, maxAbsOf, type State } from './error-bound-cast.js';

export interface Operand {
  readonly s: State | undefined;
  readonly t: FixedType | undefined;
  readonly shape: Shape;
}

/** A window spec as 2D (1D is one row): sizes, kernel, strides, leading padding. */
function grid(w: { inShape: Shape; kernelSize: readonly number[]; strides: readonly number[]; padBefore: readonly number[] }, out: Shape) {
  const two = w.inShape.length === 3;
  const at = (a: readonly number[], i: number, fallback = 1): number => (two ? a[i] : i === 0 ? fallback : a[0]) ?? fallback;
  const oh = two ? (out.length === 3 ? (out[0] ?? 1) : 1) : 1;
  const ow = out.length >= 2 ? (out[out.length - 2] ?? 1) : 1;
  return {
    h: at(w.inShape, 0),
    w: at(w.inShape, 1),
    c: w.inShape[w.inShape.length - 1] ?? 1,
    kh: at(w.kernelSize, 0),
    kw: at(w.kernelSize, 1),
    sh: at(w.strides, 0),
    sw: at(w.strides, 1),
    ph: at(w.padBefore, 0, 0),
    pw: at(w.padBefore, 1, 0),
    oh,
    ow,
  };
}

/** The float weight of the graph layer behind conv `n` for out channel o, tap (ky, kx), group channel ci (null: no such layer). */
function floatConvWeights(n: DfConv, src: GraphNode | undefined, pointwise: boolean): ((o: number, ky: number, kx: number, ci: number) => number) | null {
  const g = grid(n, n.shape);
  const kArea = (ky: number, kx: number) => ky * g.kw + kx;
  if (src?.op === 'conv') return (o, ky, kx, ci) => src.kernel[(kArea(ky, kx) * (g.c / n.groups) + ci) * src.filters + o] ?? 0;
  if (src?.op === 'depthwise_conv' || (src?.op === 'separable_conv' && !pointwise)) {
    const kernel = src.op === 'depthwise_conv' ? src.kernel : src.depthwiseKernel;
    const m = src.depthMultiplier;
    return (o, ky, kx) => kernel[(kArea(ky, kx) * g.c + Math.floor(o / m)) * m + (o % m)] ?? 0;
  }
  if (src?.op === 'separable_conv') return (o, _ky, _kx, ci) => src.pointwiseKernel[ci * src.filters + o] ?? 0;
  return null;
}

function floatBias(src: GraphNode | undefined, pointwise: boolean, o: number): number {
  if (src?.op === 'conv' || src?.op === 'depthwise_conv') return src.bias?.[o] ?? 0;
  if (src?.op === 'separable_conv' && pointwise) return src.bias?.[o] ?? 0;
  return 0;
}

/** Conv: as Dense, over each output's window taps inside the input. */
function boundConv(n: DfConv, src: GraphNode | undefined, x: Operand, pointwise: boolean, s: State, finish: (i: number, err: number) => void, flag: () => void): void {
  const xs = x.s;
  const weight = floatConvWeights(n, src, pointwise);
  if (!xs || !x.t || !weight) return flag();
  const g = grid(n, n.shape);
  const cg = g.c / n.groups;
  const og = n.outChannels / n.groups;
  const taps = g.kh * g.kw * cg;
  const prodErr = typeContains(n.productType, productType(x.t, n.weightType)) ? 0 : castErr(fracBits(x.t) + fracBits(n.weightType), n.productType);
  let nnzMax = 0;
  for (let o = 0; o < n.outChannels; o++) {
    let k = 0;
    for (let t = 0; t < taps; t++) if ((n.weights[o * taps + t] ?? 0n) !== 0n) k++;
    nnzMax = Math.max(nnzMax, k);
  }
  if (!typeContains(n.accType, accumulatorType([n.productType, n.biasType], nnzMax + 1))) flag();
  const accErr = castErr(Math.max(fracBits(n.productType), fracBits(n.biasType)), n.accType);
  const resErr = castErr(fracBits(n.accType), n.type);
  for (let oy = 0; oy < g.oh; oy++) {
    for (let ox = 0; ox < g.ow; ox++) {
      for (let o = 0; o < n.outChannels; o++) {
        const b = floatBias(src, pointwise, o);
        let lo = b;
        let hi = b;
        let err = Math.abs(toNumber(n.bias[o] ?? 0n, n.biasType) - b);
        let terms = 0;
        for (let ky = 0; ky < g.kh; ky++) {
          const y = oy * g.sh + ky - g.ph;
          if (y < 0 || y >= g.h) continue;
          for (let kx = 0; kx < g.kw; kx++) {
            const xx = ox * g.sw + kx - g.pw;
            if (xx < 0 || xx >= g.w) continue;
            for (let ci = 0; ci < cg; ci++) {
              const i = (y * g.w + xx) * g.c + Math.floor(o / og) * cg + ci;
              const w = weight(o, ky, kx, ci);
              const wq = toNumber(n.weights[((o * g.kh + ky) * g.kw + kx) * cg + ci] ?? 0n, n.weightType);
              const a = w * (xs.lo[i] ?? 0);
              const c = w * (xs.hi[i] ?? 0);
              lo += Math.min(a, c);
              hi += Math.max(a, c);
              err += (xs.err[i] ?? 0) * Math.abs(wq) + maxAbsOf(xs, i) * Math.abs(wq - w);
              if (wq !== 0) terms++;
            }
          }
        }
        const k = (oy * g.ow + ox) * n.outChannels + o;
        s.lo[k] = lo;
        s.hi[k] = hi;
        finish(k, err + terms * prodErr + (terms + 1) * accErr + resErr);
      }
    }
  }
}

/** Max pool: the input bound plus the cast; average: the mean of the input bounds plus the reciprocal term and the cast. */
function boundPool(n: DfPool, x: Operand, s: State, finish: (i: number, err: number) => void, flag: () => void): void {
  const xs = x.s;
  if (!xs || !x.t) return flag();
  const g = grid(n, n.shape);
  const avg = n.average;
  const cast = avg ? castErr(fracBits(avg.sumType) + fracBits(avg.recipType), n.type) : castErr(fracBits(x.t), n.type);
  for (let oy = 0; oy < g.oh; oy++) {
    for (let ox = 0; ox < g.ow; ox++) {
      for (let c = 0; c < g.c; c++) {
        let lo = avg ? 0 : -Infinity;
        let hi = avg ? 0 : -Infinity;
        let err = 0;
        let absSum = 0;
        let count = 0;
        for (let ky = 0; ky < g.kh; ky++) {
          const y = oy * g.sh + ky - g.ph;
          if (y < 0 || y >= g.h) continue;
          for (let kx = 0; kx < g.kw; kx++) {
            const xx = ox * g.sw + kx - g.pw;
            if (xx < 0 || xx >= g.w) continue;
            const i = (y * g.w + xx) * g.c + c;
            count++;
            if (avg) {
              lo += xs.lo[i] ?? 0;
              hi += xs.hi[i] ?? 0;
              err += xs.err[i] ?? 0;
              absSum += maxAbsOf(xs, i) + (xs.err[i] ?? 0);
            } else {
              lo = Math.max(lo, xs.lo[i] ?? 0);
              hi = Math.max(hi, xs.hi[i] ?? 0);
              err = Math.max(err, xs.err[i] ?? 0);
            }
          }
        }
        const k = (oy * g.ow + ox) * g.c + c;
        if (avg) {
          const divisor = avg.divisor === 'window' ? g.kh * g.kw : count;
          const at = avg.counts.indexOf(divisor);
          if (at < 0) return flag();
          const recip = toNumber(avg.recips[at] ?? 0n, avg.recipType);
          s.lo[k] = lo / divisor;
          s.hi[k] = hi / divisor;
          finish(k, err * recip + absSum * Math.abs(recip - 1 / divisor) + cast);
        } else {
          s.lo[k] = lo;
          s.hi[k] = hi;
          finish(k, err + cast);
        }
      }
    }
  }
}

/** Where output element k of a data-movement op reads its input (null: a padding zero). */
function movedFrom(n: ConvDfNode, inShape: Shape): (k: number) => number | null {
  const c = n.shape[n.shape.length - 1] ?? 1;
  const spatialOut = n.shape.slice(0, -1);
  const spatialIn = inShape.slice(0, -1);
  const coords = (k: number): number[] => {
    const idx: number[] = [];
    let rest = Math.floor(k / c);
    for (let a = spatialOut.length - 1; a >= 0; a--) {
      const d = spatialOut[a] ?? 1;
      idx[a] = rest % d;
      rest = Math.floor(rest / d);
    }
    return idx;
  };
  const flat = (idx: readonly number[], ch: number): number => idx.reduce((acc, v, a) => acc * (spatialIn[a] ?? 1) + v, 0) * c + ch;
  if (n.op === 'zero_pad') {
    return (k) => {
      const idx = coords(k).map((v, a) => v - (n.padBefore[a] ?? 0));
      return idx.every((v, a) => v >= 0 && v < (spatialIn[a] ?? 1)) ? flat(idx, k % c) : null;
    };
  }
  if (n.op === 'upsample') return (k) => flat(coords(k).map((v, a) => Math.floor(v / (n.factors[a] ?? 1))), k % c);
  if (n.op === 'channel_shuffle') return (k) => k - (k % c) + (n.perm[k % c] ?? 0);
  return (k) => k;
}

export function boundConvFamily(
  n: ConvDfNode,
  src: GraphNode | undefined,
  ins: readonly Operand[],
  pointwise: boolean,
  s: State,
  finish: (i: number, err: number) => void,
  flag: () => void,
): void {
  const x = ins[0];
  if (!x || ins.some((o) => !o.s || !o.t)) return flag();
  const size = s.lo.length;
  switch (n.op) {
    case 'conv':
      return boundConv(n, src, x, pointwise, s, finish, flag);
    case 'pool':
      return boundPool(n, x, s, finish, flag);
    case 'add': {
      const cast = castErr(Math.max(...ins.map((o) => (o.t ? fracBits(o.t) : 0))), n.type);
      for (let i = 0; i < size; i++) {
        s.lo[i] = ins.reduce((a, o) => a + (o.s?.lo[i] ?? 0), 0);
        s.hi[i] = ins.reduce((a, o) => a + (o.s?.hi[i] ?? 0), 0);
        finish(i, ins.reduce((a, o) => a + (o.s?.err[i] ?? 0), 0) + cast);
      }
      return;
    }
    case 'concat': {
      const c = n.shape[n.shape.length - 1] ?? 1;
      for (let i = 0; i < size; i++) {
        let ch = i % c;
        const pos = Math.floor(i / c);
        for (const o of ins) {
          const oc = o.shape[o.shape.length - 1] ?? 1;
          if (ch < oc) {
            const j = pos * oc + ch;
            s.lo[i] = o.s?.lo[j] ?? 0;
            s.hi[i] = o.s?.hi[j] ?? 0;
            finish(i, (o.s?.err[j] ?? 0) + castErr(o.t ? fracBits(o.t) : 0, n.type));
            break;
          }
          ch -= oc;
        }
      }
      return;
    }
    case 'zero_pad':
    case 'upsample':
    case 'channel_shuffle': {
      const from = movedFrom(n, x.shape);
      const cast = castErr(x.t ? fracBits(x.t) : 0, n.type);
      for (let i = 0; i < size; i++) {
        const j = from(i);
        s.lo[i] = j === null ? 0 : (x.s?.lo[j] ?? 0);
        s.hi[i] = j === null ? 0 : (x.s?.hi[j] ?? 0);
        finish(i, j === null ? 0 : (x.s?.err[j] ?? 0) + cast);
      }
      return;
    }
    default:
      return assertNever(n, 'conv dataflow op');
  }
}
