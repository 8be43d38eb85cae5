/**
 * Comparing two float results. The graph IR's float64 interpreter
 * (sim/float-reference.ts) and tfjs's float32 kernels differ by rounding
 * only, so these checks of the import's meaning use a tolerance; they are
 * float comparisons, not the fixed-point ladder, which is exact.
 */

/** The largest |a − b| / (1e-3 + |b|) over all elements (Infinity on a shape mismatch or NaN). */
export function maxFloatError(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  a.forEach((row, r) => {
    const other = b[r] ?? [];
    if (other.length !== row.length) worst = Infinity;
    row.forEach((v, i) => {
      const w = other[i] ?? NaN;
      const err = Math.abs(v - w) / (1e-3 + Math.abs(w));
      worst = Number.isNaN(err) ? Infinity : Math.max(worst, err);
    });
  });
  return worst;
}
