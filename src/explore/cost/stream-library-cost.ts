/**
 * Prices of the streaming library modules and of what synthesis does around
 * them, each read off synth_xilinx on the module alone
 * (test/explore/cost-library.test.ts): fx_window (line buffer, SRL runs,
 * window register, padding select, walk counters), fx_fifo, fx_accum, and the
 * window-register bits Yosys drops or packs into DSPs.
 */
import type { FixedType } from '../../fixed/fixed-type.js';
import type { DfDense } from '../../ir/dataflow/types.js';
import { productKind } from '../../backends/verilog/const-mult.js';
import { planDense } from '../../backends/verilog/layers/dense-plan.js';
import type { LayerKnobs } from '../../backends/verilog/options.js';
import { accumWidth } from '../../backends/verilog/stream/units.js';
import { bitsFor, type WindowWalk } from '../../backends/verilog/stream/window-walk.js';
import type { CostCoefficients } from './coefficients.js';
import { signedWidth } from './abstract-sched.js';
import { onDsp } from './price.js';

/** Shortest shift chain synth_xilinx packs into an SRL (shregmap -minlen). */
const SRL_MIN = 3;
/** Depth of one SRLC32E. */
const SRL_DEPTH = 32;

export interface WindowCost {
  /** flip-flop bits: tapped line-buffer stages, window and mask registers, position counters */
  readonly regBits: number;
  /** SRL LUTs: untapped line-buffer runs between window rows */
  readonly srlLuts: number;
  /** logic LUTs: the padding select in front of the line buffer, and the walk's counters and flags */
  readonly luts: number;
}

/**
 * fx_window: a line buffer of L = (KH−1)·WP + KW pixels (PIX data bits and a
 * real-position flag each; the newest stage is a wire), the KH·KW-tap window
 * register and its mask, the position counters and the valid bit. Between the
 * last tap of a row and the first of the next, WP − KW stages are read by
 * nothing else: with that next tap they form a shift chain that Yosys maps
 * to SRLs when it is at least SRL_MIN long; the other taps stay flip-flops.
 */
export function windowCost(walk: Pick<WindowWalk, 'hp' | 'wp' | 'kh' | 'kw' | 'rowReal' | 'colReal'>, pixBits: number): WindowCost {
  const bits = pixBits + 1;
  const L = (walk.kh - 1) * walk.wp + walk.kw;
  const taps = walk.kh * walk.kw;
  const stored = L - 1; // stages in the shift register
  const chain = walk.wp - walk.kw + 1;
  const srlChains = walk.kh > 1 && chain >= SRL_MIN ? walk.kh - 1 : 0;
  const lineFfs = (stored - srlChains * chain) * bits;
  const srlLuts = srlChains * Math.ceil(chain / SRL_DEPTH) * bits;
  const control = bitsFor(walk.hp) + bitsFor(walk.wp) + 1;
  // `real ? x : PAD` (and the real flag) feeds the line buffer: a LUT per bit, unless the map has no padding or the
  // window is 1×1 (registered at once, where the flip-flops' synchronous reset absorbs it). The counters: an
  // increment, a compare and a wrap per bit, plus the real/emit flag lookups and the handshake (read off
  // synth_xilinx on windows alone: test/explore/cost-library.test.ts)
  const padded = walk.rowReal.includes(false) || walk.colReal.includes(false);
  const padSelect = L > 1 && padded ? bits : 0;
  const luts = padSelect + 2 * (bitsFor(walk.hp) + bitsFor(walk.wp)) + 4;
  return { regBits: lineFfs + taps * bits + control, srlLuts, luts };
}

/**
 * fx_fifo: DEPTH × WIDTH distributed RAM (RAM32M: 6 bits by 32 rows, RAM64M:
 * 3 bits by 64 rows, 4 LUTs each; deeper FIFOs read one of several banks
 * through a mux), the pointers, the count and the full/empty logic (Yosys keeps
 * a copy of the read pointer next to the RAM). DEPTH 1 is one register.
 * Read off synth_xilinx on five FIFOs (test/explore/cost-conv.test.ts).
 */
export function fifoCost(depth: number, width: number): { regBits: number; luts: number } {
  if (depth === 1) return { regBits: width + 2, luts: 6 };
  const aw = bitsFor(depth);
  const banks = depth <= 32 ? 1 : Math.ceil(depth / 64);
  const ram = depth <= 32 ? Math.ceil(width / 6) * 4 : banks * Math.ceil(width / 3) * 4;
  return { regBits: 4 * aw + 1, luts: ram + 6 * aw + 1 + 2 * width * (banks - 1) };
}

/**
 * Window-register bits synth_xilinx does not keep as flip-flops, in a
 * convolution at reuse factor 1: an element no nonzero weight reads is
 * removed, and an element read by exactly one product, a multiplier on a
 * DSP, moves into that DSP's input register (xilinx_dsp packs a register
 * whose only reader is the DSP). In a depthwise convolution every element is
 * such an input, which halves its flip-flops.
 */
export function windowRegisterSavings(dense: DfDense, inType: FixedType, knobs: Required<LayerKnobs>, coeffs: Pick<CostCoefficients, 'dspMinWidth' | 'dspMinSum'>): number {
  const elemW = inType.signed ? inType.width : inType.width + 1;
  const uses = new Array<number>(dense.inSize).fill(0);
  const onDspUse = new Array<boolean>(dense.inSize).fill(false);
  for (const out of planDense(dense, inType).outputs) {
    for (const t of out.terms) {
      uses[t.i] = (uses[t.i] ?? 0) + 1;
      if (productKind(t.w, knobs) === 'multiplier' && onDsp(elemW, signedWidth(t.w, t.w), coeffs)) onDspUse[t.i] = true;
    }
  }
  let bits = 0;
  for (let i = 0; i < dense.inSize; i++) if (uses[i] === 0 || (uses[i] === 1 && onDspUse[i])) bits += inType.width;
  return bits;
}

/**
 * fx_accum: per channel the running value and the output register (OW bits:
 * IW + ceil(log2 P) for a sum, IW for a maximum), the pixel counter and the
 * valid bit; a sum is one adder per channel (the restart to 0 is the
 * flip-flops' synchronous reset), a maximum a compare and a select.
 */
export function accumCost(kind: 'max' | 'avg', channels: number, inWidth: number, pixels: number): { outWidth: number; regBits: number; adderBits: number; muxBits: number; luts: number } {
  const outWidth = accumWidth(kind, inWidth, pixels);
  return {
    outWidth,
    regBits: 2 * channels * outWidth + bitsFor(pixels) + 1,
    adderBits: channels * (kind === 'avg' ? outWidth : outWidth + 1),
    muxBits: kind === 'max' ? channels * outWidth : 0,
    // the pixel counter, its compare and the handshake
    luts: 2 * bitsFor(pixels) + 4,
  };
}
