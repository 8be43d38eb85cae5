/** Raw codes as unsigned hex of their W-bit two's complement, the exchange format of the C++ test programs. */
import type { FixedType } from '../../../src/fixed/fixed-type.js';

export function toHex(raw: bigint, width: number): string {
  return BigInt.asUintN(width, raw).toString(16);
}

export function fromHex(hex: string, t: Pick<FixedType, 'width' | 'signed'>): bigint {
  const u = BigInt(`0x${hex}`);
  return t.signed && u >= 1n << BigInt(t.width - 1) ? u - (1n << BigInt(t.width)) : u;
}
