/**
 * One dataflow node → one streaming unit: the layer's wrapper module and its
 * datapath module, with what the top and the FIFO schedule need to know:
 * pixel widths, and for every input how many of its pixels the unit has
 * consumed when it emits each output pixel (over one image).
 */
import { CompileError } from '../../../core/diagnostics.js';
import { minRaw, type FixedType } from '../../../fixed/fixed-type.js';
import type { DfNode } from '../../../ir/dataflow/types.js';
import { emitLayer } from '../layers/emit-layer.js';
import { emitDenseFolded } from '../layers/dense-folded.js';
import { emitDenseParallel } from '../layers/dense-parallel.js';
import type { EmittedLayer } from '../layers/layer-types.js';
import type { ResolvedOptions } from '../options.js';
import { literal } from '../signal.js';
import { convAsDense } from './conv-dp.js';
import { pixelGeometry, type PixelGeometry } from './geometry.js';
import { emitAddDatapath, emitConcatDatapath, emitShuffleDatapath } from './merge-dp.js';
import { emitPoolDatapath } from './pool-dp.js';
import { bitsFor, flagBits, windowWalk, type WindowWalk } from './window-walk.js';
import { wrapperText, type AccumInstance, type Core, type WindowInstance } from './wrapper.js';
import type { DfPool } from '../../../ir/dataflow/conv-types.js';

export interface StreamInput {
  readonly name: string;
  readonly type: FixedType;
  readonly geometry: PixelGeometry;
  /** logic levels on the producer's output */
  readonly depth: number;
}

export interface StreamUnit {
  readonly node: DfNode;
  readonly module: string;
  /** module name → text: the wrapper and its datapath */
  readonly texts: ReadonlyMap<string, string>;
  readonly geometry: PixelGeometry;
  readonly pixelBits: number;
  /** per input: input pixels consumed when output pixel j leaves, j over one image */
  readonly need: readonly (readonly number[])[];
  /** cycles from taking a pixel to the output it completes (pipeline registers and window register) */
  readonly latency: number;
  /** cycles per image at full speed */
  readonly steps: number;
  readonly multipliers: number;
  readonly outDepth: number;
  readonly notes: readonly string[];
  /** what the handshake model (handshake-model.ts) needs to replay the unit's control cycle by cycle */
  readonly control: UnitControl;
}

/** The control of a unit: its window walk (if any), then its core. */
export interface UnitControl {
  readonly window: WindowWalk | null;
  /** fx_accum in front of the core: the pixels of an image it reads for one output */
  readonly accum: { readonly pixels: number } | null;
  readonly core:
    | { readonly kind: 'pipe'; readonly depth: number }
    | { readonly kind: 'folded'; readonly r: number }
    | { readonly kind: 'pass' }
    | { readonly kind: 'upsample'; readonly h: number; readonly w: number; readonly fy: number; readonly fx: number };
}

function upsampleParams(pix: number, h: number, w: number, fy: number, fx: number): string {
  return [`.PIX(${pix})`, `.H(${h})`, `.W(${w})`, `.FY(${fy})`, `.FX(${fx})`, `.YW(${bitsFor(h)})`, `.XW(${bitsFor(w)})`, `.RW(${bitsFor(fy)})`, `.CW(${bitsFor(fx)})`].join(', ');
}

/** fx_upsample: the first copy of an input row leaves as the row arrives; the others come from the row buffer. */
function upsampleNeed(h: number, w: number, fy: number, fx: number): number[] {
  const need: number[] = [];
  for (let oy = 0; oy < h * fy; oy++) {
    for (let ox = 0; ox < w * fx; ox++) {
      const iy = Math.floor(oy / fy);
      need.push(oy % fy === 0 ? iy * w + Math.floor(ox / fx) + 1 : (iy + 1) * w);
    }
  }
  return need;
}

const identityNeed = (pixels: number): number[] => Array.from({ length: pixels }, (_v, j) => j + 1);

function windowInstance(walk: WindowWalk, pixBits: number, pad: string): WindowInstance {
  const params = [
    `.PIX(${pixBits})`,
    `.HP(${walk.hp})`,
    `.WP(${walk.wp})`,
    `.KH(${walk.kh})`,
    `.KW(${walk.kw})`,
    `.YW(${bitsFor(walk.hp)})`,
    `.XW(${bitsFor(walk.wp)})`,
    `.ROW_REAL(${flagBits(walk.rowReal)})`,
    `.COL_REAL(${flagBits(walk.colReal)})`,
    `.ROW_EMIT(${flagBits(walk.rowEmit)})`,
    `.COL_EMIT(${flagBits(walk.colEmit)})`,
    `.PAD(${pad})`,
  ];
  return { params: params.join(', '), pixBits, taps: walk.kh * walk.kw };
}

/** A pad pixel of `channels` copies of `code`. */
function padPixel(code: bigint, t: FixedType, channels: number): string {
  const bits = channels * t.width;
  if (code === 0n) return `${bits}'d0`;
  const one = literal(code, t.width);
  return `{${channels}{${one}}}`;
}

