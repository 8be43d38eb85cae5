/**
 * Fast path == BigInt reference, on ≥ 100k random cases for each of the 28
 * (quantization, overflow) mode pairs, over random widths, integer bits,
 * signedness and source fractions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  castDyadicRef,
  castRawRef,
  compileCast,
  compileFloatCast,
  dyadicFromNumber,
  OVERFLOW_MODES,
  QUANT_MODES,
  type FixedType,
} from '../../src/fixed/index.js';

const CASES = 100_000;

/** Deterministic PRNG (mulberry32), so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fast cast == BigInt reference', () => {
  for (const q of QUANT_MODES) {
    for (const o of OVERFLOW_MODES) {
      it(`${q}/${o}: ${CASES} random cases`, () => {
        const r = rng(q.length * 131 + o.length * 7 + QUANT_MODES.indexOf(q) * 1000 + OVERFLOW_MODES.indexOf(o));
        const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
        let checked = 0;
        // a handful of types per batch of values so each type sees many values, ties included
        while (checked < CASES) {
          const width = int(1, 52);
          const t: FixedType = { width, int: int(-8, width + 8), signed: r() < 0.6, quant: q, overflow: o };
          const srcFrac = width - t.int + int(-6, 12);
          const cast = compileCast(srcFrac, t);
          const mag = int(0, 51);
          for (let k = 0; k < 500; k++) {
            let raw = Math.floor(r() * 2 ** mag) * (r() < 0.5 ? -1 : 1);
            if (k % 5 === 0) {
              // force exact ties and near ties at the quantization step
              const s = srcFrac - (width - t.int);
              if (s >= 1 && s < 50) raw = (Math.floor(r() * 2 ** Math.min(mag, 50 - s)) * 2 + 1) * 2 ** (s - 1) * (r() < 0.5 ? -1 : 1) + (k % 3) - 1;
            }
            if (!(Math.abs(raw) < 2 ** 52)) continue;
            const got = cast(raw);
            const want = castRawRef(BigInt(raw), srcFrac, t);
            if (BigInt(got) !== want) {
              expect({ t, srcFrac, raw, got }).toEqual({ t, srcFrac, raw, got: Number(want) });
            }
            checked++;
          }
        }
        expect(checked).toBeGreaterThanOrEqual(CASES);
      });
    }
  }
});

describe('float64 inputs', () => {
  it('fast float cast == exact dyadic reference (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: -4, max: 24 }),
        fc.boolean(),
        fc.constantFrom(...QUANT_MODES),
        fc.constantFrom(...OVERFLOW_MODES),
        (x, width, int, signed, quant, overflow) => {
          const t: FixedType = { width, int, signed, quant, overflow };
          const f = compileFloatCast(t);
          const got = f?.(x);
          const want = castDyadicRef(dyadicFromNumber(x), t);
          return got === null || got === undefined || BigInt(got) === want;
        },
      ),
      { numRuns: 20_000, seed: 42 },
    );
  });
});
