/**
 * Convolution weights from the graph's Keras layout [k0][k1][Cg][F] to the
 * dataflow's out-major raw codes [F][k0][k1][Cg], quantized to the weight
 * type; and the widest count of nonzero weights over the output channels
 * (the bit growth of the accumulator).
 */
import { CompileError } from '../../core/diagnostics.js';
import { castNumber } from '../../fixed/arith.js';
import type { FixedType } from '../../fixed/fixed-type.js';

export function quantizeAll(values: readonly number[], t: FixedType, layer: string, field: string): bigint[] {
  return values.map((v, i) => {
    if (!Number.isFinite(v)) throw new CompileError('FF005', `${field}[${i}] is ${v}`, { layer, field });
    return castNumber(v, t);
  });
}

/** Keras-ordered codes (taps × F, tap-major) → out-major codes; taps = kernel area · Cg. */
export function outMajor(codes: readonly bigint[], taps: number, F: number): { weights: bigint[]; nnzMax: number } {
  const weights = new Array<bigint>(codes.length);
  let nnzMax = 0;
  for (let o = 0; o < F; o++) {
    let nnz = 0;
    for (let t = 0; t < taps; t++) {
      const v = codes[t * F + o] ?? 0n;
      weights[o * taps + t] = v;
      if (v !== 0n) nnz++;
    }
    nnzMax = Math.max(nnzMax, nnz);
  }
  return { weights, nnzMax };
}
