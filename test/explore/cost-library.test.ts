/**
 * The cost model's prices of the streaming library modules against Yosys
 * synth_xilinx on each module alone: fx_window (line buffer, window register,
 * padding select, walk counters) and fx_fifo (distributed RAM, pointers,
 * count). SRLs are counted exactly, flip-flops within 2, logic LUTs within
 * 10% or 8 LUTs (the walk's control is a handful of LUTs). And fx_cast: a
 * saturating cast costs about a LUT per output bit (two when it rounds
 * first), rounding or wrapping alone next to nothing. fx_accum (a global
 * pool's running sum or maximum): FFs within 2, LUTs within 15%. Table ROMs
 * (case functions, as the backend writes them) read through a register: block
 * RAM exactly when the model says so, and as many.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { libraryFile } from '../../src/backends/verilog/library-files.js';
import { bitsFor, flagBits, windowWalk } from '../../src/backends/verilog/stream/window-walk.js';
import { accumCost, fifoCost, windowCost } from '../../src/explore/cost/stream-library-cost.js';
import { saturationMuxBits } from '../../src/explore/cost/abstract-ops.js';
import { castParts } from '../../src/backends/verilog/cast-sig.js';
import { defaultCoefficients } from '../../src/explore/cost/coefficients.js';
import { parseType } from '../../src/fixed/fixed-type.js';
import { romBrams, romOnBram } from '../../src/explore/cost/price.js';
import { classify, statModules } from '../../src/report/yosys/resources.js';
import { skipWithout } from '../verilog/helpers/tool-gate.js';
import { prng } from '../helpers/prng.js';

const dir = mkdtempSync(join(tmpdir(), 'fixflow-cost-lib-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function synthTop(name: string, module: 'fx_window' | 'fx_fifo' | 'fx_cast' | 'fx_accum' | null, top: string): { luts: number; ffs: number; srls: number; brams: number } {
  if (module) writeFileSync(join(dir, `${module}.v`), libraryFile(module));
  writeFileSync(join(dir, `${name}.v`), top);
  const stat = join(dir, `${name}.json`);
  execFileSync('yosys', ['-q', '-p', `read_verilog ${module ? `${module}.v ` : ''}${name}.v; synth_xilinx -top top -flatten; tee -q -o ${name}.json stat -json`], { cwd: dir });
  const cells = statModules(JSON.parse(readFileSync(stat, 'utf8'))).get('top') ?? {};
  const r = classify(cells, 'xilinx', new Set());
  const srls = Object.entries(cells).filter(([t]) => t.startsWith('SRL')).reduce((a, [, n]) => a + n, 0);
  return { luts: r.luts, ffs: r.ffs, srls, brams: r.brams };
}

const within = (est: number, got: number): boolean => Math.abs(est - got) <= Math.max(8, 0.1 * got);

describe.skipIf(skipWithout('yosys'))('library modules: cost model == Yosys', () => {
  const windows = [
    { name: 'dw3x3', shape: [6, 6, 8], k: [3, 3], s: [1, 1], pad: [1, 1], pix: 64 },
    { name: 'pool2x2s2', shape: [28, 28, 5], k: [2, 2], s: [2, 2], pad: [1, 1], pix: 40 },
    { name: 'conv3x1', shape: [10, 12, 2], k: [3, 1], s: [1, 1], pad: [0, 0], pix: 16 },
  ];
  for (const w of windows) {
    it(`fx_window ${w.name}`, () => {
      const walk = windowWalk({ inShape: w.shape, kernelSize: w.k, strides: w.s, padBefore: w.pad, padAfter: w.pad });
      const taps = walk.kh * walk.kw;
      const params = [
        `.PIX(${w.pix})`, `.HP(${walk.hp})`, `.WP(${walk.wp})`, `.KH(${walk.kh})`, `.KW(${walk.kw})`, `.YW(${bitsFor(walk.hp)})`, `.XW(${bitsFor(walk.wp)})`,
        `.ROW_REAL(${flagBits(walk.rowReal)})`, `.COL_REAL(${flagBits(walk.colReal)})`, `.ROW_EMIT(${flagBits(walk.rowEmit)})`, `.COL_EMIT(${flagBits(walk.colEmit)})`, `.PAD(${w.pix}'d0)`,
      ].join(', ');
      const top = `module top(input clk, input rst, input in_valid, output in_ready, input [${w.pix - 1}:0] x, output out_valid, input out_ready, output [${taps * w.pix - 1}:0] y, output [${taps - 1}:0] m);
  fx_window #(${params}) u (.clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready), .x(x), .out_valid(out_valid), .out_ready(out_ready), .y(y), .m(m));
endmodule
`;
      const got = synthTop(w.name, 'fx_window', top);
      const est = windowCost(walk, w.pix);
      console.log(`fx_window ${w.name}: logic LUT ${est.luts} vs ${got.luts - got.srls} (SRL ${est.srlLuts} vs ${got.srls}), FF ${est.regBits} vs ${got.ffs}`);
      expect(Math.abs(est.regBits - got.ffs)).toBeLessThanOrEqual(2);
      expect(est.srlLuts).toBe(got.srls);
      expect(within(est.luts, got.luts - got.srls)).toBe(true);
    }, 60_000);
  }

  for (const [depth, width] of [[1, 16], [9, 16], [10, 32], [40, 64], [100, 20]] as const) {
    it(`fx_fifo depth ${depth} × ${width} bits`, () => {
      const top = `module top(input clk, input rst, input in_valid, output in_ready, input [${width - 1}:0] x, output out_valid, input out_ready, output [${width - 1}:0] y, output full);
  fx_fifo #(.WIDTH(${width}), .DEPTH(${depth}), .AW(${bitsFor(depth)})) u (.clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready), .x(x), .out_valid(out_valid), .out_ready(out_ready), .y(y), .full(full));
endmodule
`;
      const got = synthTop(`fifo${depth}x${width}`, 'fx_fifo', top);
      const est = fifoCost(depth, width);
      console.log(`fx_fifo ${depth}x${width}: LUT ${est.luts} vs ${got.luts}, FF ${est.regBits} vs ${got.ffs}`);
      expect(Math.abs(est.regBits - got.ffs)).toBeLessThanOrEqual(2);
      expect(within(est.luts, got.luts)).toBe(true);
    }, 60_000);
  }

  const casts = [
    { inW: 20, inFrac: 10, type: 'ap_fixed<10,3,RND,SAT>', quant: 2, ovf: 1 },
    { inW: 20, inFrac: 10, type: 'ap_fixed<10,3,TRN,SAT>', quant: 0, ovf: 1 },
    { inW: 20, inFrac: 10, type: 'ap_fixed<10,3,RND>', quant: 2, ovf: 0 },
    { inW: 24, inFrac: 12, type: 'ap_fixed<16,4,TRN,SAT>', quant: 0, ovf: 1 },
    { inW: 16, inFrac: 8, type: 'ap_fixed<8,3,TRN,SAT_SYM>', quant: 0, ovf: 3 },
  ];
  for (const c of casts) {
    it(`fx_cast ${c.inW}-bit (${c.inFrac} fractional) to ${c.type}`, () => {
      const t = parseType(c.type);
      const frac = t.width - t.int;
      const top = `module top(input [${c.inW - 1}:0] x, output [${t.width - 1}:0] y);
  fx_cast #(.IN_W(${c.inW}), .IN_FRAC(${c.inFrac}), .IN_SIGNED(1), .OUT_W(${t.width}), .OUT_FRAC(${frac}), .OUT_SIGNED(1), .QUANT(${c.quant}), .OVF(${c.ovf})) u (.x(x), .y(y));
endmodule
`;
      const got = synthTop(`cast${casts.indexOf(c)}`, 'fx_cast', top);
      const input = { min: -(1n << BigInt(c.inW - 1)), max: (1n << BigInt(c.inW - 1)) - 1n, frac: c.inFrac };
      const est = Math.round(saturationMuxBits(castParts(input, t), t.width) * defaultCoefficients().lutPerMuxBit);
      console.log(`fx_cast ${c.inW}/${c.inFrac} -> ${c.type}: LUT ${est} vs ${got.luts}`);
      expect(Math.abs(est - got.luts)).toBeLessThanOrEqual(Math.max(3, 0.25 * got.luts));
    }, 60_000);
  }

  for (const a of [
    { kind: 'avg', c: 8, iw: 10, p: 49, signed: 1 },
    { kind: 'max', c: 8, iw: 8, p: 49, signed: 1 },
    { kind: 'max', c: 16, iw: 7, p: 15, signed: 0 },
  ] as const) {
    it(`fx_accum ${a.kind} of ${a.c} × ${a.iw}-bit ${a.signed ? 'signed' : 'unsigned'} over ${a.p} pixels`, () => {
      const est = accumCost(a.kind, a.c, a.iw, a.p);
      const top = `module top(input clk, input rst, input in_valid, output in_ready, input [${a.c * a.iw - 1}:0] x, output out_valid, input out_ready, output [${a.c * est.outWidth - 1}:0] y);
  fx_accum #(.C(${a.c}), .IW(${a.iw}), .OW(${est.outWidth}), .SIGNED_IN(${a.signed}), .KIND(${a.kind === 'avg' ? 0 : 1}), .P(${a.p}), .PW(${bitsFor(a.p)})) u (.clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready), .x(x), .out_valid(out_valid), .out_ready(out_ready), .y(y));
endmodule
`;
      const got = synthTop(`accum_${a.kind}_${a.c}_${a.p}`, 'fx_accum', top);
      const c = defaultCoefficients();
      const luts = Math.round(est.adderBits * c.lutPerAdderBit + est.muxBits * c.lutPerMuxBit) + est.luts;
      console.log(`fx_accum ${a.kind} ${a.c}x${a.iw} P ${a.p}: LUT ${luts} vs ${got.luts}, FF ${est.regBits} vs ${got.ffs}`);
      expect(Math.abs(est.regBits - got.ffs)).toBeLessThanOrEqual(2);
      expect(Math.abs(luts - got.luts)).toBeLessThanOrEqual(Math.max(8, 0.15 * got.luts));
    }, 60_000);
  }

  for (const [entries, width] of [[1024, 8], [512, 18], [2048, 8], [2048, 18]] as const) {
    it(`a ${entries} × ${width} table ROM with a registered address`, () => {
      const aw = Math.ceil(Math.log2(entries));
      const r01 = prng(entries + width);
      const cases = Array.from({ length: entries }, (_v, k) => `        ${aw}'d${k}: f = ${width}'d${Math.floor(r01() * 2 ** width)};`).join('\n');
      const top = `module top(input clk, input [${aw - 1}:0] a, output [${width - 1}:0] y);
  reg [${aw - 1}:0] ar;
  always @(posedge clk) ar <= a;
  function [${width - 1}:0] f;
    input [${aw - 1}:0] i;
    begin
      case (i)
${cases}
        default: f = ${width}'d0;
      endcase
    end
  endfunction
  assign y = f(ar);
endmodule
`;
      const got = synthTop(`rom${entries}x${width}`, null, top);
      const r = { entries, width, synchronous: true };
      console.log(`ROM ${entries}x${width}: BRAM ${romOnBram(r) ? romBrams(entries, width) : 0} vs ${got.brams}, LUT ${got.luts}`);
      expect(romOnBram(r) ? romBrams(entries, width) : 0).toBe(got.brams);
    }, 60_000);
  }
});
