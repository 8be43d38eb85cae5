/**
 * Paths of the Keras fixtures (made by scripts/make-fixtures) and of the
 * real model files in ../shared/models, which tests read in place: a test
 * needing them skips only when that folder is absent and CI is unset.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/keras/', import.meta.url));
export const SHARED = fileURLToPath(new URL('../../../../shared/models/', import.meta.url));
export const HAVE_SHARED = existsSync(SHARED);
/** Skip the shared-model tests only outside CI; in CI their absence fails them. */
export const SKIP_SHARED = !HAVE_SHARED && !process.env.CI;

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + name));
}

export function fixtureText(name: string): string {
  return readFileSync(FIXTURES + name, 'utf8');
}

export function shared(name: string): Uint8Array {
  return new Uint8Array(readFileSync(SHARED + name));
}

export interface Expected {
  readonly inputs: number[][];
  readonly outputs: number[][];
}

export function expectedOf(name: string): Expected {
  const e = JSON.parse(fixtureText(`${name}.expected.json`)) as { inputs: unknown[]; outputs: unknown[] };
  const rows = (a: unknown[]): number[][] => a.map((r) => (Array.isArray(r) ? (r.flat(4) as number[]) : [r as number]));
  return { inputs: rows(e.inputs), outputs: rows(e.outputs) };
}

/** Largest absolute difference between two equally shaped row sets (throws on a shape mismatch). */
export function maxDiff(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  if (a.length !== b.length) throw new Error(`row counts differ: ${a.length} vs ${b.length}`);
  let d = 0;
  a.forEach((row, i) => {
    const other = b[i] ?? [];
    if (row.length !== other.length) throw new Error(`row ${i} lengths differ: ${row.length} vs ${other.length}`);
    row.forEach((v, j) => (d = Math.max(d, Math.abs(v - (other[j] ?? NaN)))));
  });
  return d;
}
