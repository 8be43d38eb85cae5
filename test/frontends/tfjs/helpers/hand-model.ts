/** Write a model.json + weights.bin by hand, as converters other than tfjs-layers write them. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HandWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: readonly number[];
}

export function writeHandModel(dir: string, modelTopology: unknown, weights: readonly HandWeight[]): string {
  const data = new Float32Array(weights.flatMap((w) => [...w.values]));
  writeFileSync(join(dir, 'group1-shard1of1.bin'), new Uint8Array(data.buffer));
  const json = {
    format: 'layers-model',
    generatedBy: 'keras v2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology,
    weightsManifest: [
      { paths: ['group1-shard1of1.bin'], weights: weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' })) },
    ],
  };
  const file = join(dir, 'model.json');
  writeFileSync(file, JSON.stringify(json));
  return file;
}
