/**
 * hw/rtl/fx_cast.v against the BigInt reference (src/fixed/cast-ref.ts):
 * every quantization × overflow mode, on shapes that cover right and left
 * shifts, negative and over-wide fraction bits, unsigned in and out, 1-bit
 * outputs and 128-bit values; exhaustive inputs where the input is small.
 * Runs hw/rtl/tb/fx_cast_tb.v in Icarus, one parameterisation per run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { castRawRef } from '../../src/fixed/cast-ref.js';
import { OVERFLOW_MODES, QUANT_MODES, type FixedType, type OverflowMode, type QuantMode } from '../../src/fixed/fixed-type.js';
import { prng } from '../helpers/prng.js';
import { skipWithout } from './helpers/tool-gate.js';

const RTL = new URL('../../hw/rtl/', import.meta.url).pathname;

interface Shape {
  readonly label: string;
  readonly inW: number;
  readonly inFrac: number;
  readonly inSigned: boolean;
  readonly outW: number;
  readonly outFrac: number;
  readonly outSigned: boolean;
}

const SHAPES: Shape[] = [
  { label: 'narrower, right shift 2', inW: 8, inFrac: 3, inSigned: true, outW: 5, outFrac: 1, outSigned: true },
  { label: 'unsigned in, left shift 2', inW: 6, inFrac: 0, inSigned: false, outW: 4, outFrac: 2, outSigned: true },
  { label: 'negative out fraction, shift beyond width', inW: 10, inFrac: 6, inSigned: true, outW: 3, outFrac: -2, outSigned: true },
  { label: 'negative in fraction, unsigned out', inW: 4, inFrac: -3, inSigned: true, outW: 7, outFrac: 1, outSigned: false },
  { label: '1-bit out, shift above in width', inW: 12, inFrac: 20, inSigned: true, outW: 1, outFrac: 0, outSigned: true },
  { label: 'unsigned to unsigned, right shift 1', inW: 7, inFrac: 4, inSigned: false, outW: 5, outFrac: 3, outSigned: false },
  { label: 'wide 100 -> 70 bits', inW: 100, inFrac: 50, inSigned: true, outW: 70, outFrac: 20, outSigned: true },
  { label: 'wide 128 unsigned -> 128 signed, left 5', inW: 128, inFrac: 0, inSigned: false, outW: 128, outFrac: 5, outSigned: true },
];

const QCODE: Record<QuantMode, number> = { TRN: 0, TRN_ZERO: 1, RND: 2, RND_ZERO: 3, RND_MIN_INF: 4, RND_INF: 5, RND_CONV: 6 };
const OCODE: Record<OverflowMode, number> = { WRAP: 0, SAT: 1, SAT_ZERO: 2, SAT_SYM: 3 };

function randomBits(r: () => number, w: number): bigint {
  let v = 0n;
  for (let b = 0; b < w; b += 16) v = (v << 16n) | BigInt(Math.floor(r() * 65536));
  return v & ((1n << BigInt(w)) - 1n);
}

/** Input codes: all of them for small widths, else the edges and random ones. */
function inputs(s: Shape): bigint[] {
  const mask = (1n << BigInt(s.inW)) - 1n;
  if (s.inW <= 12) return Array.from({ length: 1 << s.inW }, (_v, i) => BigInt(i));
  const r = prng(s.inW * 7919 + s.outW);
  const edges = [0n, 1n, mask, mask >> 1n, (mask >> 1n) + 1n, (mask >> 1n) + 2n, mask - 1n];
  const half = (1n << BigInt(Math.max(0, s.inFrac - s.outFrac - 1))) & mask;
  const out = [...edges, half, (half + 1n) & mask, (mask - half) & mask];
  for (let k = 0; k < 300; k++) out.push(randomBits(r, s.inW));
  return out;
}

function vectorFile(s: Shape, q: QuantMode, o: OverflowMode, corrupt = false): { text: string; n: number } {
  const t: FixedType = { width: s.outW, int: s.outW - s.outFrac, signed: s.outSigned, quant: q, overflow: o };
  const xs = inputs(s);
  const outMask = (1n << BigInt(s.outW)) - 1n;
  const lines = xs.map((code, k) => {
    const raw = s.inSigned && code >> BigInt(s.inW - 1) === 1n ? code - (1n << BigInt(s.inW)) : code;
    let y = castRawRef(raw, s.inFrac, t) & outMask;
    if (corrupt && k === 3) y ^= 1n;
    return ((code << BigInt(s.outW)) | y).toString(16);
  });
  return { text: lines.join('\n') + '\n', n: xs.length };
}

