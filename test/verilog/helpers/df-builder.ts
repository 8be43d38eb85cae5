/**
 * Hand-built dataflow designs for the Verilog tests: full control over every
 * type, weight pattern (dense, 50% pruned, powers of two, ternary) and reuse
 * factor. Nodes chain from the previous one unless `from` names another.
 */
import { randomVectors as simRandomVectors } from '../../../sim/random-vectors.js';
import { fracBits, maxRaw, minRaw, parseType, type FixedType } from '../../../src/fixed/fixed-type.js';
import { accumulatorType, productType } from '../../../src/fixed/growth.js';
import { castNumber } from '../../../src/fixed/arith.js';
import { DATAFLOW_IR_VERSION, type Dataflow, type DfNode } from '../../../src/ir/dataflow/types.js';
import { verifyDataflow } from '../../../src/ir/dataflow/verify.js';
import { shapeSize } from '../../../src/ir/graph/types.js';
import { activationTable, expTable, reciprocalTable } from '../../../src/lower/tables.js';
import { prng } from '../../helpers/prng.js';

export type WeightPattern = 'dense' | 'pruned' | 'pow2' | 'ternary';

export const T = (s: string): FixedType => parseType(s);

export interface DenseSpec {
  readonly out: number;
  readonly weights: WeightPattern;
  readonly rf?: number;
  readonly wType?: string;
  readonly bType?: string;
  readonly pType?: string;
  readonly accType?: string;
  readonly type: string;
  readonly from?: string;
}

export class DfChain {
  private readonly nodes: DfNode[] = [];
  private readonly outs: string[] = [];
  private readonly r: () => number;
  private last: DfNode;

  constructor(
    readonly name: string,
    inType: string,
    size: number,
    seed = 1,
  ) {
    this.r = prng(seed);
    this.last = { op: 'input', name: 'in0', source: 'in0', inputs: [], shape: [size], type: T(inType) };
    this.nodes.push(this.last);
  }

  private src(from?: string): DfNode {
    if (from === undefined) return this.last;
    const n = this.nodes.find((m) => m.name === from);
    if (!n) throw new Error(`no node ${from}`);
    return n;
  }

  private add(node: DfNode): this {
    this.nodes.push(node);
    this.last = node;
    return this;
  }

  private base(name: string, from: string | undefined, type: string | FixedType, shape?: readonly number[]): { name: string; source: string; inputs: string[]; shape: readonly number[]; type: FixedType } {
    const s = this.src(from);
    return { name, source: `${name} (source)`, inputs: [s.name], shape: shape ?? s.shape, type: typeof type === 'string' ? T(type) : type };
  }

  private code(t: FixedType, lo: number, hi: number): bigint {
    const v = castNumber(lo + (hi - lo) * this.r(), t);
    return v < minRaw(t) ? minRaw(t) : v > maxRaw(t) ? maxRaw(t) : v;
  }

  private weight(p: WeightPattern, t: FixedType, i: number): bigint {
    const w = this.pattern(p, t, i);
    return w < minRaw(t) ? minRaw(t) : w > maxRaw(t) ? maxRaw(t) : w;
  }

  private pattern(p: WeightPattern, t: FixedType, i: number): bigint {
    const f = fracBits(t);
    const sign = this.r() < 0.5 ? -1n : 1n;
    switch (p) {
      case 'dense': {
        const w = this.code(t, -1.5, 1.5);
        return w === 0n ? 1n : w;
      }
      case 'pruned':
        return i % 2 === 0 ? 0n : this.pattern('dense', t, i);
      case 'ternary':
        return this.r() < 0.3 ? 0n : sign << BigInt(f);
      case 'pow2': {
        // ±2^a, or ±(2^a ± 2^b), within [-1.5, 1.5]
        const a = BigInt(Math.max(0, f - Math.floor(this.r() * 4)));
        if (this.r() < 0.5) return sign * (1n << a);
        const b = a - 1n - BigInt(Math.floor(this.r() * 2));
        const w = (1n << a) + (this.r() < 0.5 ? 1n : -1n) * (1n << (b < 0n ? 0n : b));
        return sign * w;
      }
    }
  }

