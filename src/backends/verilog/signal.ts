/**
 * Signals of the emitted datapath. Every internal signal is a two's-complement
 * vector with an exact value range: value = raw · 2^−frac, raw ∈ [min, max].
 * Widths follow from the range, so no adder can overflow and every
 * re-alignment is plain wiring.
 */
export interface Sig {
  /** a Verilog identifier, or a sized literal for constants */
  readonly name: string;
  /** declared width of `name`; the range always fits in it */
  readonly width: number;
  readonly frac: number;
  readonly min: bigint;
  readonly max: bigint;
  /** pipeline stage (registers passed since the module input) */
  readonly stage: number;
  /** logic levels since the last register */
  readonly depth: number;
  /** raw value, for constants (which exist at every stage) */
  readonly konst?: bigint;
}

/** Smallest two's-complement width holding every integer in [min, max]. */
export function signedWidth(min: bigint, max: bigint): number {
  let w = 1;
  while (min < -(1n << BigInt(w - 1)) || max > (1n << BigInt(w - 1)) - 1n) w++;
  return w;
}

/** Sized Verilog literal of a raw value in `width` bits, as two's complement hex. */
export function literal(value: bigint, width: number): string {
  const mod = 1n << BigInt(width);
  const bits = ((value % mod) + mod) % mod;
  return `${width}'h${bits.toString(16)}`;
}

/** Number of trailing zero bits of a non-zero value. */
export function trailingZeros(v: bigint): number {
  if (v === 0n) return 0;
  let n = 0;
  let a = v < 0n ? -v : v;
  while ((a & 1n) === 0n) {
    a >>= 1n;
    n++;
  }
  return n;
}

/**
 * Expression of `sig` as exactly `width` bits: sign-extended when wider, its
 * low bits when narrower. Dropping high bits is exact whenever the value (or,
 * for an adder operand, the result it feeds: arithmetic is modulo 2^width)
 * fits in `width` bits; callers guarantee that by range analysis.
 */
export function fitExpr(sig: Sig, width: number): string {
  if (sig.konst !== undefined) return literal(sig.konst, width);
  if (width === sig.width) return sig.name;
  if (width < sig.width) return width === 1 ? `${sig.name}[0]` : `${sig.name}[${width - 1}:0]`;
  const msb = sig.width === 1 ? sig.name : `${sig.name}[${sig.width - 1}]`;
  const k = width - sig.width;
  return k === 1 ? `{${msb}, ${sig.name}}` : `{{${k}{${msb}}}, ${sig.name}}`;
}

/** Range of a value re-expressed on a finer grid. */
export function shiftRange(sig: Sig, frac: number): { min: bigint; max: bigint } {
  const k = BigInt(frac - sig.frac);
  return { min: sig.min << k, max: sig.max << k };
}
