/**
 * Builds ONNX model files for the tests with onnx-buf's message types and
 * protobuf's writer: no downloads, every fixture made by code.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AT,
  AttributeProtoSchema,
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  TensorProto_DataType as DT,
  TensorProtoSchema,
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  ValueInfoProtoSchema,
  type AttributeProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from 'onnx-buf';

export { DT };

/** A tensor; float32 values go to raw_data (little-endian) unless `typed` asks for float_data / int32_data / int64_data. */
export function tensor(name: string, dims: readonly number[], values: readonly number[], dataType: number = DT.FLOAT, typed = false): TensorProto {
  const t = create(TensorProtoSchema, { name, dims: dims.map(BigInt), dataType });
  if (typed) {
    if (dataType === DT.FLOAT) t.floatData = [...values];
    else if (dataType === DT.INT64) t.int64Data = values.map(BigInt);
    else t.int32Data = [...values];
    return t;
  }
  const size = { [DT.FLOAT]: 4, [DT.DOUBLE]: 8, [DT.INT8]: 1, [DT.UINT8]: 1, [DT.BOOL]: 1, [DT.INT16]: 2, [DT.UINT16]: 2, [DT.INT32]: 4, [DT.INT64]: 8 }[dataType];
  if (size === undefined) throw new Error(`tensor(): no raw writer for type ${dataType}`);
  const buf = new ArrayBuffer(values.length * size);
  const v = new DataView(buf);
  values.forEach((x, i) => {
    switch (dataType) {
      case DT.FLOAT: v.setFloat32(4 * i, x, true); break;
      case DT.DOUBLE: v.setFloat64(8 * i, x, true); break;
      case DT.INT8: v.setInt8(i, x); break;
      case DT.UINT8: case DT.BOOL: v.setUint8(i, x); break;
      case DT.INT16: v.setInt16(2 * i, x, true); break;
      case DT.UINT16: v.setUint16(2 * i, x, true); break;
      case DT.INT32: v.setInt32(4 * i, x, true); break;
      case DT.INT64: v.setBigInt64(8 * i, BigInt(x), true); break;
    }
  });
  t.rawData = new Uint8Array(buf);
  return t;
}

export type AttrValue = { f: number } | { i: number } | { ints: number[] } | { floats: number[] } | { s: string } | { t: TensorProto };

export const attr = {
  f: (f: number): AttrValue => ({ f }),
  i: (i: number): AttrValue => ({ i }),
  ints: (ints: number[]): AttrValue => ({ ints }),
  floats: (floats: number[]): AttrValue => ({ floats }),
  s: (s: string): AttrValue => ({ s }),
  t: (t: TensorProto): AttrValue => ({ t }),
};

function attribute(name: string, v: AttrValue): AttributeProto {
  if ('f' in v) return create(AttributeProtoSchema, { name, type: AT.FLOAT, f: v.f });
  if ('i' in v) return create(AttributeProtoSchema, { name, type: AT.INT, i: BigInt(v.i) });
  if ('ints' in v) return create(AttributeProtoSchema, { name, type: AT.INTS, ints: v.ints.map(BigInt) });
  if ('floats' in v) return create(AttributeProtoSchema, { name, type: AT.FLOATS, floats: v.floats });
  if ('s' in v) return create(AttributeProtoSchema, { name, type: AT.STRING, s: new TextEncoder().encode(v.s) });
  return create(AttributeProtoSchema, { name, type: AT.TENSOR, t: v.t });
}

export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attrs: Readonly<Record<string, AttrValue>> = {},
  opts: { name?: string; domain?: string } = {},
): NodeProto {
  return create(NodeProtoSchema, {
    opType,
    input: [...inputs],
    output: [...outputs],
    name: opts.name ?? '',
    domain: opts.domain ?? '',
    attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
  });
}

/** A float tensor value description; string entries are symbolic dimensions (the batch). */
export function valueInfo(name: string, dims: readonly (number | string)[], elemType: number = DT.FLOAT): ValueInfoProto {
  const dim = dims.map((d) =>
    create(TensorShapeProto_DimensionSchema, { value: typeof d === 'string' ? { case: 'dimParam', value: d } : { case: 'dimValue', value: BigInt(d) } }),
  );
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, { value: { case: 'tensorType', value: create(TypeProto_TensorSchema, { elemType, shape: create(TensorShapeProtoSchema, { dim }) }) } }),
  });
}

export interface ModelSpec {
  readonly nodes: readonly NodeProto[];
  readonly inputs: readonly ValueInfoProto[];
  readonly outputs: readonly ValueInfoProto[];
  readonly initializers?: readonly TensorProto[];
  readonly opset?: number;
  readonly irVersion?: number;
  /** extra opset imports, e.g. { 'qonnx.custom_op.general': 1 } */
  readonly domains?: Readonly<Record<string, number>>;
  readonly name?: string;
}

export function model(spec: ModelSpec): Uint8Array {
  const opsetImport = [
    create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(spec.opset ?? 13) }),
    ...Object.entries(spec.domains ?? {}).map(([domain, v]) => create(OperatorSetIdProtoSchema, { domain, version: BigInt(v) })),
  ];
  const graph = create(GraphProtoSchema, {
    name: spec.name ?? 'test_graph',
    node: [...spec.nodes],
    input: [...spec.inputs],
    output: [...spec.outputs],
    initializer: [...(spec.initializers ?? [])],
  });
  return toBinary(ModelProtoSchema, create(ModelProtoSchema, { irVersion: BigInt(spec.irVersion ?? 8), opsetImport, producerName: 'fixflow-tests', graph }));
}

/** Deterministic pseudo-random numbers (a 32-bit LCG), so test models are reproducible. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Values rounded to float32, as stored in a float tensor. */
export function f32(values: readonly number[]): number[] {
  return values.map((v) => Math.fround(v));
}
