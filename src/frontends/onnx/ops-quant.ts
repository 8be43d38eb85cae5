/**
 * Quantizers: QONNX Quant, BipolarQuant and Trunc, and the standard
 * QuantizeLinear / DequantizeLinear pair.
 *
 * On a computed tensor, a quantizer with a power-of-two scale 2^−F and zero
 * point 0 is exactly a cast (a linear node whose quant.result is the type,
 * later folded into its producer):
 *   Quant(bits B, signed, narrow, rounding)  → fixed<B, B−F, signed, mode, SAT> (narrow signed: SAT_SYM)
 *     modes: ROUND → RND_CONV, FLOOR → TRN, DOWN → TRN_ZERO, HALF_UP → RND_INF, HALF_DOWN → RND_ZERO
 *     (QONNX clamps before rounding; with integer bounds that is the same as after)
 *   QuantizeLinear→DequantizeLinear (int8, uint8, int16, uint16, int4, uint4)
 *                                            → fixed<B, B−F, signed, RND_CONV, SAT>
 *   Trunc (qonnx opset 2: out_scale = scale · 2^t)
 *                                            → cast to fixed<W, W−F, RND_CONV, SAT> (the first rounding, W wide
 *                                              enough never to clip what the second cast keeps), then to
 *                                              fixed<out_bits, out_bits−F+t, signed, mode, SAT>
 * On constants (weights) every quantizer is evaluated; the values carry their
 * exact type when the scales are powers of two (per channel: the union type).
 * Other scales on computed tensors are FF006 stating the requantization they
 * would need; CEIL / UP rounding, narrow unsigned ranges, non-zero zero
 * points and one-bit (sign) quantizers on computed tensors are FF006 too.
 */
import type { FixedType, OverflowMode, QuantMode } from '../../fixed/fixed-type.js';
import { MAX_WIDTH } from '../../fixed/fixed-type.js';
import { shapeSize } from '../../ir/graph/types.js';
import { constInput, emitLike, fail, inputName, scalar, tensorInput, type OpContext, type OpResult } from './op-context.js';
import { describeRequantization, po2Exponent } from './requant.js';
import type { ConstValue, TensorValue } from './values.js';

const FLOAT = 1;

/** QONNX rounding modes: the integer rounding, and the equivalent ap_fixed mode when there is one. */
const ROUNDING: Readonly<Record<string, { round: (v: number) => number; mode?: QuantMode }>> = {
  ROUND: { round: halfEven, mode: 'RND_CONV' },
  FLOOR: { round: Math.floor, mode: 'TRN' },
  CEIL: { round: Math.ceil },
  DOWN: { round: Math.trunc, mode: 'TRN_ZERO' },
  UP: { round: (v) => Math.sign(v) * Math.ceil(Math.abs(v)) },
  HALF_UP: { round: (v) => Math.sign(v) * halfUp(Math.abs(v)), mode: 'RND_INF' },
  HALF_DOWN: { round: (v) => Math.sign(v) * halfDown(Math.abs(v)), mode: 'RND_ZERO' },
};

function halfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d !== 0.5) return d < 0.5 ? f : f + 1;
  return f % 2 === 0 ? f : f + 1;
}
function halfUp(a: number): number {
  const f = Math.floor(a);
  return a - f >= 0.5 ? f + 1 : f;
}
function halfDown(a: number): number {
  const f = Math.floor(a);
  return a - f > 0.5 ? f + 1 : f;
}

interface IntRange {
  readonly bits: number;
  readonly signed: boolean;
  readonly narrow: boolean;
  readonly min: number;
  readonly max: number;
}

function intRange(bits: number, signed: boolean, narrow: boolean): IntRange {
  const min = signed ? -Math.pow(2, bits - 1) + (narrow ? 1 : 0) : 0;
  const max = signed ? Math.pow(2, bits - 1) - 1 : Math.pow(2, bits) - 1 - (narrow ? 1 : 0);
  return { bits, signed, narrow, min, max };
}

