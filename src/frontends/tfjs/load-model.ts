/**
 * The float reference: the model run by TensorFlow.js itself (the ladder's
 * first rung, against which the fixed-point simulator's accuracy is judged).
 */
import { CompileError } from '../../core/diagnostics.js';
import { validatedLoadHandler } from './file-io.js';
import { readTfjsModelFiles } from './import-tfjs.js';
import { tf } from './tfjs-runtime.js';

/** Load a Layers model from disk after the frontend's full validation (same errors as importTfjs). */
export async function loadTfjsModel(modelJsonPath: string): Promise<tf.LayersModel> {
  const files = readTfjsModelFiles(modelJsonPath);
  try {
    return await tf.loadLayersModel(validatedLoadHandler(files), { strict: true });
  } catch (e) {
    throw new CompileError('FF002', `TensorFlow.js cannot load the model: ${(e as Error).message}`, { file: files.file });
  }
}

function perSampleShape(shape: readonly (number | null)[], what: string): number[] {
  const dims = shape.slice(1);
  if (dims.some((d) => d === null || d < 1)) throw new CompileError('FF006', `${what} has a variable dimension: [${shape.join(', ')}]`);
  return dims as number[];
}

/**
 * Run `model` on `inputs`: each row holds the values of all model inputs
 * concatenated in input order (row-major per input); each result row holds
 * all outputs concatenated in output order. Values are float32, as numbers.
 */
export function tfjsPredict(model: tf.LayersModel, inputs: readonly (readonly number[])[], batchSize = 256): number[][] {
  const inShapes = model.inputs.map((t, k) => perSampleShape(t.shape, `model input ${k}`));
  const inSizes = inShapes.map((s) => s.reduce((a, b) => a * b, 1));
  const rowSize = inSizes.reduce((a, b) => a + b, 0);
  inputs.forEach((row, r) => {
    if (row.length !== rowSize) {
      throw new CompileError('FF010', `input row ${r} has ${row.length} values, the model takes ${rowSize}`, { field: `inputs[${r}]` });
    }
  });
  const results: number[][] = [];
  for (let start = 0; start < inputs.length; start += batchSize) {
    const rows = inputs.slice(start, start + batchSize);
    const outs = tf.tidy(() => {
      let at = 0;
      const feeds = inShapes.map((shape, k) => {
        const size = inSizes[k] ?? 0;
        const buf = new Float32Array(rows.length * size);
        rows.forEach((row, r) => buf.set(row.slice(at, at + size), r * size));
        at += size;
        return tf.tensor(buf, [rows.length, ...shape], 'float32');
      });
      const y = model.predict(feeds.length === 1 ? (feeds[0] as tf.Tensor) : feeds);
      return (Array.isArray(y) ? y : [y]).map((t) => t.dataSync() as Float32Array);
    });
    rows.forEach((_, r) => {
      const row: number[] = [];
      for (const o of outs) {
        const size = o.length / rows.length;
        for (let i = r * size; i < (r + 1) * size; i++) row.push(o[i] ?? NaN);
      }
      results.push(row);
    });
  }
  return results;
}
