/**
 * Exact arithmetic on emitted values: alignment of fractional bits, sums,
 * products and comparisons, in either flavour. Each result carries its
 * interval; in the `num` flavour a result that could leave ±2^52 raises
 * NeedBig instead of emitting inexact code.
 */
import { stripParens, type Block, type Val } from './code-block.js';
import { addIv, mulIv, shiftIv } from './interval.js';

function isConst(v: Val): boolean {
  return v.lo === v.hi;
}

/** v expressed with `frac` ≥ v.frac fractional bits (an exact left shift). */
export function alignCode(b: Block, v: Val, frac: number): Val {
  const k = frac - v.frac;
  if (k < 0) throw new Error(`alignCode: cannot align ${v.frac} down to ${frac}`);
  if (k === 0) return v;
  const iv = shiftIv(v, k);
  if (isConst(v)) return b.val(b.lit(iv.lo), iv, frac);
  b.val('shift', iv, frac); // bound check before the literal 2^k
  const code = b.flavor === 'big' ? `(${v.code} << ${k}n)` : `(${v.code} * ${b.lit(1n << BigInt(k))})`;
  return b.val(code, iv, frac);
}

/** Exact sum at the finer fraction. */
export function addCode(b: Block, x: Val, y: Val): Val {
  const f = Math.max(x.frac, y.frac);
  const ax = alignCode(b, x, f);
  const ay = alignCode(b, y, f);
  const iv = addIv(ax, ay);
  if (isConst(ax) && isConst(ay)) return b.val(b.lit(iv.lo), iv, f);
  if (isConst(ax) && ax.lo === 0n) return ay;
  if (isConst(ay) && ay.lo === 0n) return ax;
  // (a + b) + c prints as (a + b + c); a product term needs no parentheses
  const left = ax.op === '+' ? stripParens(ax.code) : ax.op === '*' ? stripParens(ax.code) : ax.code;
  const right = ay.op === '*' ? stripParens(ay.code) : ay.code;
  return b.val(`(${left} + ${right})`, iv, f, '+');
}

/** Exact difference at the finer fraction. */
export function subCode(b: Block, x: Val, y: Val): Val {
  const f = Math.max(x.frac, y.frac);
  const ax = alignCode(b, x, f);
  const ay = alignCode(b, y, f);
  const iv = { lo: ax.lo - ay.hi, hi: ax.hi - ay.lo };
  if (isConst(ay) && ay.lo === 0n) return ax;
  if (isConst(ay) && ay.lo < 0n) return b.val(`(${ax.code} + ${b.lit(-ay.lo)})`, iv, f);
  return b.val(`(${ax.code} - ${ay.code})`, iv, f);
}

/** Exact product. */
export function mulCode(b: Block, x: Val, y: Val): Val {
  const iv = mulIv(x, y);
  const f = x.frac + y.frac;
  if (isConst(x) && isConst(y)) return b.val(b.lit(iv.lo), iv, f);
  return b.val(`(${x.code} * ${y.code})`, iv, f, '*');
}

/** Exact max(x, y) at the finer fraction. */
export function maxCode(b: Block, x: Val, y: Val): Val {
  const f = Math.max(x.frac, y.frac);
  const ax = alignCode(b, x, f);
  const ay = alignCode(b, y, f);
  if (ax.lo >= ay.hi) return ax;
  if (ay.lo >= ax.hi) return ay;
  const bx = b.bind(ax);
  const by = b.bind(ay);
  const iv = { lo: ax.lo > ay.lo ? ax.lo : ay.lo, hi: ax.hi > ay.hi ? ax.hi : ay.hi };
  return b.val(`(${bx.code} > ${by.code} ? ${bx.code} : ${by.code})`, iv, f);
}

/** Exact min(x, y) at the finer fraction. */
export function minCode(b: Block, x: Val, y: Val): Val {
  const f = Math.max(x.frac, y.frac);
  const ax = alignCode(b, x, f);
  const ay = alignCode(b, y, f);
  if (ax.hi <= ay.lo) return ax;
  if (ay.hi <= ax.lo) return ay;
  const bx = b.bind(ax);
  const by = b.bind(ay);
  const iv = { lo: ax.lo < ay.lo ? ax.lo : ay.lo, hi: ax.hi < ay.hi ? ax.hi : ay.hi };
  return b.val(`(${bx.code} < ${by.code} ? ${bx.code} : ${by.code})`, iv, f);
}
