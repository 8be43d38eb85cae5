/**
 * Dataflow designs built by hand for the HLS ladder: every op, odd types
 * (unsigned, negative and over-wide integer bits, every mode, up to 128
 * bits), sparse and power-of-two weights, fan-out and several outputs.
 */
import { castNumber } from '../../../src/fixed/arith.js';
import { fixedType, maxRaw, minRaw, type FixedType, type OverflowMode, type QuantMode } from '../../../src/fixed/fixed-type.js';
import { accumulatorType, productType } from '../../../src/fixed/growth.js';
import { DATAFLOW_IR_VERSION, type Dataflow, type DfNode, type TableSpec } from '../../../src/ir/dataflow/types.js';
import { shapeSize } from '../../../src/ir/graph/types.js';
import { activationTable, expTable, reciprocalTable } from '../../../src/lower/tables.js';
import { Rng } from './rng.js';

export const fx = (w: number, i: number, q: QuantMode = 'TRN', o: OverflowMode = 'WRAP'): FixedType => fixedType(w, i, true, q, o);
export const ufx = (w: number, i: number, q: QuantMode = 'TRN', o: OverflowMode = 'WRAP'): FixedType => fixedType(w, i, false, q, o);

export interface DenseSpec {
  readonly out: number;
  readonly weightType: FixedType;
  readonly biasType?: FixedType;
  readonly type: FixedType;
  /** default: the exact product type */
  readonly productType?: FixedType;
  /** default: bit growth over all terms (no overflow) */
  readonly accType?: FixedType;
  readonly rf?: number;
  /** fraction of zero weights */
  readonly sparsity?: number;
  /** fraction of ±2^k weights among the nonzero ones */
  readonly pow2?: number;
}

export class DesignBuilder {
  private readonly nodes: DfNode[] = [];
  private readonly rng: Rng;

  constructor(
    private readonly name: string,
    seed: number,
  ) {
    this.rng = new Rng(seed);
  }

  private get(name: string): DfNode {
    const n = this.nodes.find((x) => x.name === name);
    if (!n) throw new Error(`no node ${name}`);
    return n;
  }

  private add<T extends DfNode>(n: T): string {
    this.nodes.push(n);
    return n.name;
  }

  private randomRaw(t: FixedType): bigint {
    return this.rng.range(minRaw(t), maxRaw(t));
  }

  input(name: string, shape: number[], type: FixedType, source = name): string {
    return this.add({ op: 'input', name, source, inputs: [], shape, type });
  }

  dense(name: string, from: string, s: DenseSpec, source = name): string {
    const x = this.get(from);
    const inSize = shapeSize(x.shape);
    const weights: bigint[] = [];
    for (let k = 0; k < inSize * s.out; k++) {
      if (this.rng.bool(s.sparsity ?? 0)) {
        weights.push(0n);
      } else if (this.rng.bool(s.pow2 ?? 0)) {
        const mag = 1n << BigInt(this.rng.int(0, s.weightType.width - (s.weightType.signed ? 2 : 1)));
        weights.push(s.weightType.signed && this.rng.bool() ? -mag : mag);
      } else {
        weights.push(this.randomRaw(s.weightType));
      }
    }
    if (s.weightType.signed && weights.length > 0) weights[0] = minRaw(s.weightType); // the most negative code, a power of two
    const biasType = s.biasType ?? s.weightType;
    const bias = Array.from({ length: s.out }, () => this.randomRaw(biasType));
    const productType0 = s.productType ?? productType(x.type, s.weightType);
    const accType = s.accType ?? accumulatorType([productType0, biasType], inSize + 1);
    return this.add({
      op: 'dense',
      name,
      source,
      inputs: [from],
      shape: [s.out],
      type: s.type,
      inSize,
      outSize: s.out,
      weights,
      bias,
      weightType: s.weightType,
      biasType,
      productType: productType0,
      accType,
      reuseFactor: s.rf ?? 1,
    });
  }

  relu(name: string, from: string, type: FixedType): string {
    return this.add({ op: 'relu', name, source: name, inputs: [from], shape: this.get(from).shape, type });
  }

  cast(name: string, from: string, type: FixedType): string {
    return this.add({ op: 'cast', name, source: name, inputs: [from], shape: this.get(from).shape, type });
  }

  reshape(name: string, from: string, shape: number[]): string {
    const x = this.get(from);
    return this.add({ op: 'reshape', name, source: name, inputs: [from], shape, type: x.type });
  }

  clip(name: string, from: string, lo: number, hi: number, boundType: FixedType, type: FixedType): string {
    return this.add({ op: 'clip', name, source: name, inputs: [from], shape: this.get(from).shape, type, lo: castNumber(lo, boundType), hi: castNumber(hi, boundType), boundType });
  }

  leakyRelu(name: string, from: string, alpha: number, alphaType: FixedType, type: FixedType, productType0?: FixedType): string {
    const x = this.get(from);
    return this.add({
      op: 'leaky_relu',
      name,
      source: name,
      inputs: [from],
      shape: x.shape,
      type,
      alpha: castNumber(alpha, alphaType),
      alphaType,
      productType: productType0 ?? productType(x.type, alphaType),
    });
  }

  scaleShift(name: string, from: string, scaleType: FixedType, shiftType: FixedType, type: FixedType, accType?: FixedType): string {
    const x = this.get(from);
    const c = x.shape[x.shape.length - 1] ?? 1;
    const pt = productType(x.type, scaleType);
    return this.add({
      op: 'scale_shift',
      name,
      source: name,
      inputs: [from],
      shape: x.shape,
      type,
      scale: Array.from({ length: c }, () => this.randomRaw(scaleType)),
      shift: Array.from({ length: c }, () => this.randomRaw(shiftType)),
      scaleType,
      shiftType,
      productType: pt,
      accType: accType ?? accumulatorType([pt, shiftType], 2),
    });
  }

  table(name: string, from: string, fn: 'sigmoid' | 'tanh', size: number, min: number, max: number, entryType: FixedType, type: FixedType): string {
    const table: TableSpec = activationTable(fn, size, min, max, entryType, name);
    return this.add({ op: 'table', name, source: name, inputs: [from], shape: this.get(from).shape, type, table });
  }

  softmax(name: string, from: string, type: FixedType, mode: 'stable' | 'argmax' = 'stable'): string {
    const x = this.get(from);
    const cols = x.shape[x.shape.length - 1] ?? 1;
    if (mode === 'argmax') return this.add({ op: 'softmax', name, source: name, inputs: [from], shape: x.shape, type, mode, expTable: null, invTable: null, sumType: null });
    const expT = expTable(256, -4, ufx(18, 1, 'RND', 'SAT'), name);
    const sumType = ufx(18, 6, 'TRN', 'SAT');
    const invT = reciprocalTable(512, cols, ufx(18, 1, 'RND', 'SAT'), name);
    return this.add({ op: 'softmax', name, source: name, inputs: [from], shape: x.shape, type, mode, expTable: expT, invTable: invT, sumType });
  }

  /** Rename the source of a node (to test what model-file names do to the output). */
  withSource(name: string, source: string): void {
    const k = this.nodes.findIndex((n) => n.name === name);
    const n = this.nodes[k];
    if (n) this.nodes[k] = { ...n, source };
  }

  build(outputs: string[]): Dataflow {
    return { version: DATAFLOW_IR_VERSION, name: this.name, nodes: [...this.nodes], outputs };
  }
}

/** The ladder's random vectors (sim/random-vectors.ts): corners first, then rows with edge values mixed in. */
export { randomVectors } from '../../../sim/random-vectors.js';