const work = mkdtempSync(join(tmpdir(), 'fx-cast-tb-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runTb(s: Shape, q: QuantMode, o: OverflowMode, corrupt = false): { checked: number; errors: number; log: string } {
  const tag = `${SHAPES.indexOf(s)}_${q}_${o}${corrupt ? '_bad' : ''}`;
  const vec = vectorFile(s, q, o, corrupt);
  const vf = join(work, `${tag}.hex`);
  writeFileSync(vf, vec.text);
  const vvp = join(work, `${tag}.vvp`);
  const p = (k: string, v: number): string[] => ['-P', `fx_cast_tb.${k}=${v}`];
  execFileSync('iverilog', [
    '-g2005',
    '-o',
    vvp,
    '-s',
    'fx_cast_tb',
    ...p('IN_W', s.inW),
    ...p('IN_FRAC', s.inFrac),
    ...p('IN_SIGNED', s.inSigned ? 1 : 0),
    ...p('OUT_W', s.outW),
    ...p('OUT_FRAC', s.outFrac),
    ...p('OUT_SIGNED', s.outSigned ? 1 : 0),
    ...p('QUANT', QCODE[q]),
    ...p('OVF', OCODE[o]),
    ...p('N', vec.n),
    join(RTL, 'tb', 'fx_cast_tb.v'),
    join(RTL, 'fx_cast.v'),
  ]);
  const log = execFileSync('vvp', ['-n', vvp, `+vectors=${vf}`]).toString();
  const m = /DONE checked=(\d+) errors=(\d+)/.exec(log);
  if (!m) throw new Error(`testbench did not finish:\n${log}`);
  return { checked: Number(m[1]), errors: Number(m[2]), log };
}

describe.skipIf(skipWithout('iverilog', 'vvp'))('fx_cast.v equals cast-ref.ts', () => {
  for (const s of SHAPES) {
    it(`${s.label}: all 28 mode pairs`, () => {
      for (const q of QUANT_MODES) {
        for (const o of OVERFLOW_MODES) {
          const r = runTb(s, q, o);
          expect(r.errors, `${q}/${o}:\n${r.log}`).toBe(0);
          expect(r.checked).toBe(inputs(s).length);
        }
      }
    });
  }

  it('the testbench reports a wrong expected value (the check can fail)', () => {
    const r = runTb(SHAPES[0] as Shape, 'RND_CONV', 'SAT_SYM', true);
    expect(r.errors).toBe(1);
    expect(r.log).toMatch(/MISMATCH 3 /);
  });
});

describe.skipIf(skipWithout('verilator'))('hw/rtl lint', () => {
  const lint = (files: string[], params: string[] = []): string => {
    try {
      execFileSync('verilator', ['--lint-only', '-Wall', ...params, ...files], { stdio: 'pipe' });
      return '';
    } catch (e) {
      return String((e as { stderr?: Buffer }).stderr ?? e);
    }
  };
  it('fx_cast is -Wall clean for every mode and shape (one wrapper holding all 224)', () => {
    const ports: string[] = [];
    const insts: string[] = [];
    SHAPES.forEach((s, si) => {
      for (const q of QUANT_MODES) {
        for (const o of OVERFLOW_MODES) {
          const k = `${si}_${QCODE[q]}_${OCODE[o]}`;
          ports.push(`  input wire [${s.inW - 1}:0] x_${k},`, `  output wire [${s.outW - 1}:0] y_${k},`);
          const params = `.IN_W(${s.inW}), .IN_FRAC(${s.inFrac}), .IN_SIGNED(${s.inSigned ? 1 : 0}), .OUT_W(${s.outW}), .OUT_FRAC(${s.outFrac}), .OUT_SIGNED(${s.outSigned ? 1 : 0}), .QUANT(${QCODE[q]}), .OVF(${OCODE[o]})`;
          insts.push(`  fx_cast #(${params}) u_${k} (.x(x_${k}), .y(y_${k}));`);
        }
      }
    });
    const last = (ports.pop() ?? '').replace(/,$/, '');
    const wrapper = join(work, 'fx_cast_lint_all.v');
    writeFileSync(wrapper, `module fx_cast_lint_all (\n${[...ports, last].join('\n')}\n);\n${insts.join('\n')}\nendmodule\n`);
    expect(lint([wrapper, join(RTL, 'fx_cast.v')])).toBe('');
  });
  it('fx_pipe_ctrl is -Wall clean for depths 0, 1, 2, 7', () => {
    for (const d of [0, 1, 2, 7]) expect(lint([join(RTL, 'fx_pipe_ctrl.v')], [`-GDEPTH=${d}`])).toBe('');
  });
  it('the fx_cast testbench is -Wall clean', () => {
    expect(lint([join(RTL, 'tb', 'fx_cast_tb.v'), join(RTL, 'fx_cast.v')], ['--timing'])).toBe('');
  });
  it('lint does flag a problem (the check can fail)', () => {
    const bad = join(work, 'fx_lint_probe.v');
    writeFileSync(bad, 'module fx_lint_probe (input wire [7:0] a, output wire [3:0] y);\n  assign y = a;\nendmodule\n');
    expect(lint([bad])).toMatch(/WIDTH/);
  });
});
