/** Small fixtures for the compression tests. */
import { CompileError } from '../../src/core/diagnostics.js';
import type { Batch } from '../../src/compress/graph-eval.js';
import { expect } from 'vitest';
import { randomInputs } from '../helpers/models.js';

export function batchOf(rows: readonly (readonly number[])[]): Batch {
  return { n: rows.length, data: rows.flat() };
}

export function randomBatch(n: number, width: number, seed = 7, range = 2): Batch {
  return batchOf(randomInputs(n, width, seed, range));
}

/** Expect `f` to throw a CompileError with this code (and layer/field when given). */
export function expectCode(f: () => unknown, code: string, loc: { layer?: string; field?: string } = {}): CompileError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CompileError);
  const err = caught as CompileError;
  expect(err.code).toBe(code);
  if (loc.layer !== undefined) expect(err.layer).toBe(loc.layer);
  if (loc.field !== undefined) expect(err.field).toBe(loc.field);
  return err;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}
