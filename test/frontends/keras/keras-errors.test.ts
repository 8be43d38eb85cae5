import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CompileError, formatError } from '../../../src/core/diagnostics.js';
import { importModel } from '../../../src/frontends/detect-format.js';
import { importKerasArchive, importKerasBytes, importKerasH5, importKerasJson } from '../../../src/frontends/keras/import-keras.js';
import { crc32, ZipArchive } from '../../../src/frontends/keras/zip-reader.js';
import { fixture, FIXTURES, fixtureText } from './fixture-paths.js';

async function failure(p: Promise<unknown>): Promise<CompileError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw new Error(`expected a CompileError, got ${String(e)}`);
  }
  throw new Error('expected a CompileError, the import succeeded');
}

const seqJson = fixtureText('keras2_sequential.json');
const noWeights = fixture('keras2_sequential_weights.h5'); // a valid weights file; weightless configs read nothing from it

/** A functional Keras 2 config from [class, config, inbound] triples. */
function functional(layers: [string, Record<string, unknown>, string[]][], outputs = [layers[layers.length - 1]?.[1]['name']]): string {
  return JSON.stringify({
    class_name: 'Model',
    config: {
      name: 'm',
      layers: layers.map(([cls, cfg, inbound]) => ({ class_name: cls, name: cfg['name'], config: cfg, inbound_nodes: inbound.length ? [inbound.map((i) => [i, 0, 0, {}])] : [] })),
      input_layers: [['in', 0, 0]],
      output_layers: outputs.map((o) => [o, 0, 0]),
    },
  });
}
const IN: [string, Record<string, unknown>, string[]] = ['InputLayer', { name: 'in', batch_input_shape: [null, 4] }, []];
const json = (text: string) => importKerasJson(text, noWeights, 'model.json', 'weights.h5');

