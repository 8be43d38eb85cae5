/** relu, clip, leaky_relu, cast, scale_shift and reshape: one library function object each. */
import { sameType } from '../../fixed/fixed-type.js';
import type { DfCast, DfClip, DfLeakyRelu, DfRelu, DfReshape, DfScaleShift } from '../../ir/dataflow/types.js';
import { shapeSize } from '../../ir/graph/types.js';
import { cppArrayInit, cppConstant } from './cpp-constant.js';
import { badNode, inTypedef, requireInput, typedef, ucount, type LayerCode, type LayerInput } from './layer-code.js';

function mapLayer(node: DfRelu | DfClip | DfLeakyRelu | DfCast | DfScaleShift | DfReshape, input: LayerInput, summary: string, extra: string[], constants: string[], functor: string): LayerCode {
  const n = shapeSize(node.shape);
  if (n !== input.size) throw badNode(node, 'shape', `output has ${n} elements, input has ${input.size}`);
  return { summary, config: [inTypedef(input), typedef('out_t', node.type), ucount('n', n), ...extra], constants, body: { kind: 'map', functor } };
}

export function emitRelu(node: DfRelu, input: LayerInput | null): LayerCode {
  return mapLayer(node, requireInput(node, input), 'relu', [], [], 'fx_nn::relu_fn<config>()');
}

export function emitCast(node: DfCast, input: LayerInput | null): LayerCode {
  return mapLayer(node, requireInput(node, input), 'cast', [], [], 'fx_nn::cast_fn<config>()');
}

/** Same codes, new shape: emitted as an identity cast, so the type must not change. */
export function emitReshape(node: DfReshape, inputOrNull: LayerInput | null): LayerCode {
  const input = requireInput(node, inputOrNull);
  if (!sameType(node.type, input.type)) throw badNode(node, 'type', 'a reshape must keep the type of its input');
  return mapLayer(node, input, `reshape to [${node.shape.join(', ')}]`, [], [], 'fx_nn::cast_fn<config>()');
}

export function emitClip(node: DfClip, input: LayerInput | null): LayerCode {
  const constants = [
    `static const config::bound_t lo = ${cppConstant(node.lo, node.boundType)};`,
    `static const config::bound_t hi = ${cppConstant(node.hi, node.boundType)};`,
  ];
  return mapLayer(node, requireInput(node, input), 'clip', [typedef('bound_t', node.boundType)], constants, 'fx_nn::clip_fn<config>(lo, hi)');
}

export function emitLeakyRelu(node: DfLeakyRelu, input: LayerInput | null): LayerCode {
  const constants = [`static const config::alpha_t alpha = ${cppConstant(node.alpha, node.alphaType)};`];
  const extra = [typedef('alpha_t', node.alphaType), typedef('product_t', node.productType)];
  return mapLayer(node, requireInput(node, input), 'leaky relu', extra, constants, 'fx_nn::leaky_relu_fn<config>(alpha)');
}

export function emitScaleShift(node: DfScaleShift, input: LayerInput | null): LayerCode {
  const c = node.scale.length;
  if (c < 1 || node.shift.length !== c) throw badNode(node, 'shift', `needs as many shifts as scales (${c}), got ${node.shift.length}`);
  const constants = [
    `static const config::scale_t scale[${c}] = {`,
    ...cppArrayInit(node.scale, node.scaleType),
    '};',
    `static const config::shift_t shift[${c}] = {`,
    ...cppArrayInit(node.shift, node.shiftType),
    '};',
  ];
  const extra = [
    typedef('scale_t', node.scaleType),
    typedef('shift_t', node.shiftType),
    typedef('product_t', node.productType),
    typedef('accum_t', node.accType),
    ucount('n_chan', c),
  ];
  return mapLayer(node, requireInput(node, input), `scale and shift over ${c} channels`, extra, constants, 'fx_nn::scale_shift_fn<config>(scale, shift)');
}
