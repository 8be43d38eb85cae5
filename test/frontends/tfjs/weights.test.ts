import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../examples/prng.js';
import { importTfjs, tf } from '../../../src/frontends/tfjs/index.js';
import type { WeightSpec } from '../../../src/frontends/tfjs/model-json.js';
import { byteLength, decodeFloat16, decodeWeight } from '../../../src/frontends/tfjs/weight-decode.js';
import { writeHandModel } from './helpers/hand-model.js';
import { editModelJson } from './helpers/models.js';
import { useTmpDir } from './helpers/tmp-dir.js';

const tmp = useTmpDir();

function randomBytes(seed: number, n: number): Uint8Array {
  const rand = seededRandom(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
}

/** What TensorFlow.js itself decodes from these bytes. */
function tfjsDecode(spec: WeightSpec, bytes: Uint8Array): Float32Array {
  const buffer = bytes.slice().buffer;
  const t = tf.io.decodeWeights(buffer, [{ ...spec, shape: [...spec.shape] }])[spec.name];
  if (!t) throw new Error('tfjs decoded nothing');
  return t.dataSync() as Float32Array;
}

describe('weight decoding equals tfjs decoding, value for value', () => {
  const cases: WeightSpec[] = [
    { name: 'w/f32', shape: [7, 3], dtype: 'float32' },
    { name: 'w/u8', shape: [40], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.0123, min: -1.5 } },
    { name: 'w/u16', shape: [5, 8], dtype: 'float32', quantization: { dtype: 'uint16', scale: 3.1e-5, min: -0.75 } },
    { name: 'w/f16', shape: [64], dtype: 'float32', quantization: { dtype: 'float16' } },
  ];
  for (const spec of cases) {
    it(spec.name, () => {
      const bytes = randomBytes(byteLength(spec), byteLength(spec));
      if (spec.quantization === undefined) {
        // keep float32 cases finite: clear the top exponent bit of each value
        for (let i = 3; i < bytes.length; i += 4) bytes[i] = (bytes[i] ?? 0) & 0xbf;
      }
      const ours = decodeWeight(spec, bytes);
      expect(ours.length).toBe(spec.shape.reduce((a, b) => a * b, 1));
      expect(Array.from(ours)).toEqual(Array.from(tfjsDecode(spec, bytes)));
    });
  }

  it('float16 special values', () => {
    expect([0x0000, 0x8000, 0x3c00, 0xc000, 0x0001, 0x03ff, 0x7bff, 0x7c00, 0xfc00].map(decodeFloat16)).toEqual([
      0,
      -0,
      1,
      -2,
      2 ** -24,
      1023 * 2 ** -24,
      65504,
      Infinity,
      -Infinity,
    ]);
    expect(decodeFloat16(0x7e00)).toBeNaN();
  });
});

describe('quantized manifests', () => {
  it('imports uint8-quantized weights dequantized as tfjs does', async () => {
    const dir = tmp();
    const file = writeHandModel(
      dir,
      {
        class_name: 'Sequential',
        config: { name: 'q', layers: [{ class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 2] } }] },
      },
      [],
    );
    const codes = Uint8Array.from([0, 1, 2, 255, 10, 20]);
    writeFileSync(join(dir, 'group1-shard1of1.bin'), codes);
    editModelJson(file, (j) => {
      j.weightsManifest = [
        {
          paths: ['group1-shard1of1.bin'],
          weights: [
            { name: 'd/kernel', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
            { name: 'd/bias', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.25, min: 0 } },
          ],
        },
      ];
    });
    const g = await importTfjs(file);
    expect(g.nodes[1]).toMatchObject({ kernel: [-1, -0.5, 0, 126.5], bias: [2.5, 5] });
  });

  it('refuses affine quantization without scale and min (FF002)', async () => {
    const dir = tmp();
    const file = writeHandModel(
      dir,
      {
        class_name: 'Sequential',
        config: { name: 'q', layers: [{ class_name: 'Dense', config: { name: 'd', units: 1, use_bias: false, batch_input_shape: [null, 1] } }] },
      },
      [{ name: 'd/kernel', shape: [1, 1], values: [0] }],
    );
    editModelJson(file, (j) => {
      const w = j.weightsManifest[0]?.weights[0];
      if (w) w['quantization'] = { dtype: 'uint16' };
    });
    await expect(importTfjs(file)).rejects.toMatchObject({ code: 'FF002', field: 'weightsManifest[0].weights[0].quantization' });
  });
});