  dense(name: string, s: DenseSpec): this {
    const src = this.src(s.from);
    const inSize = shapeSize(src.shape);
    const wType = T(s.wType ?? 'ap_fixed<8,2>');
    const bType = T(s.bType ?? 'ap_fixed<8,2>');
    // pruned: exactly half the weights are zero, in a shuffled pattern
    const weights: bigint[] = [];
    const order = Array.from({ length: inSize * s.out }, (_v, k) => k).sort(() => this.r() - 0.5);
    const rank = new Map(order.map((k, j) => [k, j]));
    for (let k = 0; k < inSize * s.out; k++) weights.push(this.weight(s.weights, wType, s.weights === 'pruned' ? (rank.get(k) ?? 0) : k));
    const bias = Array.from({ length: s.out }, () => this.code(bType, -1, 1));
    const prod = s.pType ? T(s.pType) : productType(src.type, wType);
    let nnz = 0;
    for (let o = 0; o < s.out; o++) nnz = Math.max(nnz, weights.slice(o * inSize, (o + 1) * inSize).filter((w) => w !== 0n).length);
    const acc = s.accType ? T(s.accType) : accumulatorType([prod, bType], nnz + 1);
    return this.add({
      ...this.base(name, s.from, s.type, [s.out]),
      op: 'dense',
      inSize,
      outSize: s.out,
      weights,
      bias,
      weightType: wType,
      biasType: bType,
      productType: prod,
      accType: acc,
      reuseFactor: s.rf ?? 1,
    });
  }

  relu(name: string, type: string, from?: string): this {
    return this.add({ ...this.base(name, from, type), op: 'relu' });
  }

  clip(name: string, lo: number, hi: number, boundType: string, type: string, from?: string): this {
    const bt = T(boundType);
    return this.add({ ...this.base(name, from, type), op: 'clip', lo: castNumber(lo, bt), hi: castNumber(hi, bt), boundType: bt });
  }

  leaky(name: string, alpha: number, alphaType: string, type: string, pType?: string, from?: string): this {
    const at = T(alphaType);
    const src = this.src(from);
    return this.add({ ...this.base(name, from, type), op: 'leaky_relu', alpha: castNumber(alpha, at), alphaType: at, productType: pType ? T(pType) : productType(src.type, at) });
  }

  cast(name: string, type: string, from?: string): this {
    return this.add({ ...this.base(name, from, type), op: 'cast' });
  }

  scaleShift(name: string, scaleType: string, shiftType: string, type: string, o: { pType?: string; accType?: string; from?: string } = {}): this {
    const src = this.src(o.from);
    const c = src.shape[src.shape.length - 1] ?? 1;
    const st = T(scaleType);
    const ht = T(shiftType);
    const prod = o.pType ? T(o.pType) : productType(src.type, st);
    return this.add({
      ...this.base(name, o.from, type),
      op: 'scale_shift',
      scale: Array.from({ length: c }, () => this.code(st, -2, 2)),
      shift: Array.from({ length: c }, () => this.code(ht, -1, 1)),
      scaleType: st,
      shiftType: ht,
      productType: prod,
      accType: o.accType ? T(o.accType) : accumulatorType([prod, ht], 2),
    });
  }

  table(name: string, fn: 'sigmoid' | 'tanh', size: number, min: number, max: number, entryType: string, type: string, from?: string): this {
    return this.add({ ...this.base(name, from, type), op: 'table', table: activationTable(fn, size, min, max, T(entryType), name) });
  }

  softmax(name: string, type: string, o: { expSize?: number; expStepLog2?: number; invSize?: number; entry?: string; sum?: string; from?: string } = {}): this {
    const src = this.src(o.from);
    const n = src.shape[src.shape.length - 1] ?? 1;
    const entry = T(o.entry ?? 'ap_ufixed<10,1>');
    return this.add({
      ...this.base(name, o.from, type),
      op: 'softmax',
      mode: 'stable',
      expTable: expTable(o.expSize ?? 64, o.expStepLog2 ?? -3, entry, name),
      invTable: reciprocalTable(o.invSize ?? 64, n, T('ap_ufixed<12,2>'), name),
      sumType: o.sum ? T(o.sum) : accumulatorType([entry], n),
    });
  }

  argmax(name: string, type: string, from?: string): this {
    return this.add({ ...this.base(name, from, type), op: 'softmax', mode: 'argmax', expTable: null, invTable: null, sumType: null });
  }

  reshape(name: string, shape: readonly number[], from?: string): this {
    const s = this.src(from);
    return this.add({ ...this.base(name, from, s.type, shape), op: 'reshape' });
  }

  /** Mark the current (or a named) node as an output. */
  output(name?: string): this {
    this.outs.push(name ?? this.last.name);
    return this;
  }

  build(): Dataflow {
    const df: Dataflow = { version: DATAFLOW_IR_VERSION, name: this.name, nodes: [...this.nodes], outputs: this.outs.length > 0 ? [...this.outs] : [this.last.name] };
    verifyDataflow(df);
    return df;
  }
}

/** The ladder's random vectors (sim/random-vectors.ts), seed 11 unless given. */
export function randomVectors(df: Dataflow, n: number, seed = 11): bigint[][] {
  return simRandomVectors(df, n, seed);
}
