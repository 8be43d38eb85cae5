/**
 * Streaming (convolution-family) designs: the schedule comes from the
 * backend's own stream builder (src/backends/verilog/stream/stream-top.ts:
 * per-unit latency and cycles per image, FIFO depths from fifo-depth.ts), and
 * the design's latency and II are the backend's figures, which its handshake
 * model counts cycle by cycle (handshake-model.ts; equal to Verilator's).
 * Resources are counted per unit: a conv is the Dense of its window
 * (convAsDense, priced by the same replay as dense layers) plus its fx_window;
 * a global pool is fx_accum plus its datapath; per-pixel layers reuse
 * layerShape on one pixel; pool, add, concat, shuffle, zero_pad and upsample
 * are counted by structure; the library modules' prices (window, FIFO,
 * accumulator) are in stream-library-cost.ts.
 */
import type { FixedType } from '../../fixed/fixed-type.js';
import type { Dataflow, DfNode } from '../../ir/dataflow/types.js';
import type { ResolvedOptions } from '../../backends/verilog/options.js';
import { convAsDense } from '../../backends/verilog/stream/conv-dp.js';
import { buildStreamDesign } from '../../backends/verilog/stream/stream-top.js';
import type { StreamUnit } from '../../backends/verilog/stream/units.js';
import { bitsFor, windowWalk, type WindowWalk } from '../../backends/verilog/stream/window-walk.js';
import type { CostCoefficients } from './coefficients.js';
import { emptyTally, type Tally } from './abstract-sched.js';
import { denseFolded, denseParallel } from './dense-cost.js';
import { layerShape } from './layer-cost.js';
import { addEstimates, NO_ESTIMATE, priceTally, type Estimate } from './price.js';
import { accumCost, fifoCost, windowCost, windowRegisterSavings } from './stream-library-cost.js';
import { saturationMuxBits } from './abstract-ops.js';
import { castParts } from '../../backends/verilog/cast-sig.js';
import { fracBits, maxRaw, minRaw } from '../../fixed/fixed-type.js';
import type { DfPool } from '../../ir/dataflow/conv-types.js';
import type { DesignEstimate, LayerEstimate } from './estimate.js';

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
  return saturationMuxBits(castParts({ min, max, frac }, node.type), node.type.width);
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
