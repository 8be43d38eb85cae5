/** C++ spellings of fixed-point types, with the vendor's mode names (AP_RND, AP_SAT, ...). */
import { fracBits, type FixedType } from '../../fixed/fixed-type.js';

/** `ap_fixed<16, 6>`, `ap_ufixed<8, 0, AP_RND, AP_SAT>`; default modes are omitted. */
export function cppType(t: FixedType): string {
  const args: string[] = [String(t.width), String(t.int)];
  if (t.quant !== 'TRN' || t.overflow !== 'WRAP') args.push(`AP_${t.quant}`);
  if (t.overflow !== 'WRAP') args.push(`AP_${t.overflow}`);
  return `${t.signed ? 'ap_fixed' : 'ap_ufixed'}<${args.join(', ')}>`;
}

/** The signed type just wide enough to hold the constant mant · 2^exp exactly. */
export function constantType(mant: bigint, exp: number): FixedType {
  const mag = mant < 0n ? -mant : mant;
  const width = Math.max(1, mag.toString(2).length + 1);
  return { width, int: width + exp, signed: true, quant: 'TRN', overflow: 'WRAP' };
}

/** Index bits B of a table of `size` entries: 2^B − 1 ≥ size − 1. */
export function indexBits(size: number): number {
  return Math.max(1, Math.ceil(Math.log2(size)));
}

export { fracBits };
