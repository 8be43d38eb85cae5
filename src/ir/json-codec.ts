/**
 * Shared JSON encodings of the two IRs: fixed types as their ap_fixed
 * spelling, raw codes as JSON numbers when they are safe integers and as
 * decimal strings otherwise.
 */
import { z } from 'zod';
import { formatType, parseType, type FixedType } from '../fixed/fixed-type.js';

export const typeJson = z.string().transform((s, ctx): FixedType => {
  try {
    return parseType(s);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

export const rawJson = z.union([z.number().int(), z.string().regex(/^-?\d+$/)]).transform((v) => BigInt(v));

export function encodeType(t: FixedType): string {
  return formatType(t);
}

export function encodeRaw(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}
