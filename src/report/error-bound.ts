/**
 * The stated quantization bound of the ladder's first rung: for every layer,
 * a worst-case bound on |fixed-point value − float value| per element, by
 * interval arithmetic on the float model (ranges) and first-order error
 * propagation through the exact arithmetic of the dataflow IR (weight
 * rounding, every cast, table sampling, input quantization). Where a value
 * could overflow its type, the bound is Infinity and the layer is flagged.
 */
import { assertNever } from '../core/assert-never.js';
import { fracBits, typeContains, type FixedType } from '../fixed/fixed-type.js';
import { toNumber } from '../fixed/arith.js';
import { accumulatorType, productType } from '../fixed/growth.js';
import type { Dataflow, DfNode, TableSpec } from '../ir/dataflow/types.js';
import { shapeSize, type Graph, type GraphNode, type Shape } from '../ir/graph/types.js';
import { batchnormScale, foldBatchnorm } from '../ir/graph/fold-batchnorm.js';
import { tableFunction } from '../lower/tables.js';
import { castErr, fits, maxAbsOf, type State } from './error-bound-cast.js';
import { boundConvFamily, type Operand } from './error-bound-conv.js';

export interface LayerBound {
  readonly layer: string;
  readonly source: string;
  /** largest |float value| the layer can produce for inputs in the given range */
  readonly maxAbs: number;
  /** bound on |fixed − float| for every element */
  readonly error: number;
  readonly overflowPossible: boolean;
}

/** Error of a table lookup; `limits` are the function's values beyond the domain's ends (null: the input never leaves the domain). */
function tableErr(t: TableSpec, lipschitz: number, limits: [number, number] | null): number {
  const f = tableFunction(t.fn);
  const step = 2 ** t.stepLog2;
  const lo = Number(t.loMant) * 2 ** t.loExp;
  const hi = lo + t.size * step;
  const sampling = t.sample === 'mid' ? (lipschitz * step) / 2 : lipschitz * step;
  const entry = castErr(Infinity, t.entryType);
  const off = t.sample === 'mid' ? step / 2 : 0;
  const clampLo = limits ? Math.abs(f(lo + off) - limits[0]) : 0;
  const clampHi = limits ? Math.abs(f(hi - step + off) - limits[1]) : 0;
  return Math.max(sampling, clampLo, clampHi) + entry;
}

export function errorBounds(graph: Graph, df: Dataflow, inputRange: { min: number; max: number }): LayerBound[] {
  const folded = foldBatchnorm(graph).graph;
  const bySource = new Map<string, GraphNode>(folded.nodes.map((n) => [n.name, n]));
  const states = new Map<string, State>();
  const types = new Map<string, FixedType>();
  const shapes = new Map<string, Shape>();
  const sources = new Map<string, string>();
  const out: LayerBound[] = [];
  for (const n of df.nodes) {
    const ins: Operand[] = n.inputs.map((name) => ({ s: states.get(name), t: types.get(name), shape: shapes.get(name) ?? [] }));
    // a SeparableConv's pointwise half reads its depthwise half, which has the same source
    const pointwise = sources.get(n.inputs[0] ?? '') === n.source;
    const src = bySource.get(n.source);
    const x = states.get(n.inputs[0] ?? '');
    const xt = types.get(n.inputs[0] ?? '');
    const size = shapeSize(n.shape);
    const s: State = { lo: new Float64Array(size), hi: new Float64Array(size), err: new Float64Array(size) };
    let overflow = false;
    const fx = xt ? fracBits(xt) : 0;
    const finish = (i: number, err: number): void => {
      s.err[i] = err;
      if (!fits((s.lo[i] ?? 0) - err, (s.hi[i] ?? 0) + err, n.type)) overflow = true;
    };
    boundNode(n, src, x, xt, fx, s, inputRange, finish, () => (overflow = true), { ins, pointwise });
    let error = 0;
    let maxAbs = 0;
    for (let i = 0; i < size; i++) {
      error = Math.max(error, s.err[i] ?? 0);
      maxAbs = Math.max(maxAbs, maxAbsOf(s, i));
    }
    if (overflow || ins.some((o) => o.s && o.s.err.some((e) => !Number.isFinite(e)))) {
      s.err.fill(Infinity);
      error = Infinity;
    }
    states.set(n.name, s);
    types.set(n.name, n.type);
    shapes.set(n.name, n.shape);
    sources.set(n.name, n.source);
    out.push({ layer: n.name, source: n.source, maxAbs, error, overflowPossible: overflow });
  }
  return out;
}

