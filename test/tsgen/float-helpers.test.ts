/**
 * The emitted float helpers: quantize equals castNumber (the exact cast of a
 * float64's binary value) for every mode, including ties, huge and tiny
 * values, subnormals and types wider than 53 bits; dequantize equals toNumber
 * for codes that fit 53 bits; bad values and codes are CompileError FF010.
 */
import { describe, expect, it } from 'vitest';
import { emitTs } from '../../src/backends/ts/emit-ts.js';
import { loadTsModel } from '../../src/backends/ts/load-ts-model.js';
import { CompileError } from '../../src/core/diagnostics.js';
import { castNumber, toNumber } from '../../src/fixed/arith.js';
import { OVERFLOW_MODES, QUANT_MODES, fracBits, type FixedType } from '../../src/fixed/fixed-type.js';
import type { Dataflow, DfNode } from '../../src/ir/dataflow/types.js';
import { Rng } from './helpers/rng.js';

function inputsDesign(types: readonly FixedType[], size: number): Dataflow {
  const nodes: DfNode[] = types.map((type, i) => ({ op: 'input', name: `x${i}`, source: `x${i}`, inputs: [], shape: [size], type }));
  return { version: 1, name: 'inputs', nodes, outputs: nodes.map((n) => n.name) };
}

function randomFloat(rng: Rng, t: FixedType): number {
  const F = fracBits(t);
  const r = rng.float();
  const sign = rng.bool() ? -1 : 1;
  if (r < 0.15) return sign * (rng.int(-(2 ** 20), 2 ** 20) + 0.5) * 2 ** -F; // ties
  if (r < 0.3) return sign * rng.int(0, 2 ** 30) * 2 ** (-F - rng.int(0, 8)); // near the grid
  if (r < 0.4) return rng.pick([0, -0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e300, -1e300, Number.MAX_VALUE, -Number.MAX_VALUE, 0.5, -0.5]);
  if (r < 0.5) return sign * rng.float() * 2 ** rng.int(-1074, -1000); // subnormal and tiny
  return sign * rng.float() * 2 ** rng.int(-F - 10, t.width - F + 10);
}

describe('emitted float helpers', () => {
  it('quantize equals castNumber for random types, modes and values', async () => {
    const rng = new Rng(4242);
    for (let d = 0; d < 12; d++) {
      const types: FixedType[] = [];
      for (const quant of QUANT_MODES) {
        const width = d % 3 === 2 ? rng.int(54, 90) : rng.int(1, 53);
        types.push({ width, int: rng.int(-30, width + 30), signed: rng.bool(0.7) || width === 1, quant, overflow: OVERFLOW_MODES[(d + types.length) % 4] ?? 'WRAP' });
      }
      const size = 6;
      const model = await loadTsModel(emitTs(inputsDesign(types, size)));
      const n = 40;
      const values: number[] = [];
      const want: bigint[] = [];
      for (let s = 0; s < n; s++) {
        for (const t of types) {
          for (let i = 0; i < size; i++) {
            const v = randomFloat(rng, t);
            values.push(v);
            want.push(castNumber(v, t));
          }
        }
      }
      const got = model.quantize(values, n);
      const gotBig = Array.from(got as ArrayLike<number | bigint>, (v) => BigInt(v));
      for (let k = 0; k < want.length; k++) {
        if (gotBig[k] !== want[k]) {
          const t = types[Math.floor(k / size) % types.length];
          throw new Error(`quantize(${values[k]}) to ${JSON.stringify(t)}: got ${gotBig[k]}, want ${want[k]}`);
        }
      }
      // quantized rows go straight into the model (inputs are outputs here)
      expect(model.inferRows([want.slice(0, model.inputSize)])).toEqual([want.slice(0, model.inputSize)]);
    }
  });

  it('dequantize equals toNumber', async () => {
    const rng = new Rng(8);
    const types: FixedType[] = [
      { width: 16, int: 6, signed: true, quant: 'TRN', overflow: 'WRAP' },
      { width: 12, int: -3, signed: false, quant: 'RND', overflow: 'SAT' },
      { width: 53, int: 60, signed: true, quant: 'TRN', overflow: 'WRAP' },
    ];
    const model = await loadTsModel(emitTs(inputsDesign(types, 4)));
    const raw: bigint[] = [];
    for (let s = 0; s < 10; s++) for (const t of types) for (let i = 0; i < 4; i++) raw.push(rng.big(t.signed ? -(1n << BigInt(t.width - 1)) : 0n, (1n << BigInt(t.width - (t.signed ? 1 : 0))) - 1n));
    const real = model.dequantize(raw, 10);
    raw.forEach((r, k) => expect(real[k]).toBe(toNumber(r, types[Math.floor(k / 4) % 3] as FixedType)));
  });

  it('rejects non-finite values, codes out of range and wrong lengths with FF010', async () => {
    const t: FixedType = { width: 8, int: 4, signed: true, quant: 'TRN', overflow: 'WRAP' };
    const model = await loadTsModel(emitTs(inputsDesign([t], 2)));
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return e instanceof CompileError ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => model.quantize([1, NaN]))).toBe('FF010');
    expect(code(() => model.quantize([1, Infinity]))).toBe('FF010');
    expect(code(() => model.infer([0n, 128n]))).toBe('FF010');
    expect(code(() => model.infer(new Float64Array([0, 1.5])))).toBe('FF010');
    expect(code(() => model.infer([0n]))).toBe('FF010');
    expect(code(() => model.inferBatch(new Int32Array(5), 2))).toBe('FF010');
    expect(code(() => model.inferRows([[1n, 2n, 3n]]))).toBe('FF010');
    expect(model.infer(new Int32Array([-128, 127]))).toEqual([-128n, 127n]);
  });
});
