/** A small NCHW CNN as an ONNX model (every conv-family op the importer maps), for the import and fuzz tests. */
import { attr, f32, model, node, seeded, tensor, valueInfo, type AttrValue } from './onnx-builder.js';

const r = seeded(21);
export const W1 = f32(Array.from({ length: 4 * 2 * 9 }, () => r() - 0.5));
export const B1 = f32(Array.from({ length: 4 }, () => r() - 0.5));
export const WD = f32(Array.from({ length: 4 * 9 }, () => r() - 0.5));

export function cnn(edit: { c1?: Record<string, AttrValue>; cat?: Record<string, AttrValue>; ap?: Record<string, AttrValue> } = {}): Uint8Array {
  return model({
    nodes: [
      node('Conv', ['x', 'W1', 'B1'], ['c1'], { pads: attr.ints([1, 0, 1, 2]), strides: attr.ints([2, 1]), kernel_shape: attr.ints([3, 3]), ...edit.c1 }, { name: 'c1' }),
      node('Relu', ['c1'], ['r1'], {}, { name: 'r1' }),
      node('Conv', ['r1', 'WD'], ['dw'], { group: attr.i(4), auto_pad: attr.s('SAME_UPPER') }, { name: 'dw' }),
      node('Add', ['r1', 'dw'], ['sum'], {}, { name: 'sum' }),
      node('MaxPool', ['sum'], ['mp'], { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]), ceil_mode: attr.i(1) }, { name: 'mp' }),
      node('AveragePool', ['sum'], ['ap'], { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]), ...edit.ap }, { name: 'ap' }),
      node('Pad', ['ap', 'pads'], ['pd'], { mode: attr.s('constant') }, { name: 'pd' }),
      node('GlobalAveragePool', ['pd'], ['gap'], {}, { name: 'gap' }),
      node('GlobalMaxPool', ['mp'], ['gmp'], {}, { name: 'gmp' }),
      node('Concat', ['gap', 'gmp'], ['cat'], { axis: attr.i(1), ...edit.cat }, { name: 'cat' }),
      node('Flatten', ['cat'], ['y'], {}, { name: 'flat' }),
    ],
    inputs: [valueInfo('x', ['N', 2, 5, 6])],
    outputs: [valueInfo('y', ['N', 8])],
    initializers: [tensor('W1', [4, 2, 3, 3], W1), tensor('B1', [4], B1), tensor('WD', [4, 1, 3, 3], WD), tensor('pads', [8], [0, 0, 0, 1, 0, 0, 1, 0], 7)],
  });
}

