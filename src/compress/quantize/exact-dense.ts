/**
 * The Dense layer of the dataflow IR computed exactly on raw integer codes:
 *   acc = cast_accType(bias[o])
 *   for i ascending, skipping w[o][i] = 0:
 *     acc = cast_accType(acc + cast_productType(x[i] · w[o][i]))
 *   y[o] = cast_resultType(acc)
 * When no product or accumulator type is declared both are full precision,
 * no cast in the loop changes a value, and the sum is a plain exact sum.
 * Codes are numbers; qat-types.ts guarantees sums stay below 2^52.
 */
import { compileCast, type Caster } from '../../fixed/cast-fast.js';
import { fracBits, type FixedType } from '../../fixed/fixed-type.js';
import { productType } from '../../fixed/growth.js';
import type { DenseQuantTypes } from './qat-types.js';

export interface ExactDenseInput {
  readonly n: number;
  readonly inSize: number;
  readonly units: number;
  /** input codes, n × inSize */
  readonly x: Float64Array;
  readonly xType: FixedType;
  /** weight codes, inSize × units (Keras layout) */
  readonly w: Float64Array;
  /** bias codes, units (zeros when the layer has no bias) */
  readonly b: Float64Array;
}

/** Output codes, n × units. */
export function exactDense(inp: ExactDenseInput, types: DenseQuantTypes): Float64Array {
  const { n, inSize, units, x, w, b } = inp;
  const fx = fracBits(inp.xType);
  const fw = fracBits(types.weight);
  const fb = fracBits(types.bias);
  const fp = fx + fw;
  const out = new Float64Array(n * units);
  if (types.product === undefined && types.accum === undefined) {
    const fAcc = Math.max(fp, fb);
    const pScale = 2 ** (fAcc - fp);
    const bScale = 2 ** (fAcc - fb);
    const cast = compileCast(fAcc, types.result);
    const acc = new Float64Array(units);
    for (let s = 0; s < n; s++) {
      for (let o = 0; o < units; o++) acc[o] = (b[o] ?? 0) * bScale;
      for (let i = 0; i < inSize; i++) {
        const xv = (x[s * inSize + i] ?? 0) * pScale;
        if (xv === 0) continue;
        const row = i * units;
        for (let o = 0; o < units; o++) acc[o] = (acc[o] ?? 0) + xv * (w[row + o] ?? 0);
      }
      for (let o = 0; o < units; o++) out[s * units + o] = cast(acc[o] ?? 0);
    }
    return out;
  }
  const prodT = types.product ?? productType(inp.xType, types.weight);
  const fProd = fracBits(prodT);
  const accT: FixedType = types.accum ?? { width: 52, int: 52 - Math.max(fProd, fb), signed: true, quant: 'TRN', overflow: 'WRAP' };
  const fAcc = fracBits(accT);
  const fSum = Math.max(fAcc, fProd);
  const castProd: Caster = compileCast(fp, prodT);
  const castBias: Caster = compileCast(fb, accT);
  const castSum: Caster = compileCast(fSum, accT);
  const castOut: Caster = compileCast(fAcc, types.result);
  const aScale = 2 ** (fSum - fAcc);
  const pScale = 2 ** (fSum - fProd);
  for (let s = 0; s < n; s++) {
    for (let o = 0; o < units; o++) {
      let acc = castBias(b[o] ?? 0);
      for (let i = 0; i < inSize; i++) {
        const wv = w[i * units + o] ?? 0;
        if (wv === 0) continue;
        const p = castProd((x[s * inSize + i] ?? 0) * wv);
        acc = castSum(acc * aScale + p * pScale);
      }
      out[s * units + o] = castOut(acc);
    }
  }
  return out;
}