/** A parameter broadcast (numpy rules, or along `axis` for a 1-D per-axis parameter) over `dims`: value of element i. */
function paramAt(ctx: OpContext, p: ConstValue, dims: readonly number[], what: string, k: number, axis?: number): (i: number) => number {
  if (p.data.length === 1) {
    const v = p.data[0] ?? 0;
    return () => v;
  }
  if (axis !== undefined && p.dims.length === 1) {
    const a = axis < 0 ? axis + dims.length : axis;
    if (dims[a] !== p.data.length) fail(ctx, 'FF004', `${what} has ${p.data.length} values, axis ${axis} has ${dims[a] ?? 0}`, `input[${k}]`);
    const inner = shapeSize(dims.slice(a + 1));
    const n = p.data.length;
    return (i) => p.data[Math.floor(i / inner) % n] ?? 0;
  }
  const r = dims.length;
  const pd = [...new Array<number>(Math.max(0, r - p.dims.length)).fill(1), ...p.dims];
  if (pd.length !== r || pd.some((d, j) => d !== 1 && d !== dims[j])) {
    fail(ctx, 'FF004', `${what} of shape [${p.dims.join(', ')}] does not broadcast to [${dims.join(', ')}]`, `input[${k}]`);
  }
  const strides = pd.map((_, j) => shapeSize(pd.slice(j + 1)));
  const inStrides = dims.map((_, j) => shapeSize(dims.slice(j + 1)));
  return (i) => {
    let at = 0;
    for (let j = 0; j < r; j++) {
      const c = Math.floor(i / (inStrides[j] ?? 1)) % (dims[j] ?? 1);
      if ((pd[j] ?? 1) !== 1) at += c * (strides[j] ?? 0);
    }
    return p.data[at] ?? 0;
  };
}

/** The single value of a parameter applied to a computed tensor (per-channel values must all be equal). */
function uniform(ctx: OpContext, p: ConstValue, what: string, k: number): number {
  const v = p.data[0] ?? 0;
  if (p.data.some((x) => x !== v)) {
    fail(ctx, 'FF006', `per-channel ${what} on a computed tensor is not supported (the graph IR has one type per tensor)`, `input[${k}]`);
  }
  return v;
}

/** The union of per-channel types fixed<B, B−F_c>: finest fraction, largest integer part; undefined when too wide. */
function unionType(range: IntRange, exponents: readonly number[], quant: QuantMode, overflow: OverflowMode): FixedType | undefined {
  const frac = Math.max(...exponents.map((e) => -e));
  const int = Math.max(...exponents.map((e) => range.bits + e));
  const width = int + frac;
  if (width < 1 || width > MAX_WIDTH) return undefined;
  return { width, int, signed: range.signed, quant, overflow };
}

/** Exponents of all scale values when every one is a power of two. */
function exponents(scale: ConstValue): number[] | undefined {
  const out: number[] = [];
  for (const s of scale.data) {
    const e = po2Exponent(s);
    if (e === undefined) return undefined;
    out.push(e);
  }
  return out;
}

function castNode(ctx: OpContext, x: TensorValue, type: FixedType, suffix = ''): TensorValue {
  return emitLike(ctx, x, { op: 'activation', fn: 'linear', quant: { result: type } }, suffix);
}

function bitwidth(ctx: OpContext, k: number, what: string): number {
  const b = scalar(ctx, constInput(ctx, k, what), what, k);
  if (!Number.isInteger(b) || b < 1 || b > MAX_WIDTH) fail(ctx, 'FF009', `${what} must be an integer in 1..${MAX_WIDTH}, got ${b}`, `input[${k}]`);
  return b;
}

function rounding(ctx: OpContext, fallback: string): { name: string; round: (v: number) => number; mode?: QuantMode } {
  const name = ctx.attrs.string('rounding_mode', fallback).toUpperCase();
  const r = ROUNDING[name];
  if (r === undefined) fail(ctx, 'FF006', `rounding_mode '${name}' is not known`, 'rounding_mode');
  return { name, ...r };
}

