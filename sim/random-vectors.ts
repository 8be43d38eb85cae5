/**
 * Test vectors for the equivalence ladder: raw input codes that exercise
 * the corners first (all zero, all max, all min, alternating), then codes
 * drawn uniformly over each input type's legal range from a seeded
 * generator, so the same seed always gives the same vectors.
 */
import { maxRaw, minCode, type FixedType } from '../src/fixed/fixed-type.js';
import type { Dataflow } from '../src/ir/dataflow/types.js';
import { shapeSize } from '../src/ir/graph/types.js';

/** xorshift64*: small, fast, and reproducible across platforms. */
function rng(seed: number): () => bigint {
  let s = (BigInt(seed) * 0x9e3779b97f4a7c15n + 1n) & 0xffffffffffffffffn;
  return () => {
    s ^= s >> 12n;
    s ^= (s << 25n) & 0xffffffffffffffffn;
    s ^= s >> 27n;
    return (s * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
  };
}

function uniform(next: () => bigint, lo: bigint, hi: bigint): bigint {
  const span = hi - lo + 1n;
  let r = 0n;
  for (let bits = 0n; 1n << bits < span * 256n; bits += 64n) r = (r << 64n) | next();
  return lo + (r % span);
}

/** `count` rows of raw codes for the design's inputs (concatenated in node order). */
export function randomVectors(df: Dataflow, count: number, seed = 1): bigint[][] {
  const cols: FixedType[] = [];
  for (const n of df.nodes) if (n.op === 'input') for (let i = 0; i < shapeSize(n.shape); i++) cols.push(n.type);
  const corners: bigint[][] = [cols.map(() => 0n), cols.map((t) => maxRaw(t)), cols.map((t) => minCode(t)), cols.map((t, i) => (i % 2 === 0 ? maxRaw(t) : minCode(t)))];
  const next = rng(seed);
  const rows: bigint[][] = [];
  for (let r = 0; r < count; r++) rows.push(r < corners.length ? (corners[r] ?? []) : cols.map((t) => uniform(next, minCode(t), maxRaw(t))));
  return rows;
}
