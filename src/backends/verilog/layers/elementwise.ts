/**
 * Elementwise layers: ReLU, clip, leaky ReLU, cast, per-channel scale and
 * shift, reshape. Each element is an independent small datapath; the cast
 * order is the one of src/ir/dataflow/types.ts.
 */
import { castRawRef } from '../../../fixed/cast-ref.js';
import { fracBits } from '../../../fixed/fixed-type.js';
import type { DfCast, DfClip, DfLeakyRelu, DfRelu, DfScaleShift } from '../../../ir/dataflow/types.js';
import { sumLeaves } from '../adder-tree.js';
import { castSig } from '../cast-sig.js';
import { constProduct, productKind } from '../const-mult.js';
import { addSig, clipSig, muxSig, reluSig } from '../datapath.js';
import type { ModuleBuilder } from '../module-builder.js';
import type { Sig } from '../signal.js';
import type { EmittedLayer, LayerContext } from './layer-types.js';
import { PipeLayer } from './pipe-layer.js';

export function emitRelu(node: DfRelu, ctx: LayerContext): EmittedLayer {
  const layer = new PipeLayer(node, ctx);
  const outs = Array.from({ length: ctx.inSize }, (_v, i) => castSig(layer.b, reluSig(layer.b, layer.input(i)), node.type));
  return layer.finish(outs);
}

export function emitClip(node: DfClip, ctx: LayerContext): EmittedLayer {
  const layer = new PipeLayer(node, ctx);
  const fb = fracBits(node.boundType);
  const outs = Array.from({ length: ctx.inSize }, (_v, i) => castSig(layer.b, clipSig(layer.b, layer.input(i), node.lo, node.hi, fb), node.type));
  return layer.finish(outs);
}

export function emitCast(node: DfCast, ctx: LayerContext): EmittedLayer {
  const layer = new PipeLayer(node, ctx);
  const outs = Array.from({ length: ctx.inSize }, (_v, i) => castSig(layer.b, layer.input(i), node.type));
  return layer.finish(outs);
}

/** x < 0 ? neg : pos, selected by x's sign at the stage where both are ready. */
function bySign(b: ModuleBuilder, x: Sig, pos: Sig, neg: Sig): Sig {
  if (x.min >= 0n) return pos;
  if (x.max < 0n) return neg;
  const { ops, stage, depth } = b.schedule([x, pos, neg], 1);
  const [xs, p, n] = ops as [Sig, Sig, Sig];
  const msb = xs.width === 1 ? xs.name : `${xs.name}[${xs.width - 1}]`;
  return muxSig(b, msb, p, n, stage, depth);
}

export function emitLeakyRelu(node: DfLeakyRelu, ctx: LayerContext): EmittedLayer {
  const layer = new PipeLayer(node, ctx);
  const b = layer.b;
  const knobs = ctx.opts.knobs(node.name);
  const fa = fracBits(node.alphaType);
  const outs = Array.from({ length: ctx.inSize }, (_v, i) => {
    const x = layer.input(i);
    const pos = castSig(b, x, node.type);
    if (x.min >= 0n) return pos;
    if (productKind(node.alpha, knobs) === 'multiplier') layer.multipliers++;
    const prod = castSig(b, sumLeaves(b, constProduct(b, x, node.alpha, fa, knobs, ctx.opts.mulLevels)), node.productType);
    return bySign(b, x, pos, castSig(b, prod, node.type));
  });
  return layer.finish(outs);
}

export function emitScaleShift(node: DfScaleShift, ctx: LayerContext): EmittedLayer {
  const layer = new PipeLayer(node, ctx);
  const b = layer.b;
  const knobs = ctx.opts.knobs(node.name);
  const fs = fracBits(node.scaleType);
  const fa = fracBits(node.accType);
  const c = node.scale.length;
  const outs = Array.from({ length: ctx.inSize }, (_v, i) => {
    const scale = node.scale[i % c] ?? 0n;
    const shift = node.shift[i % c] ?? 0n;
    if (productKind(scale, knobs) === 'multiplier') layer.multipliers++;
    const prod = castSig(b, sumLeaves(b, constProduct(b, layer.input(i), scale, fs, knobs, ctx.opts.mulLevels)), node.productType);
    const acc0 = b.constant(castRawRef(shift, fracBits(node.shiftType), node.accType), fa);
    const acc = castSig(b, addSig(b, acc0, prod), node.accType);
    return castSig(b, acc, node.type);
  });
  return layer.finish(outs, [`per-channel scale and shift over ${c} channels`]);
}
