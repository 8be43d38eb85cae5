/**
 * What a kernel emitter receives and returns: tensors (one buffer per node,
 * S samples per block, element i of sample s at [i·S + s]), constant arrays
 * and function declarations for the module writer, and the interval of the
 * codes the kernel can produce (used to specialise its consumers).
 */
import type { FixedType } from '../../fixed/fixed-type.js';
import { Block, NeedBig, stripParens, type Flavor, type Val } from './code-block.js';
import type { Interval } from './interval.js';

/** Raw codes up to this width are stored in Float64Array; wider ones in bigint[]. */
export const NUM_STORAGE_MAX_WIDTH = 53;

export type Storage = 'num' | 'big';

export function storageOf(t: FixedType): Storage {
  return t.width <= NUM_STORAGE_MAX_WIDTH ? 'num' : 'big';
}

export interface TensorInfo {
  /** module-level buffer identifier */
  readonly buffer: string;
  readonly size: number;
  readonly type: FixedType;
  readonly storage: Storage;
  /** every code the tensor can hold lies in this interval */
  readonly iv: Interval;
}

export interface ConstDecl {
  readonly name: string;
  /** f64: Float64Array; i32: Int32Array; big: readonly bigint[] */
  readonly kind: 'f64' | 'i32' | 'big';
  readonly values: readonly bigint[];
  readonly doc?: string;
  /** a scratch buffer the kernel writes (declared mutable) */
  readonly mutable?: boolean;
}

export interface FunctionCode {
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly type: string; readonly init?: string }[];
  readonly body: readonly string[];
  readonly doc: string;
  readonly returnType?: string;
  readonly exported?: boolean;
}

export interface KernelOut {
  readonly consts: readonly ConstDecl[];
  readonly functions: readonly FunctionCode[];
  /** statements of the block runner, in order */
  readonly calls: readonly string[];
  readonly outIv: Interval;
  readonly flavor: Flavor;
  /** short description of the strategy, for the module's comments and tests */
  readonly strategy: string;
}

export interface KernelEnv {
  /** samples per block */
  readonly S: number;
  /** largest number of unrolled terms in one layer */
  readonly unrollLimit: number;
  /** rough size budget of one emitted function, in terms */
  readonly functionBudget: number;
}

export function bufferType(s: Storage): string {
  return s === 'num' ? 'Float64Array' : 'bigint[]';
}

/** The function `name(x, y)` of a kernel with one input tensor and one output tensor. */
export function xyFunction(name: string, x: TensorInfo, y: TensorInfo, body: readonly string[], doc: string): FunctionCode {
  return {
    name,
    params: [
      { name: 'x', type: bufferType(x.storage) },
      { name: 'y', type: bufferType(y.storage) },
    ],
    body,
    doc,
  };
}

/** The block runner's call of `name(x, y)`. */
export function xyCall(name: string, x: TensorInfo, y: TensorInfo): string {
  return `${name}(${x.buffer}, ${y.buffer});`;
}

/** Load element `index` of a tensor as a value of the block's flavour. */
export function loadCode(b: Block, param: string, t: TensorInfo, index: string, iv: Interval = t.iv, frac?: number): Val {
  const f = frac ?? t.type.width - t.type.int;
  if (b.flavor === 'num') {
    if (t.storage !== 'num') throw new Error('num kernel reading a bigint tensor');
    return b.val(`${param}[${index}]`, iv, f);
  }
  return b.val(t.storage === 'num' ? `BigInt(${param}[${index}])` : `${param}[${index}]`, iv, f);
}

/** The statement storing a value into element `index` of a tensor. */
export function storeCode(b: Block, param: string, t: TensorInfo, index: string, v: Val): string {
  const code = b.flavor === 'big' && t.storage === 'num' ? `Number(${v.code})` : stripParens(v.code);
  return `${param}[${index}] = ${code};`;
}

/**
 * Emit with the `num` flavour when both tensors allow it and every bound can
 * be proven, otherwise with `big`.
 */
export function withFlavor(canNum: boolean, emit: (flavor: Flavor) => KernelOut): KernelOut {
  if (canNum) {
    try {
      const out = emit('num');
      // constant arrays of a float64 kernel must hold exact float64 integers
      const limit = 1n << 53n;
      for (const c of out.consts) {
        if (c.kind !== 'big' && c.values.some((v) => v > limit || v < -limit)) throw new NeedBig(`constant array ${c.name} is not exact in float64`);
      }
      return out;
    } catch (e) {
      if (!(e instanceof NeedBig)) throw e;
    }
  }
  return emit('big');
}
