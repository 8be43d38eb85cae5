/**
 * Decisions about a Dense layer shared by the parallel and folded emitters:
 * which terms exist (zero weights have none), the accumulator constant, and
 * whether an adder tree computes exactly what the sequential definition does.
 *
 * The definition accumulates in ascending input order with a cast to the
 * accumulator type after every addition. A tree (any order, exact sum, one
 * final cast) gives the same integers when (a) every product lies on the
 * accumulator's grid, so no addition rounds, and (b) either the accumulator
 * wraps (wrapping is arithmetic modulo 2^W, whatever the order) or no partial
 * sum can leave its range. Otherwise the emitters build the sequential chain.
 */
import { castRawRef } from '../../../fixed/cast-ref.js';
import { fracBits, maxRaw, minRaw, type FixedType } from '../../../fixed/fixed-type.js';
import type { DfDense } from '../../../ir/dataflow/types.js';
import { castIsExact, castRange } from '../cast-sig.js';
import { trailingZeros } from '../signal.js';

export interface DenseTerm {
  readonly i: number;
  readonly w: bigint;
}

export interface DenseOutputPlan {
  readonly o: number;
  readonly terms: readonly DenseTerm[];
  /** cast_acc(bias[o]), raw on the accumulator grid */
  readonly accInit: bigint;
  readonly tree: boolean;
}

export interface DensePlan {
  readonly productExact: boolean;
  readonly outputs: readonly DenseOutputPlan[];
}

/** Range and grid of one product after its cast to the product type. */
export function productRange(inType: FixedType, node: DfDense, w: bigint): { min: bigint; max: bigint; frac: number; exact: boolean } {
  const frac = fracBits(inType) + fracBits(node.weightType);
  const a = minRaw(inType) * w;
  const z = maxRaw(inType) * w;
  const exact = { min: a < z ? a : z, max: a < z ? z : a, frac };
  if (castIsExact(exact, node.productType)) {
    const tz = trailingZeros(w);
    return { min: exact.min >> BigInt(tz), max: exact.max >> BigInt(tz), frac: frac - tz, exact: true };
  }
  const r = castRange(exact, node.productType);
  return { min: r.min, max: r.max, frac: fracBits(node.productType), exact: false };
}

export function planDense(node: DfDense, inType: FixedType): DensePlan {
  const fa = fracBits(node.accType);
  const lo = minRaw(node.accType);
  const hi = maxRaw(node.accType);
  let productExact = true;
  const outputs: DenseOutputPlan[] = [];
  for (let o = 0; o < node.outSize; o++) {
    const terms: DenseTerm[] = [];
    for (let i = 0; i < node.inSize; i++) {
      const w = node.weights[o * node.inSize + i] ?? 0n;
      if (w !== 0n) terms.push({ i, w });
    }
    const accInit = castRawRef(node.bias[o] ?? 0n, fracBits(node.biasType), node.accType);
    let onGrid = true;
    let neg = accInit;
    let pos = accInit;
    for (const t of terms) {
      const p = productRange(inType, node, t.w);
      if (!p.exact) productExact = false;
      if (p.frac > fa) {
        onGrid = false;
        continue;
      }
      const k = BigInt(fa - p.frac);
      if (p.min < 0n) neg += p.min << k;
      if (p.max > 0n) pos += p.max << k;
    }
    const tree = onGrid && (node.accType.overflow === 'WRAP' || (neg >= lo && pos <= hi));
    outputs.push({ o, terms, accInit, tree });
  }
  return { productExact, outputs };
}
