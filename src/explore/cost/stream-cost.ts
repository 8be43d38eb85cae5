/**
 * Streaming (convolution-family) designs: the schedule comes from the
 * backend's own stream builder (src/backends/verilog/stream/stream-top.ts:
 * per-unit latency and cycles per image, FIFO depths from fifo-depth.ts), and
 * the design's latency and II are the backend's figures, which its handshake
 * model counts cycle by cycle (handshake-model.ts; equal to Verilator's). Resources are counted per
 * unit: a conv is the Dense of its window (convAsDense, priced by the same
 * replay as dense layers), plus the fx_window line buffer and window
 * registers; per-pixel layers reuse layerShape on one pixel; pool, add,
 * concat, shuffle, zero_pad and upsample are counted by structure; each FIFO
 * is distributed RAM plus its pointers.
 */
import type { FixedType } from '../../fixed/fixed-type.js';
import type { Dataflow, DfNode } from '../../ir/dataflow/types.js';
import type { ResolvedOptions } from '../../backends/verilog/options.js';
import { productKind } from '../../backends/verilog/const-mult.js';
import { planDense } from '../../backends/verilog/layers/dense-plan.js';
import type { LayerKnobs } from '../../backends/verilog/options.js';
import type { DfDense } from '../../ir/dataflow/types.js';
import { convAsDense } from '../../backends/verilog/stream/conv-dp.js';
import { buildStreamDesign } from '../../backends/verilog/stream/stream-top.js';
import type { StreamUnit } from '../../backends/verilog/stream/units.js';
import { bitsFor, windowWalk, type WindowWalk } from '../../backends/verilog/stream/window-walk.js';
import type { CostCoefficients } from './coefficients.js';
import { emptyTally, type Tally } from './abstract-sched.js';
import { denseFolded, denseParallel } from './dense-cost.js';
import { layerShape } from './layer-cost.js';
import { addEstimates, NO_ESTIMATE, onDsp, priceTally, type Estimate } from './price.js';
import { signedWidth } from './abstract-sched.js';
import { saturationMuxBits } from './abstract-ops.js';
import { castRange } from '../../backends/verilog/cast-sig.js';
import { fracBits, maxRaw, minRaw } from '../../fixed/fixed-type.js';
import type { DfPool } from '../../ir/dataflow/conv-types.js';
import type { DesignEstimate, LayerEstimate } from './estimate.js';

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
  const outWidth = inWidth + (kind === 'avg' ? bitsFor(pixels) : 0);
  return {
    outWidth,
    regBits: 2 * channels * outWidth + bitsFor(pixels) + 1,
    adderBits: channels * (kind === 'avg' ? outWidth : outWidth + 1),
    muxBits: kind === 'max' ? channels * outWidth : 0,
    // the pixel counter, its compare and the handshake
    luts: 2 * bitsFor(pixels) + 4,
  };
}

/**
 * Select bits of an average pool's final cast, per channel: the sum of `taps`
 * inputs times the reciprocal (its largest magnitude), cast to the output type
 * (a saturating cast of a value that can overflow; two selects when it rounds
 * first). Max pooling's cast only narrows a value of the input type.
 */
function poolCastMux(node: DfPool, inType: FixedType, taps: number): number {
  const avg = node.average;
  if (!avg) return 0;
  let rmax = 0n;
  for (const r of avg.recips) if (r > rmax) rmax = r;
  const frac = fracBits(inType) + fracBits(avg.recipType);
  const min = BigInt(taps) * minRaw(inType) * rmax;
  const max = BigInt(taps) * maxRaw(inType) * rmax;
  const r = castRange({ min, max, frac }, node.type);
  return saturationMuxBits(frac > fracBits(node.type) && node.type.quant !== 'TRN', r.overflow, node.type, node.type.width);
}

/** The wrapper around a pipelined datapath: fx_pipe_ctrl's valid bits, and a join of the inputs. */
function wrapperRegs(u: StreamUnit): number {
  return u.latency + 1;
}

