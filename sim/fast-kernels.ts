/**
 * Fast kernels: the ops of the dataflow IR on batches of raw codes held in
 * Float64Arrays, feature-major (element i of sample b at [i·B + b]). Every
 * kernel is exact: it is compiled only when a width argument proves each
 * intermediate integer stays below 2^52, and returns null otherwise (the
 * simulator then runs the BigInt reference for that layer).
 */
import { compileCast, FAST_MAX_WIDTH } from '../src/fixed/cast-fast.js';
import { fracBits, typeContains, type FixedType } from '../src/fixed/fixed-type.js';
import { accumulatorType, differenceType, productType, sumType } from '../src/fixed/growth.js';
import type { DfDense, DfNode, DfScaleShift, DfSoftmax } from '../src/ir/dataflow/types.js';
import { shapeSize } from '../src/ir/graph/types.js';
import { TensorStats, type TensorKind } from './profile.js';
import { compileConvFast } from './conv/fast.js';
import { compileTableIndex } from './table-index.js';

export type Kernel = (ins: readonly Float64Array[], B: number, out: Float64Array) => void;

/** Per-node statistics, present only when profiling. */
export type NodeStats = Partial<Record<TensorKind, TensorStats>>;

const OK = (...widths: number[]): boolean => widths.every((w) => w <= FAST_MAX_WIDTH);

function caster(stats: NodeStats | undefined, kind: TensorKind, srcFrac: number, t: FixedType): (raw: number) => number {
  if (stats) {
    const s = (stats[kind] ??= new TensorStats(t));
    return s.caster(srcFrac);
  }
  return compileCast(srcFrac, t);
}

export function compileFast(node: DfNode, inTypes: readonly FixedType[], stats?: NodeStats): Kernel | null {
  const xt = inTypes[0];
  const T = node.type;
  if (!OK(T.width) || (xt && !OK(xt.width))) return null;
  const fx = xt ? fracBits(xt) : 0;
  switch (node.op) {
    case 'input':
    case 'cast': {
      // input codes are codes of T already (checkRawInputs; the reference does not cast them either): a copy,
      // unless the profile is counting them
      if (node.op === 'input' && !stats) return (ins, _B, out) => out.set((ins[0] ?? new Float64Array(0)).subarray(0, out.length));
      const c = caster(stats, 'result', node.op === 'input' ? fracBits(T) : fx, T);
      return (ins, _B, out) => {
        const x = ins[0] ?? new Float64Array(0);
        for (let i = 0; i < out.length; i++) out[i] = c(x[i] ?? 0);
      };
    }
    case 'reshape':
      return (ins, _B, out) => out.set(ins[0] ?? new Float64Array(0));
    case 'dense':
      return xt ? compileDense(node, xt, stats) : null;
    case 'scale_shift':
      return xt ? compileScaleShift(node, xt, stats) : null;
    case 'relu': {
      if (!stats && xt && typeContains(T, xt) && fracBits(T) === fx) {
        // every value of the input type is a value of T, at the same scale: the cast changes nothing
        return (ins, _B, out) => {
          const x = ins[0] ?? new Float64Array(0);
          for (let i = 0; i < out.length; i++) {
            const v = x[i] as number;
            out[i] = v > 0 ? v : 0;
          }
        };
      }
      const c = caster(stats, 'result', fx, T);
      return (ins, _B, out) => {
        const x = ins[0] ?? new Float64Array(0);
        for (let i = 0; i < out.length; i++) {
          const v = x[i] ?? 0;
          out[i] = c(v > 0 ? v : 0);
        }
      };
    }
    case 'clip': {
      if (!xt) return null;
      const fb = fracBits(node.boundType);
      const f = Math.max(fx, fb);
      if (!OK(xt.width + f - fx, node.boundType.width + f - fb)) return null;
      const sx = 2 ** (f - fx);
      const lo = Number(node.lo) * 2 ** (f - fb);
      const hi = Number(node.hi) * 2 ** (f - fb);
      const c = caster(stats, 'result', f, T);
      return (ins, _B, out) => {
        const x = ins[0] ?? new Float64Array(0);
        for (let i = 0; i < out.length; i++) {
          const v = (x[i] ?? 0) * sx;
          out[i] = c(v < lo ? lo : v > hi ? hi : v);
        }
      };
    }
    case 'leaky_relu': {
      if (!xt || !OK(xt.width + node.alphaType.width, node.productType.width)) return null;
      const a = Number(node.alpha);
      const cp = caster(stats, 'product', fx + fracBits(node.alphaType), node.productType);
      const cpos = caster(stats, 'result', fx, T);
      const cneg = caster(stats, 'result', fracBits(node.productType), T);
      return (ins, _B, out) => {
        const x = ins[0] ?? new Float64Array(0);
        for (let i = 0; i < out.length; i++) {
          const v = x[i] ?? 0;
          out[i] = v >= 0 ? cpos(v) : cneg(cp(v * a));
        }
      };
    }
    case 'table': {
      if (!xt || !OK(node.table.entryType.width)) return null;
      const idx = compileTableIndex(fx, node.table, 2 ** xt.width);
      if (!idx) return null;
      const raw = Float64Array.from(node.table.entries, (e) => Number(e));
      const fe = fracBits(node.table.entryType);
      if (stats) {
        const cr = caster(stats, 'result', fe, T);
        return (ins, _B, out) => {
          const x = ins[0] ?? new Float64Array(0);
          for (let i = 0; i < out.length; i++) out[i] = cr(raw[idx(x[i] ?? 0)] ?? 0);
        };
      }
      const entries = raw.map(compileCast(fe, T));
      return (ins, _B, out) => {
        const x = ins[0] ?? new Float64Array(0);
        for (let i = 0; i < out.length; i++) out[i] = entries[idx(x[i] ?? 0)] ?? 0;
      };
    }
    case 'softmax':
      return xt ? compileSoftmax(node, xt, stats) : null;
    case 'conv':
    case 'pool':
    case 'add':
    case 'concat':
    case 'zero_pad':
    case 'upsample':
    case 'channel_shuffle':
      return compileConvFast(node, inTypes, stats);
  }
}

