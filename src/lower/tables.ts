/**
 * Build the tables of table activations (sigmoid, tanh, softmax's exp and
 * reciprocal). Every entry is computed here once and recorded in the IR; the
 * simulator and both backends only read entries.
 */
import { CompileError } from '../core/diagnostics.js';
import { castNumber } from '../fixed/arith.js';
import { dyadicFromNumber } from '../fixed/exact.js';
import type { FixedType } from '../fixed/fixed-type.js';
import type { TableSpec } from '../ir/dataflow/types.js';

export type TableFn = TableSpec['fn'];

const FUNCTIONS: Record<TableFn, (x: number) => number> = {
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: (x) => Math.tanh(x),
  exp: (x) => Math.exp(x),
  reciprocal: (x) => 1 / x,
};

export function tableFunction(fn: TableFn): (x: number) => number {
  return FUNCTIONS[fn];
}

export interface TableRequest {
  readonly fn: TableFn;
  readonly size: number;
  /** lower edge of the domain (exact binary value) */
  readonly lo: number;
  readonly stepLog2: number;
  readonly sample: 'left' | 'mid';
  readonly entryType: FixedType;
}

export function buildTable(req: TableRequest, where: { layer: string }): TableSpec {
  if (!Number.isInteger(req.size) || req.size < 2 || req.size > 1 << 20) {
    throw new CompileError('FF007', `table size must be an integer in 2..2^20, got ${req.size}`, { ...where, field: 'table.size' });
  }
  const lo = dyadicFromNumber(req.lo);
  const step = Math.pow(2, req.stepLog2);
  const off = req.sample === 'mid' ? 0.5 : 0;
  const f = FUNCTIONS[req.fn];
  const entries: bigint[] = [];
  for (let i = 0; i < req.size; i++) {
    const y = f(req.lo + (i + off) * step);
    if (!Number.isFinite(y)) {
      throw new CompileError('FF007', `table of ${req.fn} has a non-finite entry at index ${i}: widen or move its domain`, { ...where, field: 'table' });
    }
    entries.push(castNumber(y, req.entryType));
  }
  return {
    fn: req.fn,
    size: req.size,
    loMant: lo.mant,
    loExp: lo.exp,
    stepLog2: req.stepLog2,
    sample: req.sample,
    entryType: req.entryType,
    entries,
  };
}

/**
 * Sigmoid/tanh table over [min, max) with `size` entries; the step
 * (max − min)/size must be a power of two so that the index is a bit slice.
 */
export function activationTable(fn: 'sigmoid' | 'tanh', size: number, min: number, max: number, entryType: FixedType, layer: string): TableSpec {
  const step = (max - min) / size;
  const stepLog2 = Math.log2(step);
  if (!(max > min) || !Number.isInteger(stepLog2)) {
    throw new CompileError('FF007', `table range [${min}, ${max}) over ${size} entries gives step ${step}, which is not a power of two`, {
      layer,
      field: 'table',
    });
  }
  return buildTable({ fn, size, lo: min, stepLog2, sample: 'mid', entryType }, { layer });
}

/**
 * exp table for softmax over d = x − max(x) ≤ 0: bin centers at −(size−1)·step … 0,
 * so d = 0 reads exp(0) = 1 exactly.
 */
export function expTable(size: number, stepLog2: number, entryType: FixedType, layer: string): TableSpec {
  const step = Math.pow(2, stepLog2);
  return buildTable({ fn: 'exp', size, lo: -(size - 0.5) * step, stepLog2, sample: 'mid', entryType }, { layer });
}

/** 1/s table for softmax over s ∈ [1, n], n the number of classes. */
export function reciprocalTable(size: number, classes: number, entryType: FixedType, layer: string, stepLog2?: number): TableSpec {
  const span = Math.max(classes - 1, 1);
  const sl = stepLog2 ?? Math.ceil(Math.log2(span / size));
  return buildTable({ fn: 'reciprocal', size, lo: 1, stepLog2: sl, sample: 'mid', entryType }, { layer });
}