function unitTally(u: StreamUnit, ins: readonly StreamUnit[], opts: ResolvedOptions, coeffs: CostCoefficients): { tally: Tally; extraLuts: number } {
  const node = u.node;
  const first = ins[0];
  const inType: FixedType = first ? first.node.type : node.type;
  const inG = first ? first.geometry : u.geometry;
  const inPix = first ? first.pixelBits : u.pixelBits;
  const C = u.geometry.channels;
  const W = node.type.width;
  let tally = emptyTally();
  let extraLuts = 0;
  const window = (walk: WindowWalk): void => {
    const w = windowCost(walk, inPix);
    tally.regBits += w.regBits;
    extraLuts += w.srlLuts + w.luts;
  };
  const pipeRegs = (bits: number): void => {
    tally.regBits += Math.max(0, u.latency - (node.op === 'conv' || node.op === 'pool' || node.op === 'zero_pad' ? 1 : 0)) * bits;
  };
  switch (node.op) {
    case 'conv': {
      const walk = windowWalk(node);
      const dense = convAsDense(node, `${node.name}_dp`);
      const ctx = { inType, inDepth: 0, stageLevels: opts.stageLevels, mulLevels: opts.mulLevels, knobs: opts.knobs(node.name) };
      const s = node.reuseFactor > 1 ? denseFolded(dense, ctx, walk.kh * walk.kw * inG.channels) : denseParallel(dense, ctx);
      tally = s.tally;
      window(walk);
      if (node.reuseFactor <= 1) tally.regBits -= windowRegisterSavings(dense, inType, ctx.knobs, coeffs);
      break;
    }
    case 'pool': {
      const acc = u.control.accum;
      if (acc) {
        // fx_accum: per channel a running sum (an adder) or maximum (a compare and a select), its register and the
        // output register, the pixel counter; then the pool datapath on that one value
        const a = accumCost(node.kind, C, inType.width, acc.pixels);
        const ow = a.outWidth;
        tally.regBits += a.regBits;
        // the output register feeds only the reciprocal multiplier of its channel: xilinx_dsp packs it into the DSP
        if (node.kind === 'avg' && u.multipliers === C) tally.regBits -= C * ow;
        tally.adders += C;
        tally.adderBits += a.adderBits;
        tally.muxBits += a.muxBits;
        extraLuts += a.luts;
        if (node.kind === 'avg') {
          const avg = node.average;
          for (let c = 0; c < u.multipliers; c++) tally.mults.push([ow + (inType.signed ? 0 : 1), avg ? avg.recipType.width : W]);
          tally.castBits += C * W;
          tally.muxBits += C * poolCastMux(node, inType, acc.pixels);
        }
        pipeRegs(C * W);
        break;
      }
      const walk = windowWalk(node);
      window(walk);
      const taps = walk.kh * walk.kw;
      const inW = inType.width;
      if (node.kind === 'max') {
        // a compare tree per channel: a comparator (subtract) and a select per step
        tally.adders += (taps - 1) * C;
        tally.adderBits += (taps - 1) * C * (inW + 1);
        tally.muxBits += (taps - 1) * C * inW;
      } else {
        const sumW = inW + bitsFor(taps);
        tally.adders += (taps - 1) * C;
        tally.adderBits += (taps - 1) * C * sumW;
        const avg = node.average;
        const recipW = avg ? avg.recipType.width : W;
        for (let c = 0; c < u.multipliers; c++) tally.mults.push([sumW, recipW]);
        if (avg && avg.counts.length > 1) tally.muxBits += C * recipW;
        tally.castBits += C * W;
        tally.muxBits += C * poolCastMux(node, inType, taps);
      }
      pipeRegs(C * W);
      break;
    }
    case 'zero_pad':
      window(windowWalk({ inShape: node.padBefore.length === 2 ? [inG.rows, inG.cols, inG.channels] : [inG.cols, inG.channels], kernelSize: node.padBefore.map(() => 1), strides: node.padBefore.map(() => 1), padBefore: node.padBefore, padAfter: node.padAfter }));
      break;
    case 'upsample': {
      const fy = node.factors.length === 2 ? (node.factors[0] ?? 1) : 1;
      const fx = node.factors[node.factors.length - 1] ?? 1;
      const rowBits = inG.cols * inPix;
      tally.regBits += rowBits + inPix + bitsFor(inG.rows) + bitsFor(inG.cols) + bitsFor(fy) + bitsFor(fx) + 1;
      // row[ix*PIX +: PIX] <= x: Yosys shifts the data and the write mask across the row, bitsFor(cols) mux stages each;
      // the held pixel is a cols:1 read mux, then fresh ? x : held
      tally.muxBits += 2 * bitsFor(inG.cols) * rowBits + (inG.cols - 1) * inPix + inPix;
      break;
    }
    case 'add':
      tally.adders += (ins.length - 1) * C;
      tally.adderBits += (ins.length - 1) * C * (W + 1);
      tally.castBits += C * W;
      pipeRegs(C * W);
      break;
    case 'concat':
    case 'channel_shuffle':
      pipeRegs(u.pixelBits);
      break;
    default: {
      // per-pixel layers: the vector cost model on one pixel
      const s = layerShape({ ...node, shape: [C] } as DfNode, opts, { inType, inSize: inG.channels, inDepth: first ? first.outDepth : 0 });
      tally = s.tally;
    }
  }
  tally.regBits += wrapperRegs(u);
  return { tally, extraLuts };
}

export function estimateStreamDesign(df: Dataflow, opts: ResolvedOptions, coeffs: CostCoefficients): DesignEstimate {
  const s = buildStreamDesign(df, opts, `${df.name}_cost`);
  const byName = new Map(s.units.map((u) => [u.node.name, u]));
  const layers: LayerEstimate[] = s.units.map((u) => {
    const ins = u.node.inputs.map((i) => byName.get(i)).filter((x): x is StreamUnit => x !== undefined);
    const { tally, extraLuts } = unitTally(u, ins, opts, coeffs);
    const priced = priceTally(tally, coeffs);
    return { layer: u.node.name, op: u.node.op, kind: 'stream', latency: u.latency, ii: u.steps, multipliers: u.multipliers, resources: { ...priced, luts: priced.luts + extraLuts }, tally };
  });
  let glue: Estimate = NO_ESTIMATE;
  for (const f of s.fifos) {
    const c = fifoCost(f.depth, f.width);
    glue = addEstimates(glue, { ...NO_ESTIMATE, luts: c.luts, ffs: Math.round(c.regBits * coeffs.ffPerRegBit) });
  }
  if (s.output.pixels > 1) glue = addEstimates(glue, { ...NO_ESTIMATE, luts: bitsFor(s.output.pixels), ffs: bitsFor(s.output.pixels) });
  const total = layers.reduce((a, l) => addEstimates(a, l.resources), glue);
  return { layers, glue, total, latency: s.latency, latencyMax: s.latencyMax, ii: s.ii };
}
