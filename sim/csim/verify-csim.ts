/**
 * The csim rung of the equivalence ladder: the emitted project's C
 * simulation against the TypeScript simulator, equal integers on every
 * vector or a count of the vectors that differ.
 */
import type { Dataflow } from '../../src/ir/dataflow/types.js';
import { simulateRaw } from '../simulate.js';
import { runCsim, type CsimOptions } from './run-csim.js';

export interface CsimMismatch {
  /** vector index (0-based) */
  readonly vector: number;
  /** first differing output element */
  readonly element: number;
  readonly csim: bigint;
  readonly sim: bigint;
}

export interface CsimVerdict {
  readonly vectors: number;
  /** vectors whose outputs differ in any element */
  readonly mismatches: number;
  /** the first few differing vectors */
  readonly examples: readonly CsimMismatch[];
  readonly cached: boolean;
  readonly buildSeconds: number;
  readonly topSeconds: number;
}

export async function verifyCsim(df: Dataflow, files: ReadonlyMap<string, string>, vectors: readonly (readonly bigint[])[], opts: CsimOptions = {}): Promise<CsimVerdict> {
  const want = simulateRaw(df, vectors);
  const got = await runCsim(df, files, vectors, opts);
  let mismatches = 0;
  const examples: CsimMismatch[] = [];
  got.outputs.forEach((row, v) => {
    const ref = want[v] ?? [];
    const element = row.findIndex((x, i) => x !== ref[i]);
    if (element < 0 && row.length === ref.length) return;
    mismatches++;
    if (examples.length < 5) examples.push({ vector: v, element: Math.max(0, element), csim: row[element] ?? 0n, sim: ref[element] ?? 0n });
  });
  return { vectors: vectors.length, mismatches, examples, cached: got.cached, buildSeconds: got.buildSeconds, topSeconds: got.topSeconds };
}
