/**
 * Arithmetic on datapath signals: each function computes the exact result
 * range, declares a wire just wide enough, and schedules itself (one logic
 * level per adder, comparator or mux; `mulLevels` per multiplier).
 */
import type { ModuleBuilder } from './module-builder.js';
import { shiftRange, signedWidth, type Sig } from './signal.js';

/**
 * Name prefixes of adder and subtractor outputs. Synthesis keeps these
 * wires (see src/report/yosys/script.ts): otherwise Yosys re-associates the
 * trees into carry-save $macc cells, which map deeper on carry-chain FPGAs.
 */
export const SUM_PREFIXES = ['s', 'd'] as const;

/** a + b, or a − b; exact. */
export function addSig(b: ModuleBuilder, x: Sig, y: Sig, subtract = false): Sig {
  const frac = Math.max(x.frac, y.frac);
  const rx = shiftRange(x, frac);
  const ry = shiftRange(y, frac);
  const min = subtract ? rx.min - ry.max : rx.min + ry.min;
  const max = subtract ? rx.max - ry.min : rx.max + ry.max;
  if (x.konst !== undefined && y.konst !== undefined) return b.constant(min, frac);
  const { ops, stage, depth } = b.schedule([x, y], 1);
  const [a, c] = ops as [Sig, Sig];
  const w = signedWidth(min, max);
  const expr = `${b.align(a, frac, w)} ${subtract ? '-' : '+'} ${b.align(c, frac, w)}`;
  return b.sig(subtract ? SUM_PREFIXES[1] : SUM_PREFIXES[0], expr, { min, max, frac }, stage, depth);
}

/** x · y for two variable signals; exact. */
export function mulSig(b: ModuleBuilder, x: Sig, y: Sig, levels: number): Sig {
  const frac = x.frac + y.frac;
  const ends = [x.min * y.min, x.min * y.max, x.max * y.min, x.max * y.max];
  const min = ends.reduce((a, v) => (v < a ? v : a));
  const max = ends.reduce((a, v) => (v > a ? v : a));
  if (x.konst !== undefined && y.konst !== undefined) return b.constant(x.konst * y.konst, frac);
  const { ops, stage, depth } = b.schedule([x, y], levels);
  const [a, c] = ops as [Sig, Sig];
  const w = signedWidth(min, max);
  return b.sig('m', `$signed(${b.fit(a, w)}) * $signed(${b.fit(c, w)})`, { min, max, frac }, stage, depth);
}

/** max(x, 0) */
export function reluSig(b: ModuleBuilder, x: Sig): Sig {
  const min = x.min > 0n ? x.min : 0n;
  const max = x.max > 0n ? x.max : 0n;
  if (x.min >= 0n) return x;
  if (x.max <= 0n) return b.constant(0n, x.frac);
  const { ops, stage, depth } = b.schedule([x], 1);
  const a = ops[0] as Sig;
  const w = signedWidth(min, max);
  const msb = a.width === 1 ? a.name : `${a.name}[${a.width - 1}]`;
  return b.sig('z', `${msb} ? ${w}'d0 : ${b.fit(a, w)}`, { min, max, frac: x.frac }, stage, depth);
}

/** The signal compared with a constant, on a common grid: x < c, x > c. */
function compareExpr(b: ModuleBuilder, a: Sig, frac: number, c: bigint, op: '<' | '>'): string {
  const ra = shiftRange(a, frac);
  const w = Math.max(signedWidth(ra.min, ra.max), signedWidth(c, c));
  return `$signed(${b.align(a, frac, w)}) ${op} $signed(${b.align(b.constant(c, frac), frac, w)})`;
}

/** min(max(x, lo), hi), compared exactly; lo and hi raw on grid `boundFrac`. */
export function clipSig(b: ModuleBuilder, x: Sig, lo: bigint, hi: bigint, boundFrac: number): Sig {
  const frac = Math.max(x.frac, boundFrac);
  const L = lo << BigInt(frac - boundFrac);
  const H = hi << BigInt(frac - boundFrac);
  const r = shiftRange(x, frac);
  const f = (v: bigint): bigint => (v < L ? L : v > H ? H : v);
  const min = f(r.min);
  const max = f(r.max);
  if (r.min >= L && r.max <= H) return x;
  if (min === max) return b.constant(min, frac);
  // a bound at zero is a test of the sign bit: the clamp is one mux level
  const trivial = (r.min >= L || L === 0n) && (r.max <= H || H === (1n << BigInt(signedWidth(0n, H) - 1)) - 1n);
  const { ops, stage, depth } = b.schedule([x], trivial ? 1 : 2);
  const a = ops[0] as Sig;
  const w = signedWidth(min, max);
  const pieces: string[] = [];
  // the same order as the definition: below lo first, then above hi
  if (r.min < L) pieces.push(`${compareExpr(b, a, frac, L, '<')} ? ${b.align(b.constant(L, frac), frac, w)} :`);
  if (r.max > H) pieces.push(`${compareExpr(b, a, frac, H, '>')} ? ${b.align(b.constant(H, frac), frac, w)} :`);
  pieces.push(b.align(a, frac, w));
  return b.sig('k', pieces.join(' '), { min, max, frac }, stage, depth);
}

/** sel ? y : x, with sel a one-bit wire available at the operands' stage. */
export function muxSig(b: ModuleBuilder, sel: string, x: Sig, y: Sig, stage: number, depth: number): Sig {
  const frac = Math.max(x.frac, y.frac);
  const rx = shiftRange(x, frac);
  const ry = shiftRange(y, frac);
  const min = rx.min < ry.min ? rx.min : ry.min;
  const max = rx.max > ry.max ? rx.max : ry.max;
  const w = signedWidth(min, max);
  return b.sig('x', `${sel} ? ${b.align(y, frac, w)} : ${b.align(x, frac, w)}`, { min, max, frac }, stage, depth);
}

/** The integer floor(raw / 2^k) of x's raw value (k ≤ 0: raw · 2^−k), as a signal with no fraction bits: wiring. */
export function floorDivPow2(b: ModuleBuilder, x: Sig, k: number): Sig {
  if (x.konst !== undefined) return b.constant(k > 0 ? x.konst >> BigInt(k) : x.konst << BigInt(-k), 0);
  // value = raw · 2^−frac with frac = k is raw · 2^−k: no hardware
  if (k <= 0) return { ...x, frac: k };
  const min = x.min >> BigInt(k);
  const max = x.max >> BigInt(k);
  if (min === max) return b.constant(min, 0);
  const w = signedWidth(min, max);
  const msb = x.width === 1 ? x.name : `${x.name}[${x.width - 1}]`;
  const bit = (i: number): string => (i >= x.width ? msb : `${x.name}[${i}]`);
  let expr: string;
  if (k >= x.width) expr = w === 1 ? msb : `{${w}{${msb}}}`;
  else if (k + w <= x.width) expr = w === 1 ? bit(k) : `${x.name}[${k + w - 1}:${k}]`;
  else {
    const avail = x.width - k;
    const body = avail === 1 ? bit(k) : `${x.name}[${x.width - 1}:${k}]`;
    expr = `{{${w - avail}{${msb}}}, ${body}}`;
  }
  return b.sig('h', expr, { min, max, frac: 0 }, x.stage, x.depth, w);
}
