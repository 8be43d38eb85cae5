/**
 * QKeras quantizers as exact fixed-point types. The forward pass of QKeras
 * (qkeras/quantizers.py, the same in the Keras 3 port qkerasV3) is, with
 * qnoise_factor = 1 and at inference:
 *
 *   quantized_bits(bits, integer, symmetric, keep_negative, alpha):
 *     u = bits − keep_negative;  m = 2^u;  s = 2^(integer − u)
 *     q = clip(round(x / s), keep_negative ? −m + symmetric : 0, m − 1) · s,  then · alpha
 *   quantized_relu(bits, integer):   (use_sigmoid = 0, negative_slope = 0)
 *     q = clip(round(x · 2^(bits − integer)), 0, 2^bits − 1) · 2^(integer − bits)
 *   binary(use_01, alpha):   x < 0 ? −1 : +1  (use_01: 0 / 1), then · alpha
 *   ternary(alpha, threshold = 0.33):   |x| ≥ float32(threshold) ? sign(x) : 0, then · alpha
 *
 * where round is tf.round, round half to even, and the scalings by powers of
 * two are exact in float32. So, with alpha = 1:
 *   quantized_bits, keep_negative  = cast to ap_fixed<bits, integer+1, RND_CONV, SAT>  (symmetric: SAT_SYM)
 *   quantized_bits, !keep_negative = cast to ap_ufixed<bits, integer, RND_CONV, SAT>
 *   quantized_relu                 = relu, then cast to ap_ufixed<bits, integer, RND_CONV, SAT>
 *   quantized_bits(1, …) and binary = ±1 in ap_fixed<2,2> (binary use_01: ap_ufixed<1,1>)
 *   ternary                         = −1, 0, +1 in ap_fixed<2,2>
 * Weights are quantized here, at import, and carry their type as the node's
 * quant.weight / quant.bias. A weight alpha that is a power of two 2^a shifts
 * the type by a integer bits and stays exact; any other alpha (a float, or
 * 'auto' / 'auto_po2', which compute per-channel scales from the float
 * weights) is refused with FF006, as is any alpha ≠ 1 on an activation
 * (it would be a cast followed by a multiplication).
 */
import { CompileError } from '../../core/diagnostics.js';
import { dyadicFromNumber } from '../../fixed/exact.js';
import { checkWidth, type FixedType } from '../../fixed/fixed-type.js';
import type { Fields } from './json-fields.js';
import { QKERAS_PARAMS, type QuantizerSpec } from './qkeras-spec.js';

export interface WeightQuantizer {
  readonly text: string;
  /** a type holding every quantized value exactly */
  readonly type: FixedType;
  /** the exact quantized value of a float weight */
  quantize(x: number): number;
}

export interface ActivationQuantizer {
  readonly text: string;
  /** relu then cast (quantized_relu), or a plain cast (quantized_bits) */
  readonly fn: 'relu' | 'linear';
  readonly result: FixedType;
}

/** Round half to even (tf.round) of an exact float64. */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

function checkArgs(spec: QuantizerSpec): Fields {
  const a: Fields = spec.args;
  const known = QKERAS_PARAMS[spec.name] ?? [];
  for (const key of Object.keys(a.obj)) {
    if (!known.includes(key)) a.fail('FF006', `quantizer ${spec.text}: parameter '${key}' is not understood`, key);
  }
  const qnoise = a.number('qnoise_factor', 1);
  if (qnoise !== 1) a.fail('FF006', `quantizer ${spec.text}: qnoise_factor ${qnoise} ≠ 1 mixes float and quantized values`, 'qnoise_factor');
  for (const key of ['elements_per_scale', 'min_po2_exponent', 'max_po2_exponent', 'post_training_scale']) {
    if (a.has(key)) a.fail('FF006', `quantizer ${spec.text}: ${key} is only meaningful with alpha='auto_po2', which is not supported`, key);
  }
  return a;
}

/** log2 of alpha when it is absent, null or a power of two; FF006 otherwise. */
function alphaLog2(spec: QuantizerSpec): number {
  const a: Fields = spec.args;
  const v = a.raw('alpha');
  if (v === undefined || v === null) return 0;
  if (typeof v === 'string') {
    a.fail('FF006', `quantizer ${spec.text}: alpha='${v}' computes per-channel scales from the float weights; fixflow needs alpha=1 (or a power of two)`, 'alpha');
  }
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) a.fail('FF006', `quantizer ${spec.text}: alpha must be 1 or a power of two, got ${JSON.stringify(v)}`, 'alpha');
  const d = dyadicFromNumber(v);
  if (d.mant !== 1n) a.fail('FF006', `quantizer ${spec.text}: alpha=${v} is not a power of two, so the weights would not be exact fixed-point values`, 'alpha');
  return d.exp;
}