function scaleExponent(ctx: OpContext, s: number, k: number): number {
  const e = po2Exponent(s);
  if (e === undefined) fail(ctx, 'FF006', describeRequantization(s), `input[${k}]`);
  return e;
}

/** QONNX Quant(x, scale, zeropt, bitwidth; signed, narrow, rounding_mode). */
export function quant(ctx: OpContext): OpResult {
  const signed = ctx.attrs.int('signed', 1) !== 0;
  const narrow = ctx.attrs.int('narrow', 0) !== 0;
  const r = rounding(ctx, 'ROUND');
  const scale = constInput(ctx, 1, 'scale');
  const zero = constInput(ctx, 2, 'zeropt');
  const bits = bitwidth(ctx, 3, 'bitwidth');
  const range = intRange(bits, signed, narrow);
  const overflow: OverflowMode = narrow && signed ? 'SAT_SYM' : 'SAT';
  const x = ctx.inputs[0];
  if (x?.kind === 'const') {
    const s = paramAt(ctx, scale, x.dims, 'scale', 1);
    const z = paramAt(ctx, zero, x.dims, 'zeropt', 2);
    const data = x.data.map((v, i) => {
      const si = s(i);
      const zi = z(i);
      const exact = po2Exponent(si) !== undefined;
      const q = exact ? v / si + zi : Math.fround(Math.fround(v / si) + zi);
      const code = bits === 1 && signed ? (q >= 0 ? 1 : -1) : r.round(Math.min(range.max, Math.max(range.min, q)));
      return exact ? (code - zi) * si : Math.fround((code - zi) * si);
    });
    const es = exponents(scale);
    const fixed = es && r.mode && zero.data.every((v) => v === 0) && !(bits === 1 && signed) ? unionType(range, es, r.mode, overflow) : undefined;
    return [{ kind: 'const', dims: x.dims, data, integer: false, dataType: FLOAT, ...(fixed ? { fixed } : {}) }];
  }
  const t = tensorInput(ctx, 0, 'X');
  const s = uniform(ctx, scale, 'scale', 1);
  if (uniform(ctx, zero, 'zeropt', 2) !== 0) fail(ctx, 'FF006', 'a non-zero zero point on a computed tensor is not supported', 'input[2]');
  if (bits === 1 && signed) fail(ctx, 'FF006', 'a one-bit signed Quant is a sign function, not a cast; not supported on computed tensors', 'input[3]');
  if (narrow && !signed) fail(ctx, 'FF006', 'a narrow unsigned range [0, 2^B−2] has no fixed-point overflow mode', 'narrow');
  if (r.mode === undefined) fail(ctx, 'FF006', `rounding_mode ${r.name} has no fixed-point equivalent`, 'rounding_mode');
  const e = scaleExponent(ctx, s, 1);
  return [castNode(ctx, t, { width: bits, int: bits + e, signed, quant: r.mode, overflow })];
}

/** QONNX BipolarQuant(x, scale): ±scale (x ≥ 0 gives +). Constants only. */
export function bipolarQuant(ctx: OpContext): OpResult {
  const x = ctx.inputs[0];
  if (x?.kind !== 'const') {
    tensorInput(ctx, 0, 'X');
    return fail(ctx, 'FF006', 'BipolarQuant on a computed tensor is a sign function, not a cast; not supported');
  }
  const scale = constInput(ctx, 1, 'scale');
  const s = paramAt(ctx, scale, x.dims, 'scale', 1);
  const data = x.data.map((v, i) => (v >= 0 ? 1 : -1) * s(i));
  const es = exponents(scale);
  const fixed = es ? unionType(intRange(2, true, false), es, 'TRN', 'SAT') : undefined;
  return [{ kind: 'const', dims: x.dims, data, integer: false, dataType: FLOAT, ...(fixed ? { fixed } : {}) }];
}

/**
 * QONNX Trunc (qonnx opset 2): inputs x, scale, zeropt, in_bitwidth,
 * out_scale, [out_zeropt,] out_bitwidth; attributes rounding_mode (FLOOR),
 * signed (1), narrow (0).
 */
