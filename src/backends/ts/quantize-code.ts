/**
 * Emitted float → raw-code quantizers of the input types (cast of the exact
 * binary value of a float64, SEMANTICS.md). Types up to 53 bits scale by an
 * exact power of two and round on float64; when that scaling could overflow
 * or lose bits (a result in the subnormal range), and for wider types, an
 * exact BigInt helper is used.
 */
import { assertNever } from '../../core/assert-never.js';
import { fracBits, maxRaw, minRaw, type FixedType, type QuantMode } from '../../fixed/fixed-type.js';
import type { FunctionCode } from './kernel-types.js';

/** Smallest positive normal float64. */
const MIN_NORMAL = '2.2250738585072014e-308';

/** Exact float64 literal of 2^k (|k| ≤ 1022). */
export function powerOfTwoLiteral(k: number): string {
  const v = k >= 0 ? Number(1n << BigInt(k)) : 1 / Number(1n << BigInt(-k));
  return String(v);
}

/** The generic exact helpers, emitted once per module. */
export function exactHelpers(): FunctionCode[] {
  return [
    {
      name: 'floatParts',
      params: [{ name: 'v', type: 'number' }],
      returnType: '[bigint, number]',
      doc: 'The exact binary value of a finite float64, as [mant, exp] with v = mant * 2^exp.',
      body: [
        'const view = new DataView(new ArrayBuffer(8));',
        'view.setFloat64(0, v);',
        'const hi = view.getUint32(0);',
        'const lo = view.getUint32(4);',
        'const biased = (hi >>> 20) & 0x7ff;',
        'let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);',
        'let exp = -1074;',
        'if (biased !== 0) {',
        '  mant |= 1n << 52n;',
        '  exp = biased - 1075;',
        '}',
        'return [hi >>> 31 === 1 ? -mant : mant, exp];',
      ],
    },
    {
      name: 'castExact',
      params: [
        { name: 'v', type: 'number' },
        { name: 'frac', type: 'number' },
        { name: 'width', type: 'number' },
        { name: 'signed', type: 'boolean' },
        { name: 'quant', type: 'string' },
        { name: 'overflow', type: 'string' },
      ],
      returnType: 'bigint',
      doc: 'Raw code of the exact value of v assigned to a type with `width` bits, `frac` fractional bits and the given modes.',
      body: [
        'const [mant, exp] = floatParts(v);',
        'const shift = -frac - exp;',
        'let q: bigint;',
        'if (shift <= 0) {',
        '  q = mant << BigInt(-shift);',
        '} else {',
        '  const s = BigInt(shift);',
        '  const f = mant >> s;',
        '  const r = mant - (f << s);',
        '  const half = 1n << (s - 1n);',
        '  let up = false;',
        '  if (r !== 0n) {',
        "    if (quant === 'TRN_ZERO') up = f < 0n;",
        "    else if (quant === 'RND') up = r >= half;",
        "    else if (quant === 'RND_ZERO') up = r > half || (r === half && f < 0n);",
        "    else if (quant === 'RND_MIN_INF') up = r > half;",
        "    else if (quant === 'RND_INF') up = r > half || (r === half && f >= 0n);",
        "    else if (quant === 'RND_CONV') up = r > half || (r === half && (f & 1n) !== 0n);",
        '  }',
        '  q = up ? f + 1n : f;',
        '}',
        'const lo = signed ? -(1n << BigInt(width - 1)) : 0n;',
        'const hi = signed ? (1n << BigInt(width - 1)) - 1n : (1n << BigInt(width)) - 1n;',
        "const symLo = overflow === 'SAT_SYM' && signed ? -hi : lo;",
        'if (q >= symLo && q <= hi) return q;',
        "if (overflow === 'WRAP') return signed ? BigInt.asIntN(width, q) : BigInt.asUintN(width, q);",
        "if (overflow === 'SAT_ZERO') return 0n;",
        'return q < symLo ? symLo : hi;',
      ],
    },
  ];
}

function roundExpr(mode: QuantMode): string {
  switch (mode) {
    case 'TRN':
      return 'f';
    case 'TRN_ZERO':
      return 'r > 0 && f < 0 ? f + 1 : f';
    case 'RND':
      return 'r >= 0.5 ? f + 1 : f';
    case 'RND_ZERO':
      return 'r > 0.5 || (r === 0.5 && f < 0) ? f + 1 : f';
    case 'RND_MIN_INF':
      return 'r > 0.5 ? f + 1 : f';
    case 'RND_INF':
      return 'r > 0.5 || (r === 0.5 && f >= 0) ? f + 1 : f';
    case 'RND_CONV':
      return 'r > 0.5 || (r === 0.5 && f % 2 !== 0) ? f + 1 : f';
    default:
      return assertNever(mode, 'quantization mode');
  }
}

function exactCall(t: FixedType): string {
  return `castExact(v, ${fracBits(t)}, ${t.width}, ${t.signed}, '${t.quant}', '${t.overflow}')`;
}

/** A quantizer `name(v: number)` for type t: returns a number (t ≤ 53 bits) or a bigint. */
export function quantizerFunction(name: string, t: FixedType, doc: string): FunctionCode {
  if (t.width > 53) {
    return { name, params: [{ name: 'v', type: 'number' }], returnType: 'bigint', doc, body: [`return ${exactCall(t)};`] };
  }
  const F = fracBits(t);
  const lo = minRaw(t);
  const hi = maxRaw(t);
  const body: string[] = [`const a = v * ${powerOfTwoLiteral(F)};`];
  // scaling by 2^F is exact unless it overflows or (scaling down) leaves the normal range
  const inexact = F < 0 ? `!Number.isFinite(a) || (v !== 0 && Math.abs(a) < ${MIN_NORMAL})` : '!Number.isFinite(a)';
  body.push(`if (${inexact}) return Number(${exactCall(t)});`);
  body.push('const f = Math.floor(a);', 'const r = a - f;', `let q = ${roundExpr(t.quant)};`);
  switch (t.overflow) {
    case 'WRAP': {
      const m = String(Number(1n << BigInt(t.width)));
      body.push(`if (q < ${lo} || q > ${hi}) {`, `  let w = q % ${m};`, `  if (w < 0) w += ${m};`);
      if (t.signed) body.push(`  if (w > ${hi}) w -= ${m};`);
      body.push('  q = w;', '}');
      break;
    }
    case 'SAT':
      body.push(`q = q < ${lo} ? ${lo} : q > ${hi} ? ${hi} : q;`);
      break;
    case 'SAT_SYM': {
      const symLo = t.signed ? -hi : lo;
      body.push(`q = q < ${symLo} ? ${symLo} : q > ${hi} ? ${hi} : q;`);
      break;
    }
    case 'SAT_ZERO':
      body.push(`if (q < ${lo} || q > ${hi}) q = 0;`);
      break;
    default:
      return assertNever(t.overflow, 'overflow mode');
  }
  body.push('return q + 0;');
  return { name, params: [{ name: 'v', type: 'number' }], returnType: 'number', doc, body };
}
