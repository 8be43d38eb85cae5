/**
 * The public arithmetic users' own test benches need: cast a number to a type
 * (giving the raw integer), and the exact product and sum of typed raw values.
 */
import { castDyadicRef, castRawRef } from './cast-ref.js';
import { dyadicFromNumber, rawToNumber } from './exact.js';
import { fracBits, type FixedType } from './fixed-type.js';
import { productType, sumType } from './growth.js';

export interface TypedRaw {
  readonly raw: bigint;
  readonly type: FixedType;
}

/** Raw code of the float64 `x` (its exact binary value) assigned to `t`. */
export function castNumber(x: number, t: FixedType): bigint {
  return castDyadicRef(dyadicFromNumber(x), t);
}

/** Raw code of a typed value assigned to another type. */
export function castTyped(v: TypedRaw, t: FixedType): bigint {
  return castRawRef(v.raw, fracBits(v.type), t);
}

/** The real value of a raw code (nearest float64; exact up to 53 significant bits). */
export function toNumber(raw: bigint | number, t: FixedType): number {
  return rawToNumber(raw, fracBits(t));
}

/** Exact product, in the full-precision product type. */
export function mulExact(a: TypedRaw, b: TypedRaw): TypedRaw {
  return { raw: a.raw * b.raw, type: productType(a.type, b.type) };
}

/** Exact sum, in the full-precision sum type. */
export function addExact(a: TypedRaw, b: TypedRaw): TypedRaw {
  const type = sumType(a.type, b.type);
  const f = fracBits(type);
  const ar = a.raw << BigInt(f - fracBits(a.type));
  const br = b.raw << BigInt(f - fracBits(b.type));
  return { raw: ar + br, type };
}
