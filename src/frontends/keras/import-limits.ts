/**
 * Resource limits of the importers (shared by the Keras and ONNX frontends):
 * sizes read from a model file are checked against these before anything is
 * allocated, so a corrupt or hostile file gives FF018 instead of exhausting
 * memory.
 */
import { CompileError, type ErrorLocation } from '../../core/diagnostics.js';

/** Elements of one weight tensor or one activation tensor (2^25 ≈ 33.5M, 268 MB as float64). */
export const MAX_TENSOR_ELEMENTS = 1 << 25;
/** Weight elements of a whole model. */
export const MAX_MODEL_ELEMENTS = 1 << 26;
/** Bytes of one file, or of one member of a zip archive. */
export const MAX_FILE_BYTES = 1 << 30;
/** Layers / nodes of one model. */
export const MAX_NODES = 100_000;

/** Product of dimensions, refusing (FF018) beyond `limit` and (FF002) non-integer or negative dimensions. */
export function checkedSize(dims: readonly number[], what: string, loc: ErrorLocation, limit = MAX_TENSOR_ELEMENTS): number {
  let n = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new CompileError('FF002', `${what} has an invalid dimension ${String(d)} in [${dims.join(', ')}]`, loc);
    }
    n *= d;
    if (n > limit) {
      throw new CompileError('FF018', `${what} of shape [${dims.join(', ')}] exceeds the limit of ${limit} elements`, loc);
    }
  }
  return n;
}

/** Running total of weight elements for one import. */
export class WeightBudget {
  private used = 0;
  constructor(private readonly file: string) {}

  take(n: number, layer: string, field: string): void {
    this.used += n;
    if (this.used > MAX_MODEL_ELEMENTS) {
      throw new CompileError('FF018', `the model's weights exceed the limit of ${MAX_MODEL_ELEMENTS} elements`, { file: this.file, layer, field });
    }
  }
}
