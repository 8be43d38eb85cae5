/**
 * Per-pixel datapaths of the multi-input and channel-moving ops. Inputs of a
 * join arrive concatenated on x, input 0 in the low bits, each pixel with its
 * own type: Add is the exact sum of the inputs' elements, one cast; Concat
 * casts each element from its own input's type; ChannelShuffle is wiring.
 */
import type { FixedType } from '../../../fixed/fixed-type.js';
import type { DfAdd, DfChannelShuffle, DfConcat } from '../../../ir/dataflow/conv-types.js';
import { sumLeaves } from '../adder-tree.js';
import { castSig } from '../cast-sig.js';
import type { Sig } from '../signal.js';
import type { EmittedLayer, LayerContext } from '../layers/layer-types.js';
import { PipeLayer } from '../layers/pipe-layer.js';

export interface PixelInput {
  readonly type: FixedType;
  readonly channels: number;
}

function offsets(ins: readonly PixelInput[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const i of ins) {
    out.push(at);
    at += i.channels * i.type.width;
  }
  return out;
}

const totalBits = (ins: readonly PixelInput[]): number => ins.reduce((a, i) => a + i.channels * i.type.width, 0);

export function emitAddDatapath(node: DfAdd, name: string, ctx: LayerContext, ins: readonly PixelInput[], channels: number): EmittedLayer {
  const layer = new PipeLayer({ ...node, name, shape: [channels] }, ctx, totalBits(ins));
  const off = offsets(ins);
  const outs = Array.from({ length: channels }, (_v, c) => {
    const leaves = ins.map((inp, k) => ({ sig: layer.inputAt((off[k] ?? 0) + c * inp.type.width, inp.type), neg: false }));
    return castSig(layer.b, sumLeaves(layer.b, leaves), node.type);
  });
  return layer.finish(outs, [`element-wise sum of ${ins.length} inputs, exact, one cast`]);
}

export function emitConcatDatapath(node: DfConcat, name: string, ctx: LayerContext, ins: readonly PixelInput[]): EmittedLayer {
  const channels = ins.reduce((a, i) => a + i.channels, 0);
  const layer = new PipeLayer({ ...node, name, shape: [channels] }, ctx, totalBits(ins));
  const off = offsets(ins);
  const outs: Sig[] = [];
  ins.forEach((inp, k) => {
    for (let c = 0; c < inp.channels; c++) outs.push(castSig(layer.b, layer.inputAt((off[k] ?? 0) + c * inp.type.width, inp.type), node.type));
  });
  return layer.finish(outs, [`concatenation of ${ins.length} inputs on the channel axis, each element cast from its own type`]);
}

export function emitShuffleDatapath(node: DfChannelShuffle, name: string, ctx: LayerContext): EmittedLayer {
  const layer = new PipeLayer({ ...node, name, shape: [node.perm.length] }, ctx);
  const outs = node.perm.map((p) => castSig(layer.b, layer.input(p), node.type));
  return layer.finish(outs, [`channel shuffle: y[c] = x[perm[c]], perm = [${node.perm.join(' ')}]`]);
}
