/**
 * The emitted cast against the BigInt reference: random source intervals and
 * target types over every quantization and overflow mode, both flavours,
 * evaluated at the interval's ends, at rounding ties and at random points.
 */
import { describe, expect, it } from 'vitest';
import { castRawRef } from '../../src/fixed/cast-ref.js';
import { OVERFLOW_MODES, QUANT_MODES, fixedType, type FixedType } from '../../src/fixed/fixed-type.js';
import { castCode } from '../../src/backends/ts/cast-code.js';
import { Block, NeedBig, stripParens, type Flavor, type Val } from '../../src/backends/ts/code-block.js';
import { Rng } from './helpers/rng.js';

function compile(flavor: Flavor, lo: bigint, hi: bigint, frac: number, t: FixedType, skipWrap = false): { fn: (v: bigint) => bigint; out: Val } | null {
  const b = new Block(flavor);
  try {
    const out = castCode(b, b.val('v', { lo, hi }, frac), t, { skipWrap });
    const body = `${b.lines.join('\n')}\nreturn ${stripParens(out.code)};`;
    const f = new Function('v', body) as (v: number | bigint) => number | bigint;
    const fn = flavor === 'big' ? (v: bigint): bigint => f(v) as bigint : (v: bigint): bigint => BigInt(f(Number(v)) as number);
    return { fn, out };
  } catch (e) {
    if (e instanceof NeedBig && flavor === 'num') return null;
    throw e;
  }
}

function samplePoints(rng: Rng, lo: bigint, hi: bigint, s: number): bigint[] {
  const pts = [lo, hi, 0n, -1n, 1n, lo + 1n, hi - 1n].filter((v) => v >= lo && v <= hi);
  for (let k = 0; k < 12; k++) pts.push(rng.big(lo, hi));
  if (s > 0 && s < 200) {
    // ties and their neighbours: m·2^s ± 2^(s−1)
    const half = 1n << BigInt(s - 1);
    for (let k = 0; k < 6; k++) {
      const base = (rng.big(lo, hi) >> BigInt(s)) << BigInt(s);
      for (const d of [half - 1n, half, half + 1n, -half, -half - 1n]) {
        const v = base + d;
        if (v >= lo && v <= hi) pts.push(v);
      }
    }
  }
  return pts;
}

describe('emitted casts', () => {
  it('equal castRawRef on random intervals, every mode, both flavours', () => {
    const rng = new Rng(1234);
    let checkedNum = 0;
    let checkedBig = 0;
    for (let c = 0; c < 3000; c++) {
      const wide = rng.bool(0.25);
      const width = wide ? rng.int(33, 90) : rng.int(1, 32);
      const t = fixedType(width, rng.int(-8, width + 8), rng.bool(0.7), rng.pick(QUANT_MODES), rng.pick(OVERFLOW_MODES));
      const frac = width - t.int + rng.int(-6, 24);
      const mag = BigInt(rng.pick([3, 8, 16, 31, 40, 52, 53, 70]));
      let lo = rng.big(-(1n << mag), 1n << mag);
      let hi = rng.big(-(1n << mag), 1n << mag);
      if (lo > hi) [lo, hi] = [hi, lo];
      if (rng.bool(0.2)) lo = hi;
      const s = frac - (t.width - t.int);
      const pts = samplePoints(rng, lo, hi, s);
      for (const flavor of ['num', 'big'] as const) {
        const c1 = compile(flavor, lo, hi, frac, t);
        if (!c1) continue;
        for (const v of pts) {
          const want = castRawRef(v, frac, t);
          const got = c1.fn(v);
          if (got !== want) {
            throw new Error(`${flavor} cast of ${v} (frac ${frac}, interval [${lo}, ${hi}]) to ${JSON.stringify(t)}: got ${got}, want ${want}`);
          }
          expect(got >= c1.out.lo && got <= c1.out.hi).toBe(true);
        }
        if (flavor === 'num') checkedNum++;
        else checkedBig++;
      }
    }
    expect(checkedNum).toBeGreaterThan(1500);
    expect(checkedBig).toBe(3000);
  });

  it('with skipWrap, equals castRawRef modulo 2^width', () => {
    const rng = new Rng(99);
    for (let c = 0; c < 1000; c++) {
      const width = rng.int(1, 40);
      const t = fixedType(width, rng.int(-4, width + 4), rng.bool(), rng.pick(QUANT_MODES), 'WRAP');
      const frac = width - t.int + rng.int(-4, 12);
      const lo = rng.big(-(1n << 45n), 0n);
      const hi = rng.big(0n, 1n << 45n);
      const m = 1n << BigInt(width);
      for (const flavor of ['num', 'big'] as const) {
        const c1 = compile(flavor, lo, hi, frac, t, true);
        if (!c1) continue;
        for (const v of samplePoints(rng, lo, hi, frac - width + t.int)) {
          const got = c1.fn(v);
          const want = castRawRef(v, frac, t);
          expect((((got - want) % m) + m) % m).toBe(0n);
          expect(got >= c1.out.lo && got <= c1.out.hi).toBe(true);
        }
      }
    }
  });

  it('emits no code when the interval already fits the type', () => {
    const b = new Block('num');
    const t = fixedType(16, 6, true, 'RND', 'SAT');
    const out = castCode(b, { code: 'v', lo: -100n, hi: 100n, frac: 10 }, t);
    expect(out.code).toBe('v');
    expect(b.lines).toEqual([]);
  });

  it('SAT_SYM example of SEMANTICS.md: −0.375 in fixed<2,0,RND_INF,SAT_SYM> is code −1', () => {
    const t = fixedType(2, 0, true, 'RND_INF', 'SAT_SYM');
    for (const flavor of ['num', 'big'] as const) {
      const c1 = compile(flavor, -8n, 8n, 3, t);
      expect(c1?.fn(-3n)).toBe(-1n);
    }
  });
});
