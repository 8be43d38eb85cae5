/**
 * Emitted table index: index = clamp(floor((x − lo) / 2^stepLog2), 0, size − 1)
 * for a raw code v with fV fractional bits, computed exactly on integers.
 *
 * With k = fV + stepLog2 (the step in raw units is 2^k):
 *   k ≥ 0: index(v) = floor((v − C) / 2^k),  C = ceil(lo · 2^fV)
 *   k < 0: index(v) = v · 2^−k − C,           C = ceil(lo · 2^(fV − k))
 * (for integer v, floor((v − lo')/2^k) ≥ j ⇔ v ≥ ceil(lo') + j·2^k, and
 * floor(v·2^m − lo'') = v·2^m − ceil(lo'')). The clamp becomes two
 * thresholds on v, so only codes within v's own range appear as constants.
 */
import type { TableSpec } from '../../ir/dataflow/types.js';
import { addCode, alignCode, subCode } from './arith-code.js';
import type { Block, Val } from './code-block.js';
import { quantCode } from './cast-code.js';

export interface IndexPlan {
  readonly k: number;
  readonly c: bigint;
  /** smallest v with index ≥ 0 by the formula */
  readonly first: bigint;
  /** largest v with index ≤ size − 1 by the formula */
  readonly last: bigint;
  readonly size: number;
}

function ceilDyadic(mant: bigint, exp: number): bigint {
  if (exp >= 0) return mant << BigInt(exp);
  return -(-mant >> BigInt(-exp));
}

function floorDiv(a: bigint, d: bigint): bigint {
  const q = a / d;
  return q * d > a ? q - 1n : q;
}

function ceilDiv(a: bigint, d: bigint): bigint {
  return -floorDiv(-a, d);
}

export function indexPlan(spec: TableSpec, fV: number): IndexPlan {
  const k = fV + spec.stepLog2;
  const last = BigInt(spec.size - 1);
  if (k >= 0) {
    const c = ceilDyadic(spec.loMant, spec.loExp + fV);
    const step = 1n << BigInt(k);
    // index(v) ≤ size − 1 ⇔ v − c < size·2^k
    return { k, c, first: c, last: c + BigInt(spec.size) * step - 1n, size: spec.size };
  }
  const m = 1n << BigInt(-k);
  const c = ceilDyadic(spec.loMant, spec.loExp + fV - k);
  return { k, c, first: ceilDiv(c, m), last: floorDiv(last + c, m), size: spec.size };
}

/** The index the plan gives for v (BigInt), clamped: what the emitted code computes. */
export function planIndex(p: IndexPlan, v: bigint): number {
  if (v < p.first) return 0;
  if (v > p.last) return p.size - 1;
  const i = p.k >= 0 ? (v - p.c) >> BigInt(p.k) : v * (1n << BigInt(-p.k)) - p.c;
  return Number(i);
}

/** Emit the index of v as a value with frac 0 and interval within [0, size − 1]. */
export function tableIndexCode(b: Block, v: Val, spec: TableSpec): Val {
  const p = indexPlan(spec, v.frac);
  const top = BigInt(p.size - 1);
  if (v.hi < p.first) return b.constVal(0n, 0);
  if (v.lo > p.last) return b.constVal(top, 0);
  const a = v.lo > p.first ? v.lo : p.first;
  const z = v.hi < p.last ? v.hi : p.last;
  const vb = v.lo < p.first || v.hi > p.last ? b.bind(v, 'x') : v;
  const inRange: Val = { code: vb.code, lo: a, hi: z, frac: 0 };
  const aIdx = BigInt(planIndex(p, a));
  const d = subCode(b, inRange, b.constVal(a, 0)); // v − a ∈ [0, z − a]
  let mid: Val;
  if (a === z) {
    mid = b.constVal(aIdx, 0);
  } else if (p.k >= 0) {
    // index(v) = index(a) + floor((v − a + r) / 2^k) with r = (a − c) mod 2^k
    const r = (a - p.c) & ((1n << BigInt(p.k)) - 1n);
    const e = addCode(b, d, b.constVal(r, 0));
    const q = quantCode(b, { ...e, frac: p.k }, 0, 'TRN');
    mid = addCode(b, q, b.constVal(aIdx, 0));
  } else {
    mid = addCode(b, { ...alignCode(b, d, -p.k), frac: 0 }, b.constVal(aIdx, 0));
  }
  const zero = b.lit(0n);
  const conds: string[] = [];
  if (v.lo < p.first) conds.push(`${vb.code} < ${b.lit(p.first)} ? ${zero} : `);
  if (v.hi > p.last) conds.push(`${vb.code} > ${b.lit(p.last)} ? ${b.lit(top)} : `);
  if (conds.length === 0) return b.val(mid.code, { lo: mid.lo, hi: mid.hi }, 0);
  const lo = v.lo < p.first ? 0n : mid.lo;
  const hi = v.hi > p.last ? top : mid.hi;
  return b.val(`(${conds.join('')}${mid.code})`, { lo, hi }, 0);
}

/** The index as a plain number expression (array subscripts are numbers in both flavours). */
export function indexSubscript(b: Block, idx: Val): string {
  return b.flavor === 'big' && idx.lo !== idx.hi ? `Number(${idx.code})` : String(idx.lo === idx.hi ? idx.lo : idx.code);
}