export function trunc(ctx: OpContext): OpResult {
  const n = ctx.node.input.length;
  if (n === 5) fail(ctx, 'FF006', 'Trunc with 5 inputs (qonnx opset 1) leaves its output scale implicit; re-export with the opset-2 Trunc (out_scale input)');
  if (n !== 6 && n !== 7) fail(ctx, 'FF002', `Trunc takes 6 or 7 inputs, got ${n}`);
  const signed = ctx.attrs.int('signed', 1) !== 0;
  const narrow = ctx.attrs.int('narrow', 0) !== 0;
  const r = rounding(ctx, 'FLOOR');
  const scale = uniform(ctx, constInput(ctx, 1, 'scale'), 'scale', 1);
  if (uniform(ctx, constInput(ctx, 2, 'zeropt'), 'zeropt', 2) !== 0) fail(ctx, 'FF006', 'a non-zero zero point is not supported', 'input[2]');
  const inBits = bitwidth(ctx, 3, 'in_bitwidth');
  const outScale = uniform(ctx, constInput(ctx, 4, 'out_scale'), 'out_scale', 4);
  if (n === 7 && uniform(ctx, constInput(ctx, 5, 'out_zeropt'), 'out_zeropt', 5) !== 0) fail(ctx, 'FF006', 'a non-zero output zero point is not supported', 'input[5]');
  const outBits = bitwidth(ctx, n - 1, 'out_bitwidth');
  const e = scaleExponent(ctx, scale, 1);
  const eo = scaleExponent(ctx, outScale, 4);
  const t = eo - e;
  const range = intRange(outBits, signed, narrow);
  const x = ctx.inputs[0];
  if (x?.kind === 'const') {
    const data = x.data.map((v) => {
      const y = halfEven(v / scale) / Math.pow(2, t);
      return r.round(Math.min(range.max, Math.max(range.min, y))) * outScale;
    });
    return [{ kind: 'const', dims: x.dims, data, integer: false, dataType: FLOAT }];
  }
  const xt = tensorInput(ctx, 0, 'X');
  if (narrow && !signed) fail(ctx, 'FF006', 'a narrow unsigned range [0, 2^B−2] has no fixed-point overflow mode', 'narrow');
  if (r.mode === undefined) fail(ctx, 'FF006', `rounding_mode ${r.name} has no fixed-point equivalent`, 'rounding_mode');
  const wide = Math.max(inBits, outBits + Math.max(t, 0)) + 2;
  if (wide > MAX_WIDTH) fail(ctx, 'FF009', `the intermediate type would need ${wide} bits`, 'input[3]');
  const first = castNode(ctx, xt, { width: wide, int: wide + e, signed: true, quant: 'RND_CONV', overflow: 'SAT' }, '_round');
  return [castNode(ctx, first, { width: outBits, int: outBits + eo, signed, quant: r.mode, overflow: narrow && signed ? 'SAT_SYM' : 'SAT' })];
}

/** Integer element types of QuantizeLinear / DequantizeLinear. */
const Q_TYPES: Readonly<Record<number, { bits: number; signed: boolean }>> = {
  2: { bits: 8, signed: false }, // UINT8
  3: { bits: 8, signed: true }, // INT8
  4: { bits: 16, signed: false }, // UINT16
  5: { bits: 16, signed: true }, // INT16
  21: { bits: 4, signed: false }, // UINT4
  22: { bits: 4, signed: true }, // INT4
};

function qType(ctx: OpContext, dataType: number, what: string): { bits: number; signed: boolean } {
  const q = Q_TYPES[dataType];
  if (q === undefined) fail(ctx, 'FF006', `${what} element type ${dataType} is not supported (int8, uint8, int16, uint16, int4, uint4)`);
  return q;
}

function qdqAttrs(ctx: OpContext): number {
  const axis = ctx.attrs.int('axis', 1);
  if (ctx.attrs.int('block_size', 0) !== 0) fail(ctx, 'FF006', 'blocked quantization is not supported', 'block_size');
  ctx.attrs.ignore('saturate');
  return axis;
}

