/**
 * Generates the C++ test program and the case file for fixflow's ap_fixed.h:
 * random type pairs (widths up to 128 for targets and 256 for sources,
 * signed and unsigned, negative and over-wide integer bits), values biased to
 * the interesting places (rounding ties, overflow edges, extremes), and the
 * expected raw codes from the TypeScript BigInt reference for every one of
 * the 7 × 4 mode pairs; plus the full-precision operators, double
 * construction and conversion to ap_int.
 */
import { castDyadicRef, castRawRef, overflowRef, quantizeShift } from '../../../src/fixed/cast-ref.js';
import { dyadicFromNumber } from '../../../src/fixed/exact.js';
import { fracBits, maxRaw, minRaw, OVERFLOW_MODES, QUANT_MODES, type FixedType } from '../../../src/fixed/fixed-type.js';
import { productType, sumType } from '../../../src/fixed/growth.js';
import { toHex } from '../helpers/hex.js';
import { Rng } from '../helpers/rng.js';

type Shape = Pick<FixedType, 'width' | 'int' | 'signed'>;

const full = (s: Shape, q: FixedType['quant'] = 'TRN', o: FixedType['overflow'] = 'WRAP'): FixedType => ({ ...s, quant: q, overflow: o });

function cppType(s: Shape): string {
  return `${s.signed ? 'ap_fixed' : 'ap_ufixed'}<${s.width}, ${s.int}>`;
}

function randomWidth(rng: Rng, maxWide: number): number {
  const r = rng.next();
  if (r < 0.2) return rng.int(1, 8);
  if (r < 0.55) return rng.int(9, 64);
  if (r < 0.85) return rng.int(65, 128);
  return rng.int(Math.min(129, maxWide), maxWide);
}

function randomShape(rng: Rng, maxWide: number): Shape {
  const width = randomWidth(rng, maxWide);
  const frac = rng.int(-12, width + 12);
  return { width, int: width - frac, signed: rng.bool() };
}

/** Move a raw code of `from` onto the grid of `to` (exactly, when it lands on it). */
function regrid(raw: bigint, from: Shape, to: Shape): bigint {
  const d = fracBits(full(to)) - fracBits(full(from));
  return d >= 0 ? raw << BigInt(d) : raw >> BigInt(-d);
}

interface PairContext {
  readonly src: Shape;
  readonly lo: bigint;
  readonly hi: bigint;
  readonly shift: number;
  /** the target's range edges, on the source grid */
  readonly edges: readonly bigint[];
  readonly extremes: readonly bigint[];
}

function pairContext(src: Shape, dst: Shape): PairContext {
  const lo = minRaw(full(src));
  const hi = maxRaw(full(src));
  const clamp = (v: bigint): bigint => (v < lo ? lo : v > hi ? hi : v);
  const dEdges = [minRaw(full(dst)), maxRaw(full(dst)), -maxRaw(full(dst)), 0n];
  const edges = dEdges.flatMap((e) => [-2n, -1n, 0n, 1n, 2n].map((d) => regrid(e + d, dst, src)));
  const extremes = [lo, hi, lo + 1n, hi - 1n, 0n, -1n, 1n].map(clamp);
  return { src, lo, hi, shift: fracBits(full(src)) - fracBits(full(dst)), edges, extremes };
}

/** A source value biased toward ties, overflow edges and extremes of the cast src → dst. */
function interestingValue(rng: Rng, c: PairContext): bigint {
  const clamp = (v: bigint): bigint => (v < c.lo ? c.lo : v > c.hi ? c.hi : v);
  const r = rng.next();
  if (r < 0.35) return rng.range(c.lo, c.hi);
  if (r < 0.55 && c.shift > 0) {
    // a tie, or one ulp either side of it
    const s = BigInt(c.shift);
    const k = rng.range(c.lo >> s, c.hi >> s);
    return clamp((k << s) + (1n << (s - 1n)) + BigInt(rng.int(-1, 1)));
  }
  if (r < 0.8) return clamp(rng.pick(c.edges) + BigInt(rng.int(-3, 3)));
  if (r < 0.9) return clamp(BigInt(rng.int(-5, 5)));
  return rng.pick(c.extremes);
}

