/**
 * The reference semantics of every dataflow op, one sample at a time, on
 * BigInt, written as literally as the comments in src/ir/dataflow/types.ts.
 * The fast kernels are tested against it; it also runs any layer whose
 * types are too wide for the fast path.
 */
import { assertNever } from '../src/core/assert-never.js';
import { castRawRef } from '../src/fixed/cast-ref.js';
import { fracBits, type FixedType } from '../src/fixed/fixed-type.js';
import { differenceType } from '../src/fixed/growth.js';
import type { Dataflow, DfNode } from '../src/ir/dataflow/types.js';
import { shapeSize } from '../src/ir/graph/types.js';
import { refConvNode } from './conv/reference.js';
import { tableIndexRef } from './table-index.js';

/** Cast observer: called with the tensor kind, the exact value (raw at srcFrac) and the cast result. */
export type CastObserver = (tensor: 'product' | 'accum' | 'result' | 'sum', raw: bigint, srcFrac: number, t: FixedType, out: bigint) => void;

function align(raw: bigint, from: number, to: number): bigint {
  return raw << BigInt(to - from);
}

export function refNode(node: DfNode, inputs: readonly (readonly bigint[])[], inTypes: readonly FixedType[], observe?: CastObserver): bigint[] {
  const cast = (tensor: Parameters<CastObserver>[0], raw: bigint, srcFrac: number, t: FixedType): bigint => {
    const out = castRawRef(raw, srcFrac, t);
    observe?.(tensor, raw, srcFrac, t, out);
    return out;
  };
  const x = inputs[0] ?? [];
  const xt = inTypes[0];
  const fx = xt ? fracBits(xt) : 0;
  const T = node.type;
  switch (node.op) {
    case 'input':
      return [...x];
    case 'dense': {
      const fp = fracBits(node.productType);
      const fa = fracBits(node.accType);
      const out: bigint[] = [];
      for (let o = 0; o < node.outSize; o++) {
        let acc = cast('accum', node.bias[o] ?? 0n, fracBits(node.biasType), node.accType);
        for (let i = 0; i < node.inSize; i++) {
          const w = node.weights[o * node.inSize + i] ?? 0n;
          if (w === 0n) continue;
          const p = cast('product', (x[i] ?? 0n) * w, fx + fracBits(node.weightType), node.productType);
          const f = Math.max(fa, fp);
          acc = cast('accum', align(acc, fa, f) + align(p, fp, f), f, node.accType);
        }
        out.push(cast('result', acc, fa, T));
      }
      return out;
    }
    case 'scale_shift': {
      const c = node.scale.length;
      const fp = fracBits(node.productType);
      const fa = fracBits(node.accType);
      return x.map((v, i) => {
        const acc0 = cast('accum', node.shift[i % c] ?? 0n, fracBits(node.shiftType), node.accType);
        const p = cast('product', v * (node.scale[i % c] ?? 0n), fx + fracBits(node.scaleType), node.productType);
        const f = Math.max(fa, fp);
        const acc = cast('accum', align(acc0, fa, f) + align(p, fp, f), f, node.accType);
        return cast('result', acc, fa, T);
      });
    }
    case 'relu':
      return x.map((v) => cast('result', v > 0n ? v : 0n, fx, T));
    case 'clip': {
      const fb = fracBits(node.boundType);
      const f = Math.max(fx, fb);
      const lo = align(node.lo, fb, f);
      const hi = align(node.hi, fb, f);
      return x.map((v) => {
        const a = align(v, fx, f);
        return cast('result', a < lo ? lo : a > hi ? hi : a, f, T);
      });
    }
    case 'leaky_relu': {
      const fpIn = fx + fracBits(node.alphaType);
      const fp = fracBits(node.productType);
      return x.map((v) => (v >= 0n ? cast('result', v, fx, T) : cast('result', cast('product', v * node.alpha, fpIn, node.productType), fp, T)));
    }
    case 'cast':
      return x.map((v) => cast('result', v, fx, T));
    case 'table': {
      const fe = fracBits(node.table.entryType);
      return x.map((v) => cast('result', node.table.entries[tableIndexRef(v, fx, node.table)] ?? 0n, fe, T));
    }
    case 'softmax':
      return refSoftmax(node, x, xt, cast);
    case 'reshape':
      return [...x];
    case 'conv':
    case 'pool':
    case 'add':
    case 'concat':
    case 'zero_pad':
    case 'upsample':
    case 'channel_shuffle':
      return refConvNode(node, inputs, inTypes, observe);
    default:
      return assertNever(node, 'dataflow op');
  }
}

function refSoftmax(
  node: Extract<DfNode, { op: 'softmax' }>,
  x: readonly bigint[],
  xt: FixedType | undefined,
  cast: (tensor: Parameters<CastObserver>[0], raw: bigint, srcFrac: number, t: FixedType) => bigint,
): bigint[] {
  const n = node.shape[node.shape.length - 1] ?? 1;
  const fx = xt ? fracBits(xt) : 0;
  const out: bigint[] = [];
  for (let base = 0; base < x.length; base += n) {
    const row = x.slice(base, base + n);
    let m = row[0] ?? 0n;
    let arg = 0;
    row.forEach((v, j) => {
      if (v > m) {
        m = v;
        arg = j;
      }
    });
    if (node.mode === 'argmax') {
      const one = cast('result', 1n, 0, node.type);
      row.forEach((_v, j) => out.push(j === arg ? one : 0n));
      continue;
    }
    const et = node.expTable;
    const it = node.invTable;
    const st = node.sumType;
    if (!et || !it || !st || !xt) throw new Error('softmax: stable mode needs its tables');
    const fd = fracBits(differenceType(xt, xt));
    const e = row.map((v) => et.entries[tableIndexRef((v - m) << BigInt(fd - fx), fd, et)] ?? 0n);
    const fe = fracBits(et.entryType);
    const s = cast('sum', e.reduce((a, b) => a + b, 0n), fe, st);
    const r = it.entries[tableIndexRef(s, fracBits(st), it)] ?? 0n;
    const fr = fracBits(it.entryType);
    for (const ej of e) out.push(cast('result', ej * r, fe + fr, node.type));
  }
  return out;
}

/** Evaluate a whole design on one sample; returns every node's output. */
export function evalReference(df: Dataflow, input: readonly bigint[], observe?: (node: DfNode) => CastObserver | undefined): Map<string, bigint[]> {
  const values = new Map<string, bigint[]>();
  const types = new Map<string, FixedType>();
  let offset = 0;
  for (const node of df.nodes) {
    let out: bigint[];
    if (node.op === 'input') {
      const size = shapeSize(node.shape);
      out = input.slice(offset, offset + size).map((v) => castRawRef(v, fracBits(node.type), node.type));
      offset += size;
    } else {
      const ins = node.inputs.map((i) => values.get(i) ?? []);
      const its = node.inputs.map((i) => types.get(i) ?? node.type);
      out = refNode(node, ins, its, observe?.(node));
    }
    values.set(node.name, out);
    types.set(node.name, node.type);
  }
  return values;
}