/**
 * A global pool (one output pixel from a whole map without padding, at least
 * two pixels) reads its input through fx_accum: the running sum (avg) or
 * maximum per channel, on the input's grid, then the pool datapath on that one
 * value (y = cast(sum · recip) or cast(max)). The sum's type holds P times
 * any input: ceil(log2 P) more integer bits.
 */
/** Bits of fx_accum's running value: a sum of `pixels` values grows by ceil(log2 pixels), a maximum does not. */
export function accumWidth(kind: 'max' | 'avg', inWidth: number, pixels: number): number {
  return inWidth + (kind === 'avg' ? bitsFor(pixels) : 0);
}

function globalAccum(node: DfPool, inp: StreamInput): { params: AccumInstance; type: FixedType; pixels: number } | null {
  const g = inp.geometry;
  const walk = windowWalk(node);
  const noPad = [...node.padBefore, ...node.padAfter].every((p) => p === 0);
  if (pixelGeometry(node.shape).pixels !== 1 || !noPad || walk.hp * walk.wp !== g.pixels || walk.kh * walk.kw !== g.pixels || g.pixels < 2) return null;
  const t = inp.type;
  const grow = accumWidth(node.kind, t.width, g.pixels) - t.width;
  const type: FixedType = { ...t, width: t.width + grow, int: t.int + grow, quant: 'TRN', overflow: 'WRAP' };
  const params = [`.C(${g.channels})`, `.IW(${t.width})`, `.OW(${type.width})`, `.SIGNED_IN(${t.signed ? 1 : 0})`, `.KIND(${node.kind === 'avg' ? 0 : 1})`, `.P(${g.pixels})`, `.PW(${bitsFor(g.pixels)})`].join(', ');
  return { params: { params, outBits: g.channels * type.width }, type, pixels: g.pixels };
}

