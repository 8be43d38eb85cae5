/**
 * Test vectors for the equivalence ladder (the CLI's `--random`, the tests
 * and the benches all use this one generator): raw input codes that
 * exercise the corners first (all smallest, all largest, all zero, and the
 * two alternations of smallest and largest), then rows whose elements sit on
 * an edge of their type (smallest, largest, zero, one step inside either end)
 * one time in four and are drawn uniformly over the type's legal range
 * otherwise; seeded, so the same seed always gives the same vectors. The
 * smallest code is minCode: a SAT_SYM input never holds the most negative
 * one (the simulator refuses it).
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

function edgeValue(next: () => bigint, t: FixedType): bigint {
  const lo = minCode(t);
  const hi = maxRaw(t);
  const zero = lo > 0n ? lo : 0n;
  const edges = [lo, hi, zero, lo + 1n > hi ? hi : lo + 1n, hi - 1n < lo ? lo : hi - 1n];
  return edges[Number(next() % BigInt(edges.length))] ?? lo;
}

/** `count` rows of raw codes for the design's inputs (concatenated in node order). */
export function randomVectors(df: Dataflow, count: number, seed = 1): bigint[][] {
  const cols: FixedType[] = [];
  for (const n of df.nodes) if (n.op === 'input') for (let i = 0; i < shapeSize(n.shape); i++) cols.push(n.type);
  const corners: bigint[][] = [
    cols.map((t) => minCode(t)),
    cols.map((t) => maxRaw(t)),
    cols.map((t) => (minCode(t) > 0n ? minCode(t) : 0n)),
    cols.map((t, i) => (i % 2 === 0 ? minCode(t) : maxRaw(t))),
    cols.map((t, i) => (i % 2 === 0 ? maxRaw(t) : minCode(t))),
  ];
  const next = rng(seed);
  const rows: bigint[][] = [];
  for (let r = 0; r < count; r++) {
    rows.push(r < corners.length ? (corners[r] ?? []) : cols.map((t) => (next() % 4n === 0n ? edgeValue(next, t) : uniform(next, minCode(t), maxRaw(t)))));
  }
  return rows;
}
