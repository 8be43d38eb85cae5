import { create, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, StringStringEntryProtoSchema, TensorProtoSchema } from 'onnx-buf';
import { describe, expect, it } from 'vitest';
import { CompileError, formatError } from '../../../src/core/diagnostics.js';
import { importOnnxBytes } from '../../../src/frontends/onnx/import-onnx.js';
import { ONNX_OPSET_RANGE } from '../../../src/frontends/onnx/onnx-versions.js';
import { attr, DT, model, node, tensor, valueInfo } from './onnx-builder.js';

function failure(f: () => unknown): CompileError {
  try {
    f();
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw new Error(`expected a CompileError, got ${String(e)}`);
  }
  throw new Error('expected a CompileError, the import succeeded');
}

const io = { inputs: [valueInfo('x', ['N', 4])], outputs: [valueInfo('y', ['N', 4])] };
const imp = (bytes: Uint8Array) => () => importOnnxBytes(bytes, 'bad.onnx');

describe('coded errors of the ONNX importer', () => {
  it('unknown ops and ops not in the graph IR yet: FF006 naming node and op', () => {
    const e = failure(imp(model({ ...io, nodes: [node('Frobnicate', ['x'], ['y'], {}, { name: 'weird' })] })));
    expect(e).toMatchObject({ code: 'FF006', layer: 'weird', field: 'op_type', file: 'bad.onnx' });
    expect(formatError(e)).toBe("error FF006: unsupported ONNX op 'Frobnicate' (node 'weird') (file bad.onnx, layer 'weird', field 'op_type')");
    const conv = failure(imp(model({ ...io, nodes: [node('Conv', ['x', 'w'], ['y'], {}, { name: 'conv1' })], initializers: [tensor('w', [4, 4, 1, 1], new Array(16).fill(0))] })));
    expect(conv).toMatchObject({ code: 'FF006', layer: 'conv1' });
    expect(conv.message).toMatch(/Conv/);
    expect(failure(imp(model({ ...io, nodes: [node('Relu', ['x'], ['y'], {}, { domain: 'com.example' })] })))).toMatchObject({ code: 'FF006', layer: 'y' });
  });

  it('an attribute the importer does not understand: FF006 naming it', () => {
    const e = failure(imp(model({ ...io, nodes: [node('Relu', ['x'], ['y'], { mystery: attr.i(3) }, { name: 'r' })] })));
    expect(e).toMatchObject({ code: 'FF006', layer: 'r', field: 'mystery' });
    const t = failure(imp(model({ ...io, nodes: [node('LeakyRelu', ['x'], ['y'], { alpha: attr.i(3) }, { name: 'l' })] })));
    expect(t).toMatchObject({ code: 'FF002', field: 'alpha' });
  });

  it('cycles and dangling inputs: FF020', () => {
    const cyc = model({ ...io, nodes: [node('Relu', ['x', 'b'], ['a'], {}, { name: 'n1' }), node('Relu', ['a'], ['b'], {}, { name: 'n2' }), node('Relu', ['b'], ['y'])] });
    expect(failure(imp(cyc))).toMatchObject({ code: 'FF020' });
    expect(failure(imp(model({ ...io, nodes: [node('Add', ['x', 'ghost'], ['y'], {}, { name: 'add' })] })))).toMatchObject({ code: 'FF020', layer: 'add', field: 'input[1]' });
    expect(failure(imp(model({ ...io, nodes: [node('Relu', ['x'], ['z'])] })))).toMatchObject({ code: 'FF020', layer: 'y' });
  });

  it('not an ONNX file, or a truncated one: FF002', () => {
    expect(failure(() => importOnnxBytes(new TextEncoder().encode('hello, this is text'), 't.onnx'))).toMatchObject({ code: 'FF002', file: 't.onnx' });
    const good = model({ ...io, nodes: [node('Relu', ['x'], ['y'])] });
    for (const n of [1, 5, 20, good.length - 3]) expect(failure(() => importOnnxBytes(good.subarray(0, n), 'cut.onnx')).code, `cut at ${n}`).toBe('FF002');
    expect(failure(() => importOnnxBytes(new Uint8Array(0), 'empty.onnx'))).toMatchObject({ code: 'FF002' });
  });

  it('dimensions that would need gigabytes: FF018 before allocating', () => {
    const huge = create(TensorProtoSchema, { name: 'W', dims: [100000n, 100000n], dataType: DT.FLOAT });
    expect(failure(imp(model({ ...io, nodes: [node('MatMul', ['x', 'W'], ['y'])], initializers: [huge] })))).toMatchObject({ code: 'FF018', layer: 'W' });
    expect(failure(imp(model({ inputs: [valueInfo('x', ['N', 2 ** 31])], outputs: [valueInfo('x', ['N', 1])], nodes: [] })))).toMatchObject({ code: 'FF018' });
  });

  it('short tensor data: FF003; external data, opsets out of range, dynamic or non-float inputs: FF006', () => {
    const short = tensor('W', [4, 4], [1, 2, 3]);
    expect(failure(imp(model({ ...io, nodes: [node('MatMul', ['x', 'W'], ['y'])], initializers: [short] })))).toMatchObject({ code: 'FF003', layer: 'W' });
    const ext = create(TensorProtoSchema, { name: 'W', dims: [4n, 4n], dataType: DT.FLOAT, dataLocation: 1, externalData: [create(StringStringEntryProtoSchema, { key: 'location', value: 'w.bin' })] });
    expect(failure(imp(model({ ...io, nodes: [node('MatMul', ['x', 'W'], ['y'])], initializers: [ext] })))).toMatchObject({ code: 'FF006', layer: 'W' });
    expect(failure(imp(model({ ...io, nodes: [node('Relu', ['x'], ['y'])], opset: ONNX_OPSET_RANGE.max + 1 })))).toMatchObject({ code: 'FF006', field: 'opset_import' });
    expect(failure(imp(model({ inputs: [valueInfo('x', ['N', 'F'])], outputs: [valueInfo('y', ['N', 4])], nodes: [node('Relu', ['x'], ['y'])] })))).toMatchObject({ code: 'FF006', layer: 'x' });
    expect(failure(imp(model({ inputs: [valueInfo('x', ['N', 4], DT.INT32)], outputs: [valueInfo('y', ['N', 4])], nodes: [node('Relu', ['x'], ['y'])] })))).toMatchObject({ code: 'FF006' });
    const noGraph = toBinary(ModelProtoSchema, create(ModelProtoSchema, { irVersion: 8n }));
    expect(failure(() => importOnnxBytes(noGraph, 'ng.onnx'))).toMatchObject({ code: 'FF002' });
  });

  it('what the graph IR cannot hold: FF006 with the reason', () => {
    const twoTensors = model({ ...io, nodes: [node('Relu', ['x'], ['a']), node('Sub', ['x', 'a'], ['y'], {}, { name: 'res' })] });
    expect(failure(imp(twoTensors))).toMatchObject({ code: 'FF006', layer: 'res' });
    expect(failure(imp(twoTensors)).message).toMatch(/element-wise/);
    const flatNchw = model({ inputs: [valueInfo('x', ['N', 3, 2, 2])], outputs: [valueInfo('y', ['N', 12])], nodes: [node('Flatten', ['x'], ['y'], {}, { name: 'flat' })] });
    expect(failure(imp(flatNchw))).toMatchObject({ code: 'FF006', layer: 'flat' });
    const batchMove = model({ inputs: [valueInfo('x', ['N', 4])], outputs: [valueInfo('y', [4, 'N'])], nodes: [node('Transpose', ['x'], ['y'], { perm: attr.ints([1, 0]) }, { name: 't' })] });
    expect(failure(imp(batchMove))).toMatchObject({ code: 'FF006', layer: 't' });
    const training = model({ ...io, nodes: [node('Dropout', ['x', 'r', 'on'], ['y'], {}, { name: 'd' })], initializers: [tensor('r', [], [0.5]), tensor('on', [], [1], DT.BOOL)] });
    expect(failure(imp(training))).toMatchObject({ code: 'FF006', layer: 'd' });
  });
});
