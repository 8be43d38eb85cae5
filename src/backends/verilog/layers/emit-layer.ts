/** One dataflow node → one emitted module. */
import { assertNever } from '../../../core/assert-never.js';
import type { DfNode } from '../../../ir/dataflow/types.js';
import { emitDenseFolded } from './dense-folded.js';
import { emitDenseParallel } from './dense-parallel.js';
import { emitCast, emitClip, emitLeakyRelu, emitRelu, emitScaleShift } from './elementwise.js';
import type { EmittedLayer, LayerContext } from './layer-types.js';
import { emitInput, emitReshape } from './passthrough.js';
import { emitSoftmax } from './softmax.js';
import { emitTable } from './table.js';
import { CompileError } from '../../../core/diagnostics.js';

export function emitLayer(node: DfNode, ctx: LayerContext): EmittedLayer {
  switch (node.op) {
    case 'input':
      return emitInput(node, ctx);
    case 'dense':
      return node.reuseFactor > 1 ? emitDenseFolded(node, ctx) : emitDenseParallel(node, ctx);
    case 'scale_shift':
      return emitScaleShift(node, ctx);
    case 'relu':
      return emitRelu(node, ctx);
    case 'clip':
      return emitClip(node, ctx);
    case 'leaky_relu':
      return emitLeakyRelu(node, ctx);
    case 'cast':
      return emitCast(node, ctx);
    case 'table':
      return emitTable(node, ctx);
    case 'softmax':
      return emitSoftmax(node, ctx);
    case 'reshape':
      return emitReshape(node, ctx);
    case 'conv':
    case 'pool':
    case 'add':
    case 'concat':
    case 'zero_pad':
    case 'upsample':
    case 'channel_shuffle':
      // convolution-family layers make the design a streaming one (stream/units.ts); never per vector
      throw new CompileError('FF006', `${node.op} is not supported in a vector (non-streaming) design`, { layer: node.source, field: 'op' });
    default:
      return assertNever(node, 'dataflow op');
  }
}
