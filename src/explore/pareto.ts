/**
 * Pareto front of evaluated points: higher accuracy is better, fewer LUTs
 * and fewer DSPs are better. A point is on the front when no other point is
 * at least as good on all three and strictly better on one.
 */
export interface Scored {
  readonly accuracy: number;
  readonly luts: number;
  readonly dsps: number;
}

export function dominates(a: Scored, b: Scored): boolean {
  const noWorse = a.accuracy >= b.accuracy && a.luts <= b.luts && a.dsps <= b.dsps;
  const better = a.accuracy > b.accuracy || a.luts < b.luts || a.dsps < b.dsps;
  return noWorse && better;
}

/** Indices of the non-dominated items, in input order (duplicates are all kept). */
export function paretoFront<T extends Scored>(items: readonly T[]): number[] {
  const out: number[] = [];
  items.forEach((p, i) => {
    if (!items.some((q, j) => j !== i && dominates(q, p))) out.push(i);
  });
  return out;
}

/** LUTs one DSP stands for when "smallest" needs one number (a DSP48E1 against a 25×18 multiplier in fabric). */
export const LUTS_PER_DSP = 100;

export function area(r: { readonly luts: number; readonly dsps: number }): number {
  return r.luts + LUTS_PER_DSP * r.dsps;
}
