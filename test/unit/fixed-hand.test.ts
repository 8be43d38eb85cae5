import { describe, expect, it } from 'vitest';
import {
  addExact,
  castNumber,
  formatType,
  maxRaw,
  minRaw,
  mulExact,
  parseType,
  productType,
  sumType,
  toNumber,
  accumulatorType,
  dyadicFromNumber,
} from '../../src/fixed/index.js';
import { CompileError } from '../../src/core/diagnostics.js';

const T = (s: string) => parseType(s);

describe('hand-checked cases of SEMANTICS.md', () => {
  it('RND of −1.5 → −1', () => {
    expect(castNumber(-1.5, T('ap_fixed<8,8,RND>'))).toBe(-1n);
  });
  it('RND_CONV of 2.5 → 2 and of 3.5 → 4', () => {
    expect(castNumber(2.5, T('ap_fixed<8,8,RND_CONV>'))).toBe(2n);
    expect(castNumber(3.5, T('ap_fixed<8,8,RND_CONV>'))).toBe(4n);
    expect(castNumber(-2.5, T('ap_fixed<8,8,RND_CONV>'))).toBe(-2n);
  });
  it('every rounding mode on the ties ±2.5 and on ±2.25', () => {
    const cases: [string, number, bigint][] = [
      ['TRN', 2.5, 2n], ['TRN', -2.5, -3n], ['TRN_ZERO', -2.5, -2n], ['TRN_ZERO', 2.5, 2n],
      ['RND', 2.5, 3n], ['RND', -2.5, -2n], ['RND_ZERO', 2.5, 2n], ['RND_ZERO', -2.5, -2n],
      ['RND_MIN_INF', 2.5, 2n], ['RND_MIN_INF', -2.5, -3n], ['RND_INF', 2.5, 3n], ['RND_INF', -2.5, -3n],
      ['RND_CONV', 2.5, 2n], ['RND_CONV', -3.5, -4n],
      ['RND', 2.25, 2n], ['RND', -2.25, -2n], ['RND_INF', -2.75, -3n], ['TRN_ZERO', -2.25, -2n], ['TRN', -2.25, -3n],
    ];
    for (const [mode, x, want] of cases) expect([mode, x, castNumber(x, T(`ap_fixed<8,8,${mode}>`))]).toEqual([mode, x, want]);
  });
  it('SAT_SYM: the minimum is −max', () => {
    const t = T('ap_fixed<8,8,TRN,SAT_SYM>');
    expect(castNumber(-1000, t)).toBe(-127n);
    expect(castNumber(-128, t)).toBe(-127n);
    expect(castNumber(1000, t)).toBe(127n);
    expect(castNumber(-127, t)).toBe(-127n);
  });
  it('SAT_SYM example of SEMANTICS.md: −0.375 in fixed<2,0,RND_INF,SAT_SYM> is −0.25', () => {
    const t = T('ap_fixed<2,0,RND_INF,SAT_SYM>');
    expect(castNumber(-0.375, t)).toBe(-1n);
    expect(toNumber(castNumber(-0.375, t), t)).toBe(-0.25);
  });
  it('WRAP of 33 in fixed<16,6> → −31', () => {
    const t = T('ap_fixed<16,6>');
    expect(toNumber(castNumber(33, t), t)).toBe(-31);
  });
  it('SAT, SAT_ZERO and unsigned wrap', () => {
    expect(castNumber(300, T('ap_ufixed<8,8,TRN,SAT>'))).toBe(255n);
    expect(castNumber(-3, T('ap_ufixed<8,8,TRN,SAT>'))).toBe(0n);
    expect(castNumber(300, T('ap_fixed<8,8,TRN,SAT_ZERO>'))).toBe(0n);
    expect(castNumber(300, T('ap_ufixed<8,8>'))).toBe(44n);
    expect(castNumber(-1, T('ap_ufixed<8,8>'))).toBe(255n);
  });
  it('negative and over-wide integer bits', () => {
    // fixed<4,-2>: F = 6, values k/64 in [−8/64, 7/64]
    expect(castNumber(0.05, T('ap_fixed<4,-2>'))).toBe(3n);
    expect(castNumber(0.2, T('ap_fixed<4,-2,TRN,SAT>'))).toBe(7n);
    // fixed<4,8>: F = −4, steps of 16
    expect(castNumber(100, T('ap_fixed<4,8>'))).toBe(6n);
    expect(toNumber(6n, T('ap_fixed<4,8>'))).toBe(96);
  });
  it('128-bit types', () => {
    const t = T('ap_fixed<128,64>');
    expect(maxRaw(t)).toBe((1n << 127n) - 1n);
    expect(minRaw(t)).toBe(-(1n << 127n));
    expect(castNumber(2 ** 62, t)).toBe(1n << 126n);
    expect(castNumber(2 ** 63, t)).toBe(-(1n << 127n));
  });
  it('float64 inputs are their exact binary value (0.1 is not 1/10)', () => {
    const d = dyadicFromNumber(0.1);
    expect(d.exp).toBe(-55);
    const raw = castNumber(0.1, T('ap_fixed<64,8>')); // F = 56 holds every bit of 0.1
    expect(raw).toBe(d.mant << 1n);
    expect(raw * 10n).not.toBe(1n << 56n);
  });
});