/** Nonzero weights of each output, and the widest count. */
function sparseRows(node: DfDense): { idx: Int32Array[]; w: number[][]; nnzMax: number } {
  const idx: Int32Array[] = [];
  const w: number[][] = [];
  let nnzMax = 0;
  for (let o = 0; o < node.outSize; o++) {
    const ii: number[] = [];
    const ww: number[] = [];
    for (let i = 0; i < node.inSize; i++) {
      const v = node.weights[o * node.inSize + i] ?? 0n;
      if (v !== 0n) {
        ii.push(i);
        ww.push(Number(v));
      }
    }
    idx.push(Int32Array.from(ii));
    w.push(ww);
    nnzMax = Math.max(nnzMax, ii.length);
  }
  return { idx, w, nnzMax };
}

function compileDense(node: DfDense, xt: FixedType, stats?: NodeStats): Kernel | null {
  if (!OK(node.weightType.width, node.biasType.width, node.productType.width, node.accType.width)) return null;
  const { idx, w, nnzMax } = sparseRows(node);
  const fx = fracBits(xt);
  const fw = fracBits(node.weightType);
  const fb = fracBits(node.biasType);
  const fp = fracBits(node.productType);
  const fa = fracBits(node.accType);
  const exactProd = productType(xt, node.weightType);
  const identity =
    typeContains(node.productType, exactProd) &&
    typeContains(node.accType, accumulatorType([node.productType, node.biasType], nnzMax + 1)) &&
    node.accType.width <= 51;
  const castR = caster(stats, 'result', fa, node.type);
  if (identity) {
    // no cast inside the sum changes a value: accumulate exactly at the accumulator's fraction
    const k = 2 ** (fa - fx - fw);
    const ws = w.map((row) => Float64Array.from(row, (v) => v * k));
    const bs = node.bias.map((b) => Number(b) * 2 ** (fa - fb));
    return (ins, B, out) => {
      const x = ins[0] ?? new Float64Array(0);
      const acc = new Float64Array(B);
      for (let o = 0; o < node.outSize; o++) {
        acc.fill(bs[o] ?? 0);
        const ii = idx[o] ?? new Int32Array(0);
        const wv = ws[o] ?? new Float64Array(0);
        const n = ii.length;
        let j = 0;
        for (; j + 3 < n; j += 4) {
          const a0 = (ii[j] ?? 0) * B;
          const a1 = (ii[j + 1] ?? 0) * B;
          const a2 = (ii[j + 2] ?? 0) * B;
          const a3 = (ii[j + 3] ?? 0) * B;
          const w0 = wv[j] ?? 0;
          const w1 = wv[j + 1] ?? 0;
          const w2 = wv[j + 2] ?? 0;
          const w3 = wv[j + 3] ?? 0;
          for (let b = 0; b < B; b++) {
            acc[b] = (acc[b] as number) + ((x[a0 + b] as number) * w0 + (x[a1 + b] as number) * w1 + ((x[a2 + b] as number) * w2 + (x[a3 + b] as number) * w3));
          }
        }
        for (; j < n; j++) {
          const a0 = (ii[j] ?? 0) * B;
          const w0 = wv[j] ?? 0;
          for (let b = 0; b < B; b++) acc[b] = (acc[b] as number) + (x[a0 + b] as number) * w0;
        }
        const base = o * B;
        for (let b = 0; b < B; b++) out[base + b] = castR(acc[b] as number);
      }
    };
  }
  // general path: every cast of the definition, in order
  const st = sumType(node.accType, node.productType);
  if (!OK(xt.width + node.weightType.width, st.width)) return null;
  const f = Math.max(fa, fp);
  const sa = 2 ** (f - fa);
  const sp = 2 ** (f - fp);
  const castP = caster(stats, 'product', fx + fw, node.productType);
  const castAB = caster(stats, 'accum', fb, node.accType);
  const castA = caster(stats, 'accum', f, node.accType);
  return (ins, B, out) => {
    const x = ins[0] ?? new Float64Array(0);
    for (let o = 0; o < node.outSize; o++) {
      const ii = idx[o] ?? new Int32Array(0);
      const wv = w[o] ?? [];
      const bias = Number(node.bias[o] ?? 0n);
      for (let b = 0; b < B; b++) {
        // cast per sample, so the overflow profile counts it as often as the reference does
        let acc = castAB(bias);
        for (let j = 0; j < ii.length; j++) {
          const p = castP((x[(ii[j] ?? 0) * B + b] as number) * (wv[j] ?? 0));
          acc = castA(acc * sa + p * sp);
        }
        out[o * B + b] = castR(acc);
      }
    }
  };
}