/** QuantizeLinear(x, y_scale, y_zero_point): q = saturate(round_half_even(x / s) + zp). */
export function quantizeLinear(ctx: OpContext): OpResult {
  const axis = qdqAttrs(ctx);
  const outAttr = ctx.attrs.int('output_dtype', 0);
  const scale = constInput(ctx, 1, 'y_scale');
  const zp = ctx.inputs[2] === undefined ? undefined : constInput(ctx, 2, 'y_zero_point');
  const dtype = zp?.dataType ?? (outAttr !== 0 ? outAttr : 2);
  const q = qType(ctx, dtype, 'the quantized');
  const range = intRange(q.bits, q.signed, false);
  const x = ctx.inputs[0];
  if (x?.kind === 'const') {
    const s = paramAt(ctx, scale, x.dims, 'y_scale', 1, axis);
    const z = zp ? paramAt(ctx, zp, x.dims, 'y_zero_point', 2, axis) : () => 0;
    const data = x.data.map((v, i) => {
      const si = s(i);
      const ratio = po2Exponent(si) !== undefined ? v / si : Math.fround(v / si);
      return Math.min(range.max, Math.max(range.min, halfEven(ratio) + z(i)));
    });
    return [{ kind: 'const', dims: x.dims, data, integer: true, dataType: dtype }];
  }
  const t = tensorInput(ctx, 0, 'x');
  const s = uniform(ctx, scale, 'y_scale', 1);
  const z = zp ? uniform(ctx, zp, 'y_zero_point', 2) : 0;
  if (z !== 0) fail(ctx, 'FF006', `zero point ${z} (asymmetric quantization) on a computed tensor is not supported`, 'input[2]');
  const e = scaleExponent(ctx, s, 1);
  return [{ kind: 'quantized', src: t, type: { width: q.bits, int: q.bits + e, signed: q.signed, quant: 'RND_CONV', overflow: 'SAT' }, scale: s, zeroPoint: z, by: ctx.name }];
}

/** DequantizeLinear(x, x_scale, x_zero_point): (x − zp) · s. */
export function dequantizeLinear(ctx: OpContext): OpResult {
  const axis = qdqAttrs(ctx);
  ctx.attrs.ignore('output_dtype');
  const scale = constInput(ctx, 1, 'x_scale');
  const zp = ctx.inputs[2] === undefined ? undefined : constInput(ctx, 2, 'x_zero_point');
  const x = ctx.inputs[0];
  if (x === undefined) fail(ctx, 'FF002', 'input x is missing', 'input[0]');
  if (x.kind === 'const') {
    const q = qType(ctx, x.dataType, 'the input');
    const s = paramAt(ctx, scale, x.dims, 'x_scale', 1, axis);
    const z = zp ? paramAt(ctx, zp, x.dims, 'x_zero_point', 2, axis) : () => 0;
    const data = x.data.map((v, i) => {
      const si = s(i);
      const d = (v - z(i)) * si;
      return po2Exponent(si) !== undefined ? d : Math.fround(d);
    });
    const es = exponents(scale);
    const zeroFree = !zp || zp.data.every((v) => v === 0);
    const fixed = es && zeroFree ? unionType(intRange(q.bits, q.signed, false), es, 'RND_CONV', 'SAT') : undefined;
    return [{ kind: 'const', dims: x.dims, data, integer: false, dataType: FLOAT, ...(fixed ? { fixed } : {}) }];
  }
  if (x.kind === 'tensor') fail(ctx, 'FF006', `DequantizeLinear of the computed tensor '${inputName(ctx, 0)}' (not a QuantizeLinear output) is not supported`, 'input[0]');
  const s = uniform(ctx, scale, 'x_scale', 1);
  const z = zp ? uniform(ctx, zp, 'x_zero_point', 2) : 0;
  if (s !== x.scale || z !== x.zeroPoint) {
    fail(ctx, 'FF006', `scale ${s} / zero point ${z} differ from those of QuantizeLinear '${x.by}' (${x.scale} / ${x.zeroPoint}): a requantization`, 'input[1]');
  }
  return [castNode(ctx, x.src, x.type)];
}