/** Vitis' type of a − b: signed, one integer bit over the wider operand. */
export function minusType(a: Shape, b: Shape): Shape {
  const ia = a.int + (b.signed && !a.signed ? 1 : 0);
  const ib = b.int + (a.signed && !b.signed ? 1 : 0);
  const int = Math.max(ia, ib) + 1;
  return { width: int + Math.max(fracBits(full(a)), fracBits(full(b))), int, signed: true };
}

/**
 * The reference cast under all 28 mode pairs, in mode-index order. The same
 * two steps as castRawRef (quantizeShift, then overflowRef), with the
 * quantization shared by the four overflow modes.
 */
function allModes(raw: bigint, srcFrac: number, dst: readonly (readonly FixedType[])[]): string[] {
  const first = dst[0]?.[0];
  if (!first) throw new Error('no target types');
  const shift = srcFrac - fracBits(first);
  const out: string[] = [];
  QUANT_MODES.forEach((q, qi) => {
    const v = shift <= 0 ? raw << BigInt(-shift) : quantizeShift(raw, shift, q);
    for (const t of dst[qi] ?? []) out.push(toHex(overflowRef(v, t), t.width));
  });
  return out;
}

export interface HeaderCases {
  /** the C++ dispatch part (to be appended after harness.h) */
  readonly program: string;
  /** one case per line */
  readonly cases: string;
  /** cast checks expected per mode pair */
  readonly castsPerMode: number;
  readonly opChecks: number;
}

export interface HeaderCaseOptions {
  readonly seed: number;
  readonly castPairs: number;
  readonly valuesPerPair: number;
  readonly opPairs: number;
  readonly valuesPerOpPair: number;
}