function boundNode(
  n: DfNode,
  src: GraphNode | undefined,
  x: State | undefined,
  xt: FixedType | undefined,
  fx: number,
  s: State,
  inputRange: { min: number; max: number },
  finish: (i: number, err: number) => void,
  flag: () => void,
  conv: { readonly ins: readonly Operand[]; readonly pointwise: boolean },
): void {
  const size = s.lo.length;
  const elementwise = (f: (v: number) => number, lip: number, extra: (i: number) => number): void => {
    for (let i = 0; i < size; i++) {
      const a = f(x?.lo[i] ?? 0);
      const b = f(x?.hi[i] ?? 0);
      s.lo[i] = Math.min(a, b);
      s.hi[i] = Math.max(a, b);
      finish(i, lip * (x?.err[i] ?? 0) + extra(i));
    }
  };
  switch (n.op) {
    case 'input': {
      // the fixed value is the cast of the float one: quantization is monotone, so it lies between the casts of the
      // range's ends, which are the ends themselves when they are on the type's grid (0 and 1 for pixels, say)
      const e = castErr(Infinity, n.type);
      const grid = 2 ** fracBits(n.type);
      const end = (v: number, dir: number): number => (Number.isInteger(v * grid) ? v : v + dir * e);
      if (!fits(end(inputRange.min, -1), end(inputRange.max, 1), n.type)) flag();
      for (let i = 0; i < size; i++) {
        s.lo[i] = inputRange.min;
        s.hi[i] = inputRange.max;
        s.err[i] = e;
      }
      return;
    }
    case 'dense': {
      if (!x || !xt || src?.op !== 'dense') return flag();
      const fa = fracBits(n.accType);
      const exactProd = productType(xt, n.weightType);
      const prodErr = typeContains(n.productType, exactProd) ? 0 : castErr(fx + fracBits(n.weightType), n.productType);
      let nnzMax = 0;
      for (let o = 0; o < n.outSize; o++) {
        let k = 0;
        for (let i = 0; i < n.inSize; i++) if ((n.weights[o * n.inSize + i] ?? 0n) !== 0n) k++;
        nnzMax = Math.max(nnzMax, k);
      }
      const accSafe = typeContains(n.accType, accumulatorType([n.productType, n.biasType], nnzMax + 1));
      if (!accSafe) flag();
      const accErr = castErr(Math.max(fracBits(n.productType), fracBits(n.biasType)), n.accType);
      const resErr = castErr(fa, n.type);
      for (let o = 0; o < n.outSize; o++) {
        const b = src.bias?.[o] ?? 0;
        const bq = toNumber(n.bias[o] ?? 0n, n.biasType);
        let lo = b;
        let hi = b;
        let err = Math.abs(bq - b);
        let terms = 0;
        for (let i = 0; i < n.inSize; i++) {
          const w = src.kernel[i * n.outSize + o] ?? 0;
          const wq = toNumber(n.weights[o * n.inSize + i] ?? 0n, n.weightType);
          const a = w * (x.lo[i] ?? 0);
          const c = w * (x.hi[i] ?? 0);
          lo += Math.min(a, c);
          hi += Math.max(a, c);
          err += (x.err[i] ?? 0) * Math.abs(wq) + maxAbsOf(x, i) * Math.abs(wq - w);
          if (wq !== 0) terms++;
        }
        s.lo[o] = lo;
        s.hi[o] = hi;
        finish(o, err + terms * prodErr + (terms + 1) * accErr + resErr);
      }
      return;
    }
    case 'scale_shift': {
      if (!x || !xt || src?.op !== 'batchnorm') return flag();
      const { scale, shift } = batchnormScale(src);
      const c = scale.length;
      const cast = castErr(fx + fracBits(n.scaleType), n.productType) + 2 * castErr(Math.max(fracBits(n.productType), fracBits(n.shiftType)), n.accType) + castErr(fracBits(n.accType), n.type);
      for (let i = 0; i < size; i++) {
        const k = scale[i % c] ?? 0;
        const kq = toNumber(n.scale[i % c] ?? 0n, n.scaleType);
        const b = shift[i % c] ?? 0;
        const bq = toNumber(n.shift[i % c] ?? 0n, n.shiftType);
        const a = k * (x.lo[i] ?? 0) + b;
        const d = k * (x.hi[i] ?? 0) + b;
        s.lo[i] = Math.min(a, d);
        s.hi[i] = Math.max(a, d);
        finish(i, (x.err[i] ?? 0) * Math.abs(kq) + maxAbsOf(x, i) * Math.abs(kq - k) + Math.abs(bq - b) + cast);
      }
      return;
    }
    case 'relu':
      return elementwise((v) => Math.max(v, 0), 1, () => castErr(fx, n.type));
    case 'cast':
    case 'reshape':
      return elementwise((v) => v, 1, () => castErr(fx, n.type));
    case 'clip': {
      const lo = toNumber(n.lo, n.boundType);
      const hi = toNumber(n.hi, n.boundType);
      return elementwise((v) => Math.min(Math.max(v, lo), hi), 1, () => castErr(Math.max(fx, fracBits(n.boundType)), n.type));
    }
    case 'leaky_relu': {
      const alpha = src?.op === 'leaky_relu' ? src.alpha : 0;
      const aq = toNumber(n.alpha, n.alphaType);
      const cast = castErr(fx + fracBits(n.alphaType), n.productType) + castErr(Math.max(fx, fracBits(n.productType)), n.type);
      return elementwise((v) => (v >= 0 ? v : alpha * v), Math.max(1, Math.abs(aq)), (i) => (x ? maxAbsOf(x, i) : 0) * Math.abs(aq - alpha) + cast);
    }
    case 'table': {
      const f = tableFunction(n.table.fn);
      const lip = n.table.fn === 'sigmoid' ? 0.25 : 1;
      const limits: [number, number] = n.table.fn === 'sigmoid' ? [0, 1] : [-1, 1];
      const e = tableErr(n.table, lip, limits) + castErr(fracBits(n.table.entryType), n.type);
      return elementwise(f, lip, () => e);
    }
    case 'softmax': {
      for (let i = 0; i < size; i++) {
        s.lo[i] = 0;
        s.hi[i] = 1;
      }
      const inErr = x ? Math.max(...x.err) : 0;
      if (n.mode === 'argmax' || !n.expTable || !n.invTable || !n.sumType) {
        for (let i = 0; i < size; i++) finish(i, Infinity); // argmax is exact only on its index, not in value
        return;
      }
      const classes = n.shape[n.shape.length - 1] ?? 1;
      const eErr = tableErr(n.expTable, 1, [0, 1]);
      const sumErr = classes * eErr + castErr(fracBits(n.expTable.entryType), n.sumType);
      const rErr = sumErr + tableErr(n.invTable, 1, null);
      const e = 0.5 * inErr + eErr + rErr + eErr * rErr + castErr(fracBits(n.expTable.entryType) + fracBits(n.invTable.entryType), n.type);
      for (let i = 0; i < size; i++) finish(i, e);
      return;
    }
    case 'conv':
    case 'pool':
    case 'add':
    case 'concat':
    case 'zero_pad':
    case 'upsample':
    case 'channel_shuffle':
      return boundConvFamily(n, src, conv.ins, conv.pointwise, s, finish, flag);
    default:
      return assertNever(n, 'dataflow op');
  }
}