describe('coded errors of the Keras importer', () => {
  it('weights of the wrong shape: FF004 naming layer and weight', async () => {
    const e = await failure(importKerasJson(seqJson, fixture('keras2_sequential_badshape.h5'), 'seq.json', 'bad.h5'));
    expect(e).toMatchObject({ code: 'FF004', layer: 'h', field: 'kernel', file: 'bad.h5' });
    expect(formatError(e)).toBe(
      "error FF004: kernel has shape [7, 5] in the weights, the layer needs [6, 5] (file bad.h5, layer 'h', field 'kernel')",
    );
  });

  it('a NaN weight: FF005', async () => {
    const e = await failure(importKerasJson(seqJson, fixture('keras2_sequential_nan.h5'), 'seq.json', 'nan.h5'));
    expect(e).toMatchObject({ code: 'FF005', layer: 'o', field: 'kernel' });
    expect(e.message).toContain('kernel[5] is NaN'); // row 1, column 2 of a [5, 3] kernel
  });

  it('a missing weight: FF004 (count) naming the layer', async () => {
    const e = await failure(importKerasJson(seqJson, fixture('keras2_sequential_missing.h5'), 'seq.json', 'missing.h5'));
    expect(e).toMatchObject({ code: 'FF004', layer: 'h' });
  });

  it('wrong magic bytes, truncated files and bad JSON: FF002 with the file name', async () => {
    expect(await failure(importKerasBytes(new TextEncoder().encode('not a model at all'), 'x.h5'))).toMatchObject({ code: 'FF002', file: 'x.h5' });
    const h5 = fixture('keras2_functional.h5');
    for (const n of [8, 100, 3000, h5.length - 500]) {
      const e = await failure(importKerasH5(h5.subarray(0, n), 'cut.h5'));
      expect(e.code, `truncated at ${n}`).toBe('FF002');
      expect(e.file).toBe('cut.h5');
    }
    expect(await failure(json('{"class_name": "Sequential", '))).toMatchObject({ code: 'FF002', file: 'model.json' });
    expect(await failure(json('[1, 2]'))).toMatchObject({ code: 'FF002' });
  });

  it('a weights-only .h5 given as a model says what to do', async () => {
    const e = await failure(importKerasH5(noWeights, 'w.h5'));
    expect(e.code).toBe('FF002');
    expect(e.message).toMatch(/weights only/);
  });

  it('unknown and not-yet-supported layers and activations: FF006 naming layer and class', async () => {
    expect(await failure(json(functional([IN, ['Frobnicate', { name: 'f' }, ['in']]])))).toMatchObject({ code: 'FF006', layer: 'f', field: 'class_name' });
    const conv = await failure(json(functional([IN, ['Conv2D', { name: 'c', filters: 3 }, ['in']]])));
    expect(conv).toMatchObject({ code: 'FF006', layer: 'c' });
    expect(conv.message).toMatch(/Conv2D/);
    expect(await failure(json(functional([IN, ['Activation', { name: 'a', activation: 'elu' }, ['in']]])))).toMatchObject({ code: 'FF006', layer: 'a', field: 'activation' });
    expect(await failure(json(functional([IN, ['Sequential', { name: 'inner', layers: [] }, ['in']]])))).toMatchObject({ code: 'FF006', layer: 'inner' });
  });

  it('cycles and dangling edges: FF020', async () => {
    const cyc = functional([IN, ['Activation', { name: 'a', activation: 'relu' }, ['in', 'b']], ['Activation', { name: 'b', activation: 'relu' }, ['a']]]);
    expect(await failure(json(cyc))).toMatchObject({ code: 'FF020' });
    const dangling = functional([IN, ['Activation', { name: 'a', activation: 'relu' }, ['ghost']]]);
    expect(await failure(json(dangling))).toMatchObject({ code: 'FF020', layer: 'a' });
    const badOut = functional([IN, ['Activation', { name: 'a', activation: 'relu' }, ['in']]], ['nowhere']);
    expect(await failure(json(badOut))).toMatchObject({ code: 'FF020' });
  });

  it('sizes that would need gigabytes: FF018 before anything is allocated', async () => {
    const dense = functional([IN, ['Dense', { name: 'd', units: 2_000_000_000, activation: 'linear' }, ['in']]]);
    expect(await failure(json(dense))).toMatchObject({ code: 'FF018', layer: 'd' });
    const big = functional([['InputLayer', { name: 'in', batch_input_shape: [null, 100000, 100000] }, []]], ['in']);
    expect(await failure(json(big))).toMatchObject({ code: 'FF018', layer: 'in' });
  });

  it('shared layers, dynamic shapes and per-position Dense: FF006', async () => {
    const shared = JSON.parse(functional([IN, ['Activation', { name: 'a', activation: 'relu' }, ['in']]])) as { config: { layers: { inbound_nodes: unknown[] }[] } };
    const a = shared.config.layers[1];
    if (a) a.inbound_nodes = [[['in', 0, 0, {}]], [['in', 0, 0, {}]]];
    expect(await failure(json(JSON.stringify(shared)))).toMatchObject({ code: 'FF006', layer: 'a' });
    const dyn = functional([['InputLayer', { name: 'in', batch_input_shape: [null, null, 3] }, []]], ['in']);
    expect(await failure(json(dyn))).toMatchObject({ code: 'FF006', layer: 'in' });
    const rank2 = functional([['InputLayer', { name: 'in', batch_input_shape: [null, 2, 3] }, []], ['Dense', { name: 'd', units: 2 }, ['in']]]);
    expect(await failure(json(rank2))).toMatchObject({ code: 'FF006', layer: 'd' });
  });

  it('files that cannot be read or named: FF001, FF014', async () => {
    expect(await failure(importModel(`${FIXTURES}does-not-exist.h5`))).toMatchObject({ code: 'FF001' });
    expect(await failure(importModel(`${FIXTURES}keras2_functional.expected.json`, { format: 'keras-json', weights: `${FIXTURES}nope.h5` }))).toMatchObject({ code: 'FF001' });
    const script = fileURLToPath(new URL('../../../scripts/make-fixtures/make_keras_fixtures.py', import.meta.url));
    expect(await failure(importModel(script))).toMatchObject({ code: 'FF014' });
  });
});

describe('the zip reader', () => {
  const archive = fixture('keras3_functional.keras');

  it('reads stored and deflated members, CRC-checked', () => {
    const z = new ZipArchive(archive, 'a.keras');
    expect([...z.entries.keys()]).toEqual(['metadata.json', 'config.json', 'model.weights.h5']);
    expect(z.entries.get('config.json')?.method).toBe(8);
    const config = z.read('config.json');
    expect(config && new TextDecoder().decode(config)).toBe(fixtureText('keras3_functional.json').trimEnd());
    expect(z.read('absent')).toBeUndefined();
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('a damaged member fails its CRC (FF002); a truncated archive has no directory (FF002)', async () => {
    const z = new ZipArchive(archive, 'a.keras');
    const entry = z.entries.get('model.weights.h5');
    if (!entry) throw new Error('no weights member');
    const damaged = Uint8Array.from(archive);
    const at = entry.localOffset + 30 + 'model.weights.h5'.length + 1000;
    damaged[at] = (damaged[at] ?? 0) ^ 0xff;
    expect(await failure(importKerasArchive(damaged, 'd.keras'))).toMatchObject({ code: 'FF002', file: 'd.keras' });
    expect(await failure(importKerasArchive(archive.subarray(0, archive.length - 30), 't.keras'))).toMatchObject({ code: 'FF002' });
  });
});