export function generateHeaderCases(o: HeaderCaseOptions): HeaderCases {
  const rng = new Rng(o.seed);
  const lines: string[] = [];
  const casts: string[] = [];
  const modes = QUANT_MODES.flatMap((q) => OVERFLOW_MODES.map((ov) => [q, ov] as const));

  // casts: source up to 256 bits (products of 128-bit types), target up to 128
  for (let k = 0; k < o.castPairs; k++) {
    const src = randomShape(rng, 256);
    const dst = randomShape(rng, 128);
    casts.push(`      case ${k}: cast_case<${cppType(src)}, ${dst.width}, ${dst.int}, ${dst.signed}>(f[0], f + 1); return;`);
    const dstTypes = QUANT_MODES.map((q) => OVERFLOW_MODES.map((ov) => full(dst, q, ov)));
    const srcFrac = fracBits(full(src));
    const ctx = pairContext(src, dst);
    for (let v = 0; v < o.valuesPerPair; v++) {
      const raw = interestingValue(rng, ctx);
      lines.push(`C ${k} ${toHex(raw, src.width)} ${allModes(raw, srcFrac, dstTypes).join(' ')}`);
    }
  }

  // doubles (their exact binary value) into a few targets
  const doubles: string[] = [];
  const dShapes: Shape[] = [
    { width: 16, int: 6, signed: true },
    { width: 8, int: 0, signed: false },
    { width: 70, int: 20, signed: true },
    { width: 5, int: -2, signed: true },
  ];
  dShapes.forEach((dst, k) => {
    doubles.push(`      case ${k}: double_case<${dst.width}, ${dst.int}, ${dst.signed}>(f[0], f + 1); return;`);
    for (let v = 0; v < 300; v++) {
      const x = (rng.next() - 0.5) * 2 ** rng.int(-12, 30);
      const bits = new BigUint64Array(new Float64Array([x]).buffer)[0] ?? 0n;
      const want = modes.map(([q, ov]) => toHex(castDyadicRef(dyadicFromNumber(x), full(dst, q, ov)), dst.width));
      lines.push(`D ${k} ${bits.toString(16)} ${want.join(' ')}`);
    }
  });

  // full-precision operators
  const ops: string[] = [];
  let opChecks = 0;
  for (let k = 0; k < o.opPairs; k++) {
    const a = randomShape(rng, 128);
    const b = randomShape(rng, 128);
    const pt = productType(full(a), full(b));
    const st = sumType(full(a), full(b));
    const mt = minusType(a, b);
    const nt: Shape = { width: a.width + 1, int: a.int + 1, signed: true };
    ops.push(
      `      case ${k}: {\n` +
        `        typedef ${cppType(a)} A;\n        typedef ${cppType(b)} B;\n` +
        `        static_assert(decltype(A() * B())::width == ${pt.width} && decltype(A() * B())::iwidth == ${pt.int} && decltype(A() * B())::fx_signed == ${pt.signed}, "product type");\n` +
        `        static_assert(decltype(A() + B())::width == ${st.width} && decltype(A() + B())::iwidth == ${st.int} && decltype(A() + B())::fx_signed == ${st.signed}, "sum type");\n` +
        `        static_assert(decltype(A() - B())::width == ${mt.width} && decltype(A() - B())::iwidth == ${mt.int}, "difference type");\n` +
        `        op_case<A, B>(f);\n        return;\n      }`,
    );
    const fa = fracBits(full(a));
    const fb = fracBits(full(b));
    for (let v = 0; v < o.valuesPerOpPair; v++) {
      const x = rng.bool(0.8) ? rng.range(minRaw(full(a)), maxRaw(full(a))) : rng.pick([minRaw(full(a)), maxRaw(full(a)), 0n]);
      // sometimes b equal to a in value, to exercise ==
      const same = rng.bool(0.1) ? regrid(x, a, b) : null;
      const y = same !== null && same >= minRaw(full(b)) && same <= maxRaw(full(b)) ? same : rng.range(minRaw(full(b)), maxRaw(full(b)));
      const fs = Math.max(fa, fb);
      const ax = x << BigInt(fs - fa);
      const by = y << BigInt(fs - fb);
      const cmp = ax < by ? -1 : ax > by ? 1 : 0;
      lines.push(
        `O ${k} ${toHex(x, a.width)} ${toHex(y, b.width)} ${toHex(x * y, pt.width)} ${toHex(ax + by, st.width)} ${toHex(ax - by, mt.width)} ${toHex(-x, nt.width)} ${cmp}`,
      );
      opChecks += 5;
    }
  }

  // ap_int / ap_uint from fixed point, and to_int64
  const ints: string[] = [];
  for (let k = 0; k < 8; k++) {
    const src = randomShape(rng, 100);
    const it: Shape = { width: rng.int(1, 70), int: 0, signed: rng.bool() };
    const itype = full({ ...it, int: it.width }, 'TRN_ZERO', 'WRAP');
    const i64 = full({ width: 64, int: 64, signed: true }, 'TRN_ZERO', 'WRAP');
    const ictx = pairContext(src, { width: 32, int: 32, signed: true });
    ints.push(`      case ${k}: int_case<${cppType(src)}, ${it.width}, ${it.signed}>(f); return;`);
    for (let v = 0; v < 500; v++) {
      const x = interestingValue(rng, ictx);
      const fs = fracBits(full(src));
      lines.push(`I ${k} ${toHex(x, src.width)} ${toHex(castRawRef(x, fs, itype), it.width)} ${castRawRef(x, fs, i64).toString()}`);
      opChecks += 2;
    }
  }

  const block = (kind: string, cases: string[]): string => `    case '${kind}':\n      switch (index) {\n${cases.join('\n')}\n      }\n      break;`;
  const program =
    `static void dispatch(char kind, int index, char** f) {\n  switch (kind) {\n` +
    [block('C', casts), block('D', doubles), block('O', ops), block('I', ints)].join('\n') +
    `\n  }\n  printf("UNKNOWN %c %d\\n", kind, index);\n  exit(2);\n}\n`;
  return { program, cases: lines.join('\n') + '\n', castsPerMode: o.castPairs * o.valuesPerPair + dShapes.length * 300, opChecks };
}
