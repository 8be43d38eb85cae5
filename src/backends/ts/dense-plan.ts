/**
 * How a Dense layer is emitted: its rows of nonzero weights, the intervals
 * that bound every term and sum, and the accumulation mode the actual
 * weights allow (see kernel-dense.ts).
 */
import { fracBits, type FixedType } from '../../fixed/fixed-type.js';
import type { DfDense } from '../../ir/dataflow/types.js';
import { castCode, overflowCode } from './cast-code.js';
import { Block, NUM_LIMIT, type Flavor, type Val } from './code-block.js';
import { absMax, castIv, castRange, hullOf, mulIv, typeRange, type Interval } from './interval.js';
import { type KernelEnv, type TensorInfo } from './kernel-types.js';

export interface Term {
  readonly i: number;
  readonly w: bigint;
}

export interface Row {
  readonly terms: readonly Term[];
  /** cast_A(bias), in A's raw units */
  readonly bias: bigint;
}

export type Mode = 'exact' | 'modular' | 'sequential';

export interface Setup {
  readonly node: DfDense;
  readonly x: TensorInfo;
  readonly y: TensorInfo;
  readonly env: KernelEnv;
  readonly rows: readonly Row[];
  readonly fX: number;
  readonly fW: number;
  readonly fP: number;
  readonly fA: number;
  readonly nnz: number;
}

/** Quantization modes for which cast_T(v) depends only on v modulo 2^(width + shift). */
export const TRANSLATION_SAFE = new Set(['TRN', 'RND', 'RND_MIN_INF', 'RND_CONV']);

/** Interval of cast_P(x·w) for a constant weight. */
export function termIv(st: Setup, w: bigint, skipWrap: boolean): Interval {
  return castIv(mulIv(st.x.iv, { lo: w, hi: w }), st.fX + st.fW, st.node.productType, skipWrap);
}

export function chooseMode(st: Setup, flavor: Flavor): { mode: Mode; skipP: boolean } {
  const A = st.node.accType;
  const P = st.node.productType;
  const k = st.fA - st.fP;
  if (k < 0) return { mode: 'sequential', skipP: false };
  const range = castRange(A);
  const shift = BigInt(k);
  const exact = st.rows.every((row) => {
    let lo = row.bias;
    let hi = row.bias;
    for (const t of row.terms) {
      const iv = termIv(st, t.w, false);
      lo += iv.lo << shift;
      hi += iv.hi << shift;
      if (lo < range.lo || hi > range.hi) return false;
    }
    return true;
  });
  const mode: Mode = exact ? 'exact' : A.overflow === 'WRAP' ? 'modular' : 'sequential';
  if (mode === 'sequential') return { mode, skipP: false };
  const skipP = mode === 'modular' && P.overflow === 'WRAP' && P.width >= A.width - k;
  if (flavor === 'big') return { mode, skipP };
  // float64: any grouping of the sum stays within |bias| + Σ|term|
  for (const row of st.rows) {
    let bound = row.bias < 0n ? -row.bias : row.bias;
    for (const t of row.terms) bound += absMax(termIv(st, t.w, skipP)) << shift;
    if (bound > NUM_LIMIT) return { mode: 'sequential', skipP: false };
  }
  return { mode, skipP };
}

/** In modular mode, whether cast_T of the unwrapped sum equals cast_T of the wrapped one. */
export function wrapFusesIntoOutput(st: Setup): boolean {
  const T = st.y.type;
  const A = st.node.accType;
  const s = st.fA - fracBits(T);
  return T.overflow === 'WRAP' && (s <= 0 || TRANSLATION_SAFE.has(T.quant)) && T.width + s <= A.width;
}

/** acc (on A's grid) → y, with the single wrap of the modular mode. */
export function finish(b: Block, st: Setup, acc: Val, mode: Mode): Val {
  let a = acc;
  if (mode === 'modular' && !wrapFusesIntoOutput(st)) a = overflowCode(b, a, st.node.accType, false);
  return castCode(b, a, st.y.type);
}

export function kernelDoc(st: Setup, strategy: string): string {
  const n = st.node;
  return `dense ${n.inSize}->${n.outSize}, ${st.nnz} nonzero weights; ${strategy}`;
}

export function ivHull(ivs: readonly Interval[], t: FixedType): Interval {
  if (ivs.length === 0) return typeRange(t);
  return { lo: hullOf(ivs.map((v) => v.lo)).lo, hi: hullOf(ivs.map((v) => v.hi)).hi };
}

export function weightIv(st: Setup): Interval {
  const ws: bigint[] = [];
  for (const r of st.rows) for (const t of r.terms) ws.push(t.w);
  return ws.length > 0 ? hullOf(ws) : { lo: 0n, hi: 0n };
}

export function biasIv(st: Setup): Interval {
  return hullOf(st.rows.map((r) => r.bias));
}

/** Interval of the unwrapped row sums Σ cast_P(x·w) over all rows (P units). */
export function rowSumIv(st: Setup, skipP: boolean): Interval {
  let lo: bigint | null = null;
  let hi: bigint | null = null;
  for (const r of st.rows) {
    let a = 0n;
    let c = 0n;
    for (const t of r.terms) {
      const iv = termIv(st, t.w, skipP);
      a += iv.lo;
      c += iv.hi;
    }
    lo = lo === null || a < lo ? a : lo;
    hi = hi === null || c > hi ? c : hi;
  }
  return { lo: lo ?? 0n, hi: hi ?? 0n };
}

export function hullIv(a: Interval, c: Interval): Interval {
  return { lo: a.lo < c.lo ? a.lo : c.lo, hi: a.hi > c.hi ? a.hi : c.hi };
}

