/** Data movement: zero padding, nearest upsampling, channel shuffle (codes unchanged, the input's type). */
import { sameType } from '../../fixed/fixed-type.js';
import { shapeSize } from '../../ir/graph/types.js';
import type { DfChannelShuffle, DfUpsample, DfZeroPad } from '../../ir/dataflow/conv-types.js';
import { badNode, inTypedef, requireInput, typedef, ucount, type LayerCode, type LayerInput } from './layer-code.js';
import { hwc, rowsCols } from '../../ir/graph/conv-geometry.js';

function moveLayer(node: DfZeroPad | DfUpsample | DfChannelShuffle, input: LayerInput, summary: string, extra: string[], constants: string[], fn: string, args = ''): LayerCode {
  if (!sameType(node.type, input.type)) throw badNode(node, 'type', `${node.op} moves codes: its type must be its input's`);
  const nOut = shapeSize(node.shape);
  return {
    summary,
    config: [inTypedef(input), typedef('out_t', node.type), ...extra],
    constants,
    body: {
      kind: 'functions',
      helpers: [],
      parallel: [`inline void compute(const config::in_t x[${input.size}], config::out_t y[${nOut}]) {`, '  FX_PRAGMA(HLS INLINE)', `  fx_nn::${fn}_parallel<config>(x, y${args});`, '}'],
      stream: ['inline void compute_stream(hls::stream<config::in_t>& xs, hls::stream<config::out_t>& ys) {', `  fx_nn::${fn}_stream<config>(xs, ys${args});`, '}'],
    },
  };
}

export function emitZeroPad(node: DfZeroPad, inputOrNull: LayerInput | null): LayerCode {
  const input = requireInput(node, inputOrNull);
  const [h, w, c] = hwc(input.shape);
  const [pt, pl] = rowsCols(node.padBefore, 0);
  const [pb, pr] = rowsCols(node.padAfter, 0);
  const [oh, ow] = [h + pt + pb, w + pl + pr];
  if (shapeSize(node.shape) !== oh * ow * c) throw badNode(node, 'shape', `shape [${node.shape.join(', ')}] is not ${oh}·${ow}·${c}`);
  const extra = [ucount('in_h', h), ucount('in_w', w), ucount('n_chan', c), ucount('pad_t', pt), ucount('pad_l', pl), ucount('out_h', oh), ucount('out_w', ow)];
  return moveLayer(node, input, `zero padding [${h}, ${w}, ${c}] -> [${oh}, ${ow}, ${c}]`, extra, [], 'zero_pad');
}

export function emitUpsample(node: DfUpsample, inputOrNull: LayerInput | null): LayerCode {
  const input = requireInput(node, inputOrNull);
  const [h, w, c] = hwc(input.shape);
  const [fh, fw] = rowsCols(node.factors, 1);
  if (shapeSize(node.shape) !== h * fh * w * fw * c) throw badNode(node, 'shape', `shape [${node.shape.join(', ')}] is not ${h * fh}·${w * fw}·${c}`);
  const extra = [ucount('in_h', h), ucount('in_w', w), ucount('n_chan', c), ucount('f_h', fh), ucount('f_w', fw)];
  return moveLayer(node, input, `nearest upsampling by ${fh}x${fw}, [${h}, ${w}, ${c}] -> [${h * fh}, ${w * fw}, ${c}]`, extra, [], 'upsample');
}

export function emitChannelShuffle(node: DfChannelShuffle, inputOrNull: LayerInput | null): LayerCode {
  const input = requireInput(node, inputOrNull);
  const c = node.perm.length;
  const seen = new Set(node.perm);
  if (c < 1 || seen.size !== c || node.perm.some((p) => !Number.isInteger(p) || p < 0 || p >= c)) throw badNode(node, 'perm', `perm is not a permutation of 0..${c - 1}`);
  if (input.size % c !== 0 || (input.shape[input.shape.length - 1] ?? 0) !== c) throw badNode(node, 'perm', `perm has ${c} entries, the input ${input.shape[input.shape.length - 1] ?? 0} channels`);
  const constants = [`static const unsigned perm[${c}] = {${node.perm.join(', ')}};`];
  return moveLayer(node, input, `channel shuffle of ${c} channels`, [ucount('n_pix', input.size / c), ucount('n_chan', c)], constants, 'shuffle', ', perm');
}