export function buildUnit(node: DfNode, ins: readonly StreamInput[], opts: ResolvedOptions, dpName: string): StreamUnit {
  const out = pixelGeometry(node.shape);
  const pixelBits = out.channels * node.type.width;
  const first = ins[0];
  const ctxFor = (inp: StreamInput): { opts: ResolvedOptions; inType: FixedType; inSize: number; inDepth: number } => ({ opts, inType: inp.type, inSize: inp.geometry.channels, inDepth: inp.depth });
  const inBits = ins.map((i) => i.geometry.channels * i.type.width);
  let window: WindowInstance | null = null;
  let walk: WindowWalk | null = null;
  let core: Core;
  let upsample: { params: string; need: number[]; h: number; w: number; fy: number; fx: number } | null = null;
  let accum: { params: AccumInstance; type: FixedType; pixels: number } | null = null;
  const notes: string[] = [];

  const windowed = (spec: Parameters<typeof windowWalk>[0], pad: bigint): WindowWalk => {
    const inp = first as StreamInput;
    const w = windowWalk(spec);
    window = windowInstance(w, inBits[0] ?? 1, padPixel(pad, inp.type, inp.geometry.channels));
    notes.push(`line buffer of ${(w.kh - 1) * w.wp + w.kw} pixels over a ${w.hp}x${w.wp} padded image; ${w.kh}x${w.kw} window`);
    return w;
  };

  switch (node.op) {
    case 'conv': {
      const inp = first as StreamInput;
      walk = windowed(node, 0n);
      const dense = convAsDense(node, dpName);
      const ctx = { ...ctxFor(inp), inSize: walk.kh * walk.kw * inp.geometry.channels, inDepth: 0 };
      const dp = node.reuseFactor > 1 ? emitDenseFolded(dense, ctx) : emitDenseParallel(dense, ctx);
      core = { kind: 'datapath', dp, useMask: false };
      notes.push(`convolution, ${node.groups} group(s), ${node.outChannels} output channels in parallel, reuse factor ${node.reuseFactor}`);
      break;
    }
    case 'pool': {
      const inp = first as StreamInput;
      accum = globalAccum(node, inp);
      if (accum) {
        const ctx = { ...ctxFor(inp), inType: accum.type, inDepth: 0 };
        const dp = emitPoolDatapath(node, dpName, ctx, 1, inp.geometry.channels, false);
        core = { kind: 'datapath', dp, useMask: false };
        notes.push(`global ${node.kind} pool over ${accum.pixels} pixels: a running ${node.kind === 'avg' ? 'sum' : 'maximum'} per channel (fx_accum), not a window`);
        break;
      }
      walk = windowed(node, node.kind === 'max' ? minRaw(inp.type) : 0n);
      const varying = node.average !== null && node.average.counts.length > 1;
      const ctx = { ...ctxFor(inp), inDepth: 0 };
      const dp = emitPoolDatapath(node, dpName, ctx, walk.kh * walk.kw, inp.geometry.channels, varying);
      core = { kind: 'datapath', dp, useMask: varying };
      break;
    }
    case 'zero_pad': {
      const inp = first as StreamInput;
      const g = inp.geometry;
      walk = windowed({ inShape: node.padBefore.length === 2 ? [g.rows, g.cols, g.channels] : [g.cols, g.channels], kernelSize: node.padBefore.map(() => 1), strides: node.padBefore.map(() => 1), padBefore: node.padBefore, padAfter: node.padAfter }, 0n);
      core = { kind: 'window-only' };
      break;
    }
    case 'add':
      core = { kind: 'datapath', dp: emitAddDatapath(node, dpName, { ...ctxFor(first as StreamInput), inDepth: 0 }, ins.map((i) => ({ type: i.type, channels: i.geometry.channels })), out.channels), useMask: false };
      break;
    case 'concat':
      core = { kind: 'datapath', dp: emitConcatDatapath(node, dpName, { ...ctxFor(first as StreamInput), inDepth: 0 }, ins.map((i) => ({ type: i.type, channels: i.geometry.channels }))), useMask: false };
      break;
    case 'channel_shuffle':
      core = { kind: 'datapath', dp: emitShuffleDatapath(node, dpName, ctxFor(first as StreamInput)), useMask: false };
      break;
    case 'upsample': {
      const g = (first as StreamInput).geometry;
      const fy = node.factors.length === 2 ? (node.factors[0] ?? 1) : 1;
      const fx = node.factors[node.factors.length - 1] ?? 1;
      upsample = { params: upsampleParams(inBits[0] ?? 1, g.rows, g.cols, fy, fx), need: upsampleNeed(g.rows, g.cols, fy, fx), h: g.rows, w: g.cols, fy, fx };
      core = { kind: 'upsample', params: upsample.params };
      notes.push(`nearest upsampling by ${fy}x${fx}: a row buffer of ${g.cols} pixels`);
      break;
    }
    case 'input': {
      const dp = emitLayer({ ...node, name: dpName, shape: [out.channels] }, { opts, inType: node.type, inSize: out.channels, inDepth: 0 });
      core = { kind: 'datapath', dp, useMask: false };
      break;
    }
    default: {
      // per-pixel layers: the existing emitters on one pixel
      const inp = first as StreamInput;
      if ((node.op === 'dense' || node.op === 'reshape') && inp.geometry.pixels !== 1) {
        throw new CompileError('FF006', `${node.op} of a ${inp.geometry.rows}x${inp.geometry.cols} feature map (a flatten) is not supported by the streaming Verilog backend; pool to one pixel first`, { layer: node.source, field: 'op' });
      }
      if (out.pixels !== inp.geometry.pixels) throw new CompileError('FF006', `${node.op} changes the number of pixels; not supported by the streaming Verilog backend`, { layer: node.source, field: 'shape' });
      const dp = emitLayer({ ...node, name: dpName, shape: [out.channels] } as DfNode, ctxFor(inp));
      core = { kind: 'datapath', dp, useMask: false };
    }
  }

  const dp: EmittedLayer | null = core.kind === 'datapath' ? core.dp : null;
  const inPixels = node.op === 'input' ? out.pixels : (first as StreamInput).geometry.pixels;
  const need = accum ? [[accum.pixels]] : walk ? [walk.need] : upsample ? [upsample.need] : ins.length === 0 ? [identityNeed(out.pixels)] : ins.map(() => identityNeed(out.pixels));
  if (walk && walk.need.length !== out.pixels) throw new Error(`internal: window of ${node.name} emits ${walk.need.length} pixels, shape says ${out.pixels}`);
  const texts = new Map<string, string>();
  const wrapper = wrapperText({ node, module: node.name, notes, inBits: node.op === 'input' ? [pixelBits] : inBits, outBits: pixelBits, window, ...(accum ? { accum: accum.params } : {}), core });
  texts.set(node.name, wrapper);
  if (dp) texts.set(dp.module, dp.text);
  const windowReg = walk || accum ? 1 : 0;
  const control: UnitControl = {
    window: walk,
    accum: accum ? { pixels: accum.pixels } : null,
    core: upsample
      ? { kind: 'upsample', h: upsample.h, w: upsample.w, fy: upsample.fy, fx: upsample.fx }
      : dp === null
        ? { kind: 'pass' }
        : dp.kind === 'stream'
          ? { kind: 'folded', r: dp.ii }
          : { kind: 'pipe', depth: dp.latency },
  };
  return {
    node,
    module: node.name,
    texts,
    geometry: out,
    pixelBits,
    need,
    latency: windowReg + (dp ? dp.latency : 0),
    // a folded datapath holds the walk for ii − 1 extra cycles per window (an upper bound: walks between windows may overlap)
    steps: accum ? accum.pixels : upsample ? out.pixels : walk ? walk.hp * walk.wp + out.pixels * ((dp ? dp.ii : 1) - 1) : Math.max(inPixels, out.pixels) * (dp ? dp.ii : 1),
    multipliers: dp ? dp.multipliers : 0,
    outDepth: dp && dp.kind === 'pipe' ? dp.outDepth : 0,
    notes,
    control,
  };
}