function typeOf(spec: QuantizerSpec, width: number, int: number, signed: boolean, overflow: FixedType['overflow']): FixedType {
  try {
    checkWidth(width, int);
  } catch (e) {
    if (e instanceof CompileError) spec.args.fail('FF009', `quantizer ${spec.text}: ${e.message}`);
    throw e;
  }
  return { width, int, signed, quant: 'RND_CONV', overflow };
}

interface BitsParams {
  readonly bits: number;
  readonly integer: number;
  readonly keepNegative: boolean;
  readonly symmetric: boolean;
  readonly unsignedBits: number;
}

function bitsParams(spec: QuantizerSpec): BitsParams {
  const a = checkArgs(spec);
  const bits = a.positiveInt('bits');
  const integer = a.int('integer', 0);
  const keepNegative = a.bool('keep_negative', true);
  const symmetric = a.bool('symmetric', false);
  return { bits, integer, keepNegative, symmetric, unsignedBits: bits - (keepNegative ? 1 : 0) };
}

/** The exact type and value map of a weight quantizer. */
export function weightQuantizer(spec: QuantizerSpec): WeightQuantizer {
  const text = spec.text;
  switch (spec.name) {
    case 'quantized_bits': {
      const p = bitsParams(spec);
      const a = alphaLog2(spec);
      const scale = Math.pow(2, a);
      if (p.unsignedBits <= 0) {
        // one signed bit: QKeras returns sign(x) with sign(0) = +1
        return { text, type: typeOf(spec, 2, 2 + a, true, 'SAT'), quantize: (x) => (x < 0 ? -scale : scale) };
      }
      const up = Math.pow(2, p.unsignedBits - p.integer);
      const m = Math.pow(2, p.unsignedBits);
      const lo = p.keepNegative ? -m + (p.symmetric ? 1 : 0) : 0;
      const hi = m - 1;
      const type = p.keepNegative
        ? typeOf(spec, p.bits, p.integer + 1 + a, true, p.symmetric ? 'SAT_SYM' : 'SAT')
        : typeOf(spec, p.bits, p.integer + a, false, 'SAT');
      return { text, type, quantize: (x) => (Math.min(hi, Math.max(lo, roundHalfEven(x * up))) / up) * scale };
    }
    case 'binary': {
      const args = checkArgs(spec);
      const a = alphaLog2(spec);
      const scale = Math.pow(2, a);
      if (args.bool('use_01', false)) return { text, type: typeOf(spec, 1, 1 + a, false, 'SAT'), quantize: (x) => (x < 0 ? 0 : scale) };
      return { text, type: typeOf(spec, 2, 2 + a, true, 'SAT'), quantize: (x) => (x < 0 ? -scale : scale) };
    }
    case 'ternary': {
      const args = checkArgs(spec);
      const a = alphaLog2(spec);
      const scale = Math.pow(2, a);
      const t = args.raw('threshold');
      if (typeof t === 'string') args.fail('FF006', `quantizer ${text}: threshold='${t}' is computed from the float weights; not supported`, 'threshold');
      const thr = Math.fround(args.has('threshold') ? args.number('threshold') : 0.33);
      return { text, type: typeOf(spec, 2, 2 + a, true, 'SAT'), quantize: (x) => (Math.abs(x) >= thr ? Math.sign(x) * scale : 0) };
    }
    default:
      return spec.args.fail('FF006', `quantizer '${spec.name}' is not supported for weights (quantized_bits, binary and ternary are)`);
  }
}

/** The activation a QActivation (or a Q-layer's activation) quantizer computes. */
export function activationQuantizer(spec: QuantizerSpec): ActivationQuantizer {
  const text = spec.text;
  switch (spec.name) {
    case 'quantized_relu': {
      const args = checkArgs(spec);
      const bits = args.positiveInt('bits');
      const integer = args.int('integer', 0);
      if (args.number('use_sigmoid', 0) !== 0) args.fail('FF006', `quantizer ${text}: use_sigmoid is not supported`, 'use_sigmoid');
      if (args.number('negative_slope', 0) !== 0) args.fail('FF006', `quantizer ${text}: a negative_slope (leaky quantized relu) is not supported`, 'negative_slope');
      return { text, fn: 'relu', result: typeOf(spec, bits, integer, false, 'SAT') };
    }
    case 'quantized_bits': {
      const p = bitsParams(spec);
      if (alphaLog2(spec) !== 0) spec.args.fail('FF006', `quantizer ${text}: alpha ≠ 1 on an activation is a cast and a multiplication; not supported`, 'alpha');
      if (p.unsignedBits <= 0) spec.args.fail('FF006', `quantizer ${text}: a one-bit activation is a sign function, not a cast; not supported`, 'bits');
      const result = p.keepNegative
        ? typeOf(spec, p.bits, p.integer + 1, true, p.symmetric ? 'SAT_SYM' : 'SAT')
        : typeOf(spec, p.bits, p.integer, false, 'SAT');
      return { text, fn: 'linear', result };
    }
    default:
      return spec.args.fail('FF006', `activation quantizer '${spec.name}' is not supported (quantized_relu and quantized_bits are)`);
  }
}
