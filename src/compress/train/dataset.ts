/**
 * Labelled data for training and evaluation: n samples of inSize floats
 * (row-major) and one integer class per sample; a seeded shuffle so runs are
 * reproducible.
 */
import { invalidRequest } from '../request-error.js';

export interface LabelledData {
  readonly n: number;
  readonly inSize: number;
  readonly x: Float32Array;
  readonly labels: Int32Array;
}

export function checkData(d: LabelledData, inSize: number, field = 'data'): void {
  if (d.inSize !== inSize || d.x.length !== d.n * d.inSize || d.labels.length !== d.n || d.n < 1) {
    throw invalidRequest(
      `${field} must have ${inSize} features per sample and one label per sample; got inSize ${d.inSize}, ${d.x.length} values, ${d.labels.length} labels for n = ${d.n}`,
      undefined,
      field,
    );
  }
}

/** The first `count` samples. */
export function head(d: LabelledData, count: number): LabelledData {
  const n = Math.min(count, d.n);
  return { n, inSize: d.inSize, x: d.x.subarray(0, n * d.inSize), labels: d.labels.subarray(0, n) };
}

/** mulberry32: a small deterministic PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A permutation of 0..n−1 (Fisher–Yates). */
export function permutation(n: number, rand: () => number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = p[i] ?? 0;
    p[i] = p[j] ?? 0;
    p[j] = t;
  }
  return p;
}

/** Gather the samples `idx` into a new batch. */
export function gather(d: LabelledData, idx: ArrayLike<number>): { x: Float32Array; labels: Int32Array } {
  const x = new Float32Array(idx.length * d.inSize);
  const labels = new Int32Array(idx.length);
  for (let k = 0; k < idx.length; k++) {
    const s = idx[k] ?? 0;
    x.set(d.x.subarray(s * d.inSize, (s + 1) * d.inSize), k * d.inSize);
    labels[k] = d.labels[s] ?? 0;
  }
  return { x, labels };
}
