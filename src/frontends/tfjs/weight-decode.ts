/**
 * Decoding one weight from its bytes, as TensorFlow.js does: float32
 * little-endian, or a tfjs-converter quantization (affine uint8/uint16:
 * value = fround(q · scale + min); or IEEE half precision).
 */
import { CompileError } from '../../core/diagnostics.js';
import type { WeightSpec } from './model-json.js';

/** Bytes one element of `spec` occupies in its shard. */
export function bytesPerElement(spec: WeightSpec): number {
  switch (spec.quantization?.dtype) {
    case undefined:
      return 4;
    case 'uint8':
      return 1;
    case 'uint16':
    case 'float16':
      return 2;
  }
}

export function elementCount(spec: WeightSpec): number {
  return spec.shape.reduce((a, b) => a * b, 1);
}

export function byteLength(spec: WeightSpec): number {
  return elementCount(spec) * bytesPerElement(spec);
}

/** The exact value of an IEEE 754 binary16 code. */
export function decodeFloat16(code: number): number {
  const sign = code & 0x8000 ? -1 : 1;
  const exponent = (code >> 10) & 0x1f;
  const mantissa = code & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

/**
 * Check that `spec` can be decoded: only float32 weights exist in the
 * supported layers, and affine quantization needs scale and min. `where`
 * names the manifest entry, e.g. weightsManifest[0].weights[3].
 */
export function checkWeightSpec(spec: WeightSpec, where: string, file: string): void {
  if (spec.dtype !== 'float32') {
    throw new CompileError('FF006', `weight '${spec.name}' has dtype ${spec.dtype}; only float32 weights are supported`, {
      file,
      field: `${where}.dtype`,
    });
  }
  const q = spec.quantization;
  if (q && q.dtype !== 'float16' && (q.scale === undefined || q.min === undefined)) {
    throw new CompileError('FF002', `weight '${spec.name}' is ${q.dtype}-quantized but has no scale and min`, {
      file,
      field: `${where}.quantization`,
    });
  }
}

/** Decode a checked `spec` from exactly byteLength(spec) bytes. */
export function decodeWeight(spec: WeightSpec, bytes: Uint8Array): Float32Array {
  const n = elementCount(spec);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(n);
  const q = spec.quantization;
  if (q === undefined) {
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
  } else if (q.dtype === 'float16') {
    for (let i = 0; i < n; i++) out[i] = decodeFloat16(view.getUint16(2 * i, true));
  } else {
    const scale = q.scale ?? NaN;
    const min = q.min ?? NaN;
    for (let i = 0; i < n; i++) {
      const code = q.dtype === 'uint8' ? view.getUint8(i) : view.getUint16(2 * i, true);
      out[i] = code * scale + min;
    }
  }
  return out;
}
