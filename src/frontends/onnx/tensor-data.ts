/**
 * ONNX TensorProto → dims and float64 values, from raw_data (little-endian)
 * or the typed fields. The element count is checked against the limit before
 * anything is allocated (FF018); short data is FF003.
 */
import { TensorProto_DataType as DT, type TensorProto } from 'onnx-buf';
import { CompileError, type ErrorLocation } from '../../core/diagnostics.js';
import { checkedSize } from '../keras/import-limits.js';

export interface TensorData {
  readonly dims: readonly number[];
  readonly data: Float64Array;
  /** the element type is an integer type */
  readonly integer: boolean;
  /** the ONNX element type (TensorProto.DataType) */
  readonly dataType: number;
}

const BYTES: Partial<Record<number, number>> = {
  [DT.FLOAT]: 4,
  [DT.DOUBLE]: 8,
  [DT.INT8]: 1,
  [DT.UINT8]: 1,
  [DT.INT16]: 2,
  [DT.UINT16]: 2,
  [DT.INT32]: 4,
  [DT.UINT32]: 4,
  [DT.INT64]: 8,
  [DT.UINT64]: 8,
  [DT.BOOL]: 1,
  [DT.FLOAT16]: 2,
};

export function dataTypeName(t: number): string {
  return DT[t] ?? `type ${t}`;
}

/** IEEE half → number. */
function half(bits: number): number {
  const s = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

function readRaw(raw: Uint8Array, type: number, n: number): Float64Array {
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (type) {
      case DT.FLOAT: out[i] = v.getFloat32(4 * i, true); break;
      case DT.DOUBLE: out[i] = v.getFloat64(8 * i, true); break;
      case DT.INT8: out[i] = v.getInt8(i); break;
      case DT.UINT8: case DT.BOOL: out[i] = v.getUint8(i); break;
      case DT.INT16: out[i] = v.getInt16(2 * i, true); break;
      case DT.UINT16: out[i] = v.getUint16(2 * i, true); break;
      case DT.FLOAT16: out[i] = half(v.getUint16(2 * i, true)); break;
      case DT.INT32: out[i] = v.getInt32(4 * i, true); break;
      case DT.UINT32: out[i] = v.getUint32(4 * i, true); break;
      case DT.INT64: out[i] = Number(v.getBigInt64(8 * i, true)); break;
      case DT.UINT64: out[i] = Number(v.getBigUint64(8 * i, true)); break;
      default: throw new Error(`unreachable element type ${type}`);
    }
  }
  return out;
}

/** Values of `t` (an initializer, a Constant's value, an attribute tensor). */
export function tensorData(t: TensorProto, loc: ErrorLocation): TensorData {
  const dims = t.dims.map((d) => {
    if (d < 0n || d > BigInt(Number.MAX_SAFE_INTEGER)) throw new CompileError('FF002', `tensor '${t.name}' has dimension ${d}`, loc);
    return Number(d);
  });
  const n = checkedSize(dims, `tensor '${t.name}'`, loc);
  const size = BYTES[t.dataType];
  if (size === undefined) {
    throw new CompileError('FF006', `tensor '${t.name}' has element type ${dataTypeName(t.dataType)}, which is not supported`, loc);
  }
  if (t.dataLocation === 1 || t.externalData.length > 0) {
    throw new CompileError('FF006', `tensor '${t.name}' keeps its data in an external file, which is not supported (save the model with its weights inside)`, loc);
  }
  const integer = t.dataType !== DT.FLOAT && t.dataType !== DT.DOUBLE && t.dataType !== DT.FLOAT16;
  const short = (have: number): never => {
    throw new CompileError('FF003', `tensor '${t.name}' of shape [${dims.join(', ')}] has ${have} values, needs ${n}`, loc);
  };
  if (t.rawData.length > 0) {
    if (t.rawData.length !== n * size) short(Math.floor(t.rawData.length / size));
    return { dims, data: readRaw(t.rawData, t.dataType, n), integer, dataType: t.dataType };
  }
  let src: ArrayLike<number | bigint>;
  switch (t.dataType) {
    case DT.FLOAT: src = t.floatData; break;
    case DT.DOUBLE: src = t.doubleData; break;
    case DT.INT64: src = t.int64Data; break;
    case DT.UINT32: case DT.UINT64: src = t.uint64Data; break;
    case DT.FLOAT16: src = t.int32Data.map(half); break;
    default: src = t.int32Data;
  }
  if (src.length !== n) short(src.length);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = Number(src[i]);
  return { dims, data, integer, dataType: t.dataType };
}
