/**
 * The ONNX versions the importer reads. Operators are interpreted by the
 * version the model's opset import selects (e.g. Gemm's `broadcast`
 * attribute before opset 7, Reshape's `shape` attribute before opset 5,
 * Softmax's coerced 2-D semantics before opset 13).
 */

/** Default-domain (`ai.onnx`) opsets: 1 to 25, the operator set of the ONNX 1.20 schema onnx-buf is compiled from. */
export const ONNX_OPSET_RANGE = { min: 1, max: 25 } as const;

/** IR versions 3 (ONNX 1.0) to 13 (ONNX 1.20). */
export const ONNX_IR_RANGE = { min: 3, max: 13 } as const;

/** Domains whose ops are read as QONNX custom ops (Quant, BipolarQuant, Trunc). */
export const QONNX_DOMAINS: readonly string[] = ['qonnx.custom_op.general', 'finn.custom_op.general', 'onnx.brevitas', 'finn'];

export const DEFAULT_DOMAINS: readonly string[] = ['', 'ai.onnx'];
