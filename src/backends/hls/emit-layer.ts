/** One node → its LayerCode: the only switch over ops in the HLS backend. */
import { assertNever } from '../../core/assert-never.js';
import type { DfNode } from '../../ir/dataflow/types.js';
import { shapeSize } from '../../ir/graph/types.js';
import { emitConv } from './emit-conv.js';
import { emitDense } from './emit-dense.js';
import { emitAdd, emitConcat } from './emit-merge.js';
import { emitChannelShuffle, emitUpsample, emitZeroPad } from './emit-movement.js';
import { emitPool } from './emit-pool.js';
import { emitCast, emitClip, emitLeakyRelu, emitRelu, emitReshape, emitScaleShift } from './emit-elementwise.js';
import { emitSoftmax } from './emit-softmax.js';
import { emitTable } from './emit-table.js';
import { typedef, ucount, type LayerCode, type LayerInput } from './layer-code.js';

export function emitLayer(node: DfNode, inputs: readonly LayerInput[]): LayerCode {
  const input = inputs.length === 1 ? (inputs[0] ?? null) : null;
  switch (node.op) {
    case 'input':
      return { summary: `input of ${shapeSize(node.shape)} elements`, config: [typedef('out_t', node.type), ucount('n', shapeSize(node.shape))], constants: [], body: null };
    case 'dense':
      return emitDense(node, input);
    case 'scale_shift':
      return emitScaleShift(node, input);
    case 'relu':
      return emitRelu(node, input);
    case 'clip':
      return emitClip(node, input);
    case 'leaky_relu':
      return emitLeakyRelu(node, input);
    case 'cast':
      return emitCast(node, input);
    case 'table':
      return emitTable(node, input);
    case 'softmax':
      return emitSoftmax(node, input);
    case 'reshape':
      return emitReshape(node, input);
    case 'conv':
      return emitConv(node, input);
    case 'pool':
      return emitPool(node, input);
    case 'add':
      return emitAdd(node, inputs);
    case 'concat':
      return emitConcat(node, inputs);
    case 'zero_pad':
      return emitZeroPad(node, input);
    case 'upsample':
      return emitUpsample(node, input);
    case 'channel_shuffle':
      return emitChannelShuffle(node, input);
    default:
      return assertNever(node, 'dataflow op');
  }
}
