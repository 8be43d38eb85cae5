/** The smallest fixed type holding a float64 constant exactly, and its raw code. */
import { CompileError } from '../core/diagnostics.js';
import { dyadicFromNumber } from '../fixed/exact.js';
import { MAX_WIDTH, type FixedType } from '../fixed/fixed-type.js';

export function exactConstant(x: number, where: { layer: string; field: string }): { type: FixedType; raw: bigint } {
  const d = dyadicFromNumber(x);
  const frac = Math.max(0, -d.exp);
  const raw = d.exp >= 0 ? d.mant << BigInt(d.exp) : d.mant;
  const mag = raw < 0n ? -raw : raw;
  const intBits = mag.toString(2).length - frac + 1; // + sign bit
  const width = Math.max(2, frac + Math.max(intBits, 1 - frac));
  if (width > MAX_WIDTH) {
    throw new CompileError('FF009', `constant ${x} needs ${width} bits, over the ${MAX_WIDTH}-bit limit`, where);
  }
  return { type: { width, int: width - frac, signed: true, quant: 'TRN', overflow: 'WRAP' }, raw };
}
