/**
 * Fuzzing the Keras importer: thousands of mutated files per format, each of
 * which must import or fail with a CompileError: no crash, no hang, no other
 * exception. Deterministic seeds, so a failure names a reproducible case.
 */
import { describe, expect, it } from 'vitest';
import { isCompileError } from '../../../src/core/diagnostics.js';
import { importKerasBytes, importKerasJson } from '../../../src/frontends/keras/import-keras.js';
import type { Graph } from '../../../src/ir/graph/types.js';
import { fixture, fixtureText } from './fixture-paths.js';
import { mutateBytes, mutateJson, rng } from './mutate.js';

const RUNS = 2000;
/** A corrupt file can make the HDF5 library loop; a small budget keeps those cases cheap (valid ones take ~1 ms). */
const FAST = { hdf5BudgetMs: 150 };

interface Tally {
  ok: number;
  errors: Map<string, number>;
}

async function fuzz(label: string, seed: number, attempt: (r: () => number) => Promise<{ run: Promise<Graph>; what: string }>): Promise<Tally> {
  const r = rng(seed);
  const tally: Tally = { ok: 0, errors: new Map() };
  for (let i = 0; i < RUNS; i++) {
    const { run, what } = await attempt(r);
    try {
      const g = await run;
      expect(g.nodes.length).toBeGreaterThan(0);
      tally.ok++;
    } catch (e) {
      if (!isCompileError(e)) throw new Error(`${label} case ${i} (${what}) threw a non-CompileError: ${e instanceof Error ? e.stack : String(e)}`);
      tally.errors.set(e.code, (tally.errors.get(e.code) ?? 0) + 1);
    }
  }
  return tally;
}

describe('Keras importer under mutation', () => {
  it(`full-model .h5: ${RUNS} mutations`, async () => {
    const h5 = fixture('keras2_functional.h5');
    const t = await fuzz('h5', 11, async (r) => {
      const m = mutateBytes(h5, r);
      return { run: importKerasBytes(m.bytes, 'fuzz.h5', FAST), what: m.what };
    });
    expect(t.ok + [...t.errors.values()].reduce((a, b) => a + b, 0)).toBe(RUNS);
    expect(t.errors.get('FF002') ?? 0).toBeGreaterThan(0);
    expect(t.ok).toBeGreaterThan(0);
    // the HDF5 library is still healthy afterwards
    expect((await importKerasBytes(h5, 'again.h5')).name).toBe('func2');
  });

  it(`.keras archive: ${RUNS} mutations`, async () => {
    const zip = fixture('keras3_functional.keras');
    const t = await fuzz('keras', 12, async (r) => {
      const m = mutateBytes(zip, r);
      return { run: importKerasBytes(m.bytes, 'fuzz.keras', FAST), what: m.what };
    });
    expect(t.errors.get('FF002') ?? 0).toBeGreaterThan(0);
    expect(t.ok).toBeGreaterThan(0);
  });

  it(`architecture JSON + weights: ${RUNS} mutations of the JSON fields and of the weights file`, async () => {
    const text = fixtureText('qkeras_sequential.json');
    const weights = fixture('qkeras_sequential_weights.h5');
    const t = await fuzz('json', 13, async (r) => {
      if (r() < 0.6) {
        const m = mutateJson(text, r);
        return { run: importKerasJson(m.text, weights, 'fuzz.json', 'w.h5', FAST), what: m.what };
      }
      const m = mutateBytes(weights, r);
      return { run: importKerasJson(text, m.bytes, 'fuzz.json', 'w.h5', FAST), what: `weights: ${m.what}` };
    });
    expect(t.ok).toBeGreaterThan(0);
    expect(t.errors.size).toBeGreaterThan(2);
  });

  it(`convolution-family JSON + weights (Conv1D causal, padding, pools, upsampling; QConv2D, QDepthwiseConv2D, QSeparableConv2D): ${RUNS} mutations each`, async () => {
    for (const [name, seed] of [['keras2_conv1d', 14], ['qkeras_conv', 15], ['qkeras_separable', 16]] as const) {
      const text = fixtureText(`${name}.json`);
      const weights = fixture(`${name}_weights.h5`);
      const t = await fuzz(name, seed, async (r) => {
        if (r() < 0.8) {
          const m = mutateJson(text, r);
          return { run: importKerasJson(m.text, weights, 'fuzz.json', 'w.h5', FAST), what: m.what };
        }
        const m = mutateBytes(weights, r);
        return { run: importKerasJson(text, m.bytes, 'fuzz.json', 'w.h5', FAST), what: `weights: ${m.what}` };
      });
      expect(t.ok).toBeGreaterThan(0);
      expect(t.errors.size).toBeGreaterThan(2);
    }
  });
});