describe('width growth', () => {
  it('product is fixed<W1+W2, I1+I2>', () => {
    expect(formatType(productType(T('ap_fixed<16,6>'), T('ap_fixed<8,3>')))).toBe('ap_fixed<24,9>');
    expect(formatType(productType(T('ap_ufixed<8,1>'), T('ap_fixed<8,3>')))).toBe('ap_fixed<16,4>');
  });
  it('sum grows one integer bit and keeps the finer fraction; unsigned + signed gains a sign bit', () => {
    expect(formatType(sumType(T('ap_fixed<16,6>'), T('ap_fixed<8,3>')))).toBe('ap_fixed<17,7>');
    expect(formatType(sumType(T('ap_ufixed<8,4>'), T('ap_fixed<8,4>')))).toBe('ap_fixed<10,6>');
    expect(formatType(sumType(T('ap_ufixed<8,4>'), T('ap_ufixed<8,2>')))).toBe('ap_ufixed<11,5>');
  });
  it('accumulator of n terms grows ceil(log2 n) bits', () => {
    expect(formatType(accumulatorType([T('ap_fixed<32,12>')], 17))).toBe('ap_fixed<37,17>');
    expect(formatType(accumulatorType([T('ap_fixed<32,12>'), T('ap_fixed<16,6>')], 16))).toBe('ap_fixed<36,16>');
  });
  it('mulExact and addExact are exact', () => {
    const a = { raw: castNumber(1.25, T('ap_fixed<8,3>')), type: T('ap_fixed<8,3>') };
    const b = { raw: castNumber(-2.5, T('ap_fixed<6,3>')), type: T('ap_fixed<6,3>') };
    const p = mulExact(a, b);
    expect(toNumber(p.raw, p.type)).toBe(-3.125);
    const s = addExact(a, b);
    expect(toNumber(s.raw, s.type)).toBe(-1.25);
    expect(formatType(s.type)).toBe('ap_fixed<9,4>');
  });
});

describe('type spelling', () => {
  it('parses and formats ap_fixed / ap_ufixed / ap_int with modes', () => {
    for (const s of ['ap_fixed<16,6>', 'ap_ufixed<8,0,RND,SAT>', 'ap_fixed<18,8,RND_CONV,SAT_SYM>', 'ap_fixed<4,-2>', 'ap_fixed<8,8,RND>']) {
      expect(formatType(parseType(s))).toBe(s);
    }
    expect(formatType(parseType('ap_int<8>'))).toBe('ap_fixed<8,8>');
    expect(formatType(parseType('ap_uint<3>'))).toBe('ap_ufixed<3,3>');
    expect(parseType('ap_fixed<16, 6, AP_RND, AP_SAT>').overflow).toBe('SAT');
    expect(parseType('ap_fixed<16,6,RND,SAT,0>').quant).toBe('RND');
  });
  it('refuses widths ≤ 0 or over the limit, unknown modes and junk, with FF009', () => {
    for (const s of ['ap_fixed<0,0>', 'ap_fixed<129,2>', 'ap_fixed<-3,2>', 'ap_fixed<8,2,ROUND>', 'ap_fixed<8,2,TRN,CLAMP>', 'fixed8', 'ap_fixed<8>', 'ap_fixed<8,2,TRN,WRAP,3>']) {
      let err: unknown;
      try {
        parseType(s, 'weight');
      } catch (e) {
        err = e;
      }
      expect(err, s).toBeInstanceOf(CompileError);
      expect((err as CompileError).code).toBe('FF009');
      expect((err as CompileError).field).toBe('weight');
    }
  });
});
