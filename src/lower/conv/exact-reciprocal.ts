/**
 * cast_t(1 / n) of the exact rational, for average pooling. With K = F + G
 * (F the type's fractional bits, G ≥ 2 guard bits): M = floor(2^K / n) and a
 * sticky bit s = (2^K mod n ≠ 0); the dyadic (2M + s) · 2^−(K+1) lies on the
 * same side of every rounding boundary at F bits as 1/n does, and is a tie
 * exactly when 1/n is, so every quantization mode rounds both alike.
 */
import { castRawRef } from '../../fixed/cast-ref.js';
import { fracBits, type FixedType } from '../../fixed/fixed-type.js';

export function reciprocalCode(n: number, t: FixedType): bigint {
  if (!Number.isInteger(n) || n < 1) throw new Error(`reciprocalCode: ${n} is not a positive integer`);
  const K = Math.max(fracBits(t), 0) + 64;
  const num = 1n << BigInt(K);
  const M = num / BigInt(n);
  const sticky = num % BigInt(n) === 0n ? 0n : 1n;
  return castRawRef(2n * M + sticky, K + 1, t);
}