function compileScaleShift(node: DfScaleShift, xt: FixedType, stats?: NodeStats): Kernel | null {
  const st = sumType(node.accType, node.productType);
  if (!OK(node.scaleType.width, node.shiftType.width, xt.width + node.scaleType.width, st.width, node.productType.width)) return null;
  const fx = fracBits(xt);
  const fp = fracBits(node.productType);
  const fa = fracBits(node.accType);
  const f = Math.max(fa, fp);
  const castP = caster(stats, 'product', fx + fracBits(node.scaleType), node.productType);
  const castAS = caster(stats, 'accum', fracBits(node.shiftType), node.accType);
  const castA = caster(stats, 'accum', f, node.accType);
  const castR = caster(stats, 'result', fa, node.type);
  const c = node.scale.length;
  const scale = node.scale.map(Number);
  const shift = node.shift.map(Number);
  const sa = 2 ** (f - fa);
  const sp = 2 ** (f - fp);
  return (ins, B, out) => {
    const x = ins[0] ?? new Float64Array(0);
    const n = out.length / B;
    for (let i = 0; i < n; i++) {
      const s = scale[i % c] ?? 0;
      const sh = shift[i % c] ?? 0;
      for (let b = 0; b < B; b++) {
        const p = castP((x[i * B + b] as number) * s);
        out[i * B + b] = castR(castA(castAS(sh) * sa + p * sp));
      }
    }
  };
}

function compileSoftmax(node: DfSoftmax, xt: FixedType, stats?: NodeStats): Kernel | null {
  const n = node.shape[node.shape.length - 1] ?? 1;
  const rows = shapeSize(node.shape) / n;
  const T = node.type;
  if (node.mode === 'argmax') {
    const one = compileCast(0, T)(1);
    return (ins, B, out) => {
      const x = ins[0] ?? new Float64Array(0);
      out.fill(0);
      for (let r = 0; r < rows; r++) {
        for (let b = 0; b < B; b++) {
          let best = 0;
          let m = x[r * n * B + b] as number;
          for (let j = 1; j < n; j++) {
            const v = x[(r * n + j) * B + b] as number;
            if (v > m) {
              m = v;
              best = j;
            }
          }
          out[(r * n + best) * B + b] = one;
        }
      }
    };
  }
  const et = node.expTable;
  const it = node.invTable;
  const sT = node.sumType;
  if (!et || !it || !sT) return null;
  const dT = differenceType(xt, xt);
  const exactSum = accumulatorType([et.entryType], n);
  if (!OK(dT.width, et.entryType.width, it.entryType.width, exactSum.width, sT.width, et.entryType.width + it.entryType.width)) return null;
  const expIdx = compileTableIndex(fracBits(dT), et, 2 ** dT.width);
  const invIdx = compileTableIndex(fracBits(sT), it, 2 ** sT.width);
  if (!expIdx || !invIdx) return null;
  const eVals = et.entries.map(Number);
  const rVals = it.entries.map(Number);
  const castS = caster(stats, 'sum', fracBits(et.entryType), sT);
  const castR = caster(stats, 'result', fracBits(et.entryType) + fracBits(it.entryType), T);
  return (ins, B, out) => {
    const x = ins[0] ?? new Float64Array(0);
    const e = new Float64Array(n);
    for (let r = 0; r < rows; r++) {
      for (let b = 0; b < B; b++) {
        let m = x[r * n * B + b] as number;
        for (let j = 1; j < n; j++) m = Math.max(m, x[(r * n + j) * B + b] as number);
        let s = 0;
        for (let j = 0; j < n; j++) {
          const v = eVals[expIdx((x[(r * n + j) * B + b] as number) - m)] ?? 0;
          e[j] = v;
          s += v;
        }
        const rv = rVals[invIdx(castS(s))] ?? 0;
        for (let j = 0; j < n; j++) out[(r * n + j) * B + b] = castR((e[j] as number) * rv);
      }
    }
  };
}
