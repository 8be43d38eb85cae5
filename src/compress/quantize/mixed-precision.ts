/**
 * Mixed precision under a bit budget. Each layer's sensitivity to each
 * candidate width is measured by the caller (e.g. accuracy drop with only
 * that layer quantized, in the simulator); the choice minimises the summed
 * sensitivity with Σ params_l · bits_l ≤ budget, exactly, by dynamic
 * programming over Pareto fronts of (bits, sensitivity) per prefix of layers.
 */
import { invalidRequest } from '../request-error.js';

export interface LayerCost {
  readonly layer: string;
  /** number of weights whose width is being chosen */
  readonly params: number;
}

export type Sensitivity = (layer: string, bits: number) => number;

export interface MixedPrecisionChoice {
  readonly bits: Readonly<Record<string, number>>;
  readonly totalBits: number;
  readonly totalSensitivity: number;
}

interface Partial {
  readonly bits: number;
  readonly cost: number;
  readonly choice: readonly number[];
}

function paretoFront(items: Partial[]): Partial[] {
  items.sort((a, b) => a.bits - b.bits || a.cost - b.cost);
  const out: Partial[] = [];
  for (const it of items) {
    const last = out[out.length - 1];
    if (last === undefined || it.cost < last.cost) out.push(it);
  }
  return out;
}

/** Sensitivities measured for every layer and candidate width. */
export function measureSensitivities(layers: readonly LayerCost[], candidates: readonly number[], sensitivity: Sensitivity): Map<string, Map<number, number>> {
  const table = new Map<string, Map<number, number>>();
  for (const l of layers) {
    const row = new Map<number, number>();
    for (const b of candidates) row.set(b, sensitivity(l.layer, b));
    table.set(l.layer, row);
  }
  return table;
}

export function chooseMixedPrecision(
  layers: readonly LayerCost[],
  candidates: readonly number[],
  table: ReadonlyMap<string, ReadonlyMap<number, number>>,
  budgetBits: number,
): MixedPrecisionChoice {
  if (layers.length === 0) throw invalidRequest('no layer to assign a precision to', undefined, 'layers');
  if (candidates.length === 0 || candidates.some((b) => !Number.isInteger(b) || b < 1 || b > 64)) {
    throw invalidRequest(`candidate widths must be integers in [1, 64], got [${candidates.join(', ')}]`, undefined, 'candidates');
  }
  const minBits = layers.reduce((a, l) => a + l.params * Math.min(...candidates), 0);
  if (!(budgetBits >= minBits)) {
    throw invalidRequest(`bit budget ${budgetBits} is below the ${minBits} bits of the narrowest choice`, undefined, 'budgetBits');
  }
  let front: Partial[] = [{ bits: 0, cost: 0, choice: [] }];
  for (const l of layers) {
    const row = table.get(l.layer);
    if (row === undefined) throw invalidRequest(`no sensitivity measured for layer '${l.layer}'`, l.layer, 'sensitivity');
    const next: Partial[] = [];
    for (const p of front) {
      for (const b of candidates) {
        const s = row.get(b);
        if (s === undefined) throw invalidRequest(`no sensitivity for layer '${l.layer}' at ${b} bits`, l.layer, 'sensitivity');
        const bits = p.bits + l.params * b;
        if (bits <= budgetBits) next.push({ bits, cost: p.cost + s, choice: [...p.choice, b] });
      }
    }
    front = paretoFront(next);
  }
  const best = front[front.length - 1];
  if (best === undefined) throw invalidRequest('no assignment fits the bit budget', undefined, 'budgetBits');
  const bits: Record<string, number> = {};
  layers.forEach((l, k) => (bits[l.layer] = best.choice[k] ?? 0));
  return { bits, totalBits: best.bits, totalSensitivity: best.cost };
}
