/** One node → its LayerCode: the only switch over ops in the HLS backend. */
import { assertNever } from '../../core/assert-never.js';
import type { DfNode } from '../../ir/dataflow/types.js';
import { shapeSize } from '../../ir/graph/types.js';
import { emitDense } from './emit-dense.js';
import { emitCast, emitClip, emitLeakyRelu, emitRelu, emitReshape, emitScaleShift } from './emit-elementwise.js';
import { emitSoftmax } from './emit-softmax.js';
import { emitTable } from './emit-table.js';
import { typedef, ucount, type LayerCode, type LayerInput } from './layer-code.js';
import { CompileError } from '../../core/diagnostics.js';

export function emitLayer(node: DfNode, input: LayerInput | null): LayerCode {
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
    case 'pool':
    case 'add':
    case 'concat':
    case 'zero_pad':
    case 'upsample':
    case 'channel_shuffle':
      throw new CompileError('FF006', `${node.op} is not supported by the HLS backend yet`, { layer: node.source, field: 'op' });
    default:
      return assertNever(node, 'dataflow op');
  }
}
