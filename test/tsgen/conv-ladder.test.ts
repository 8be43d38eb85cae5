/**
 * The third rung for the convolution family: the emitted TypeScript model
 * equals the simulator (equal integers) on every vector, for the issue's
 * example blocks (test/conv/blocks.ts: every conv-family op) under default,
 * narrow rounding/saturating and over-wide (BigInt) types, with several
 * block sizes; and the emitted modules pass `tsc --strict --noEmit`.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emitTs, emitTsDetailed, type EmitTsOptions } from '../../src/backends/ts/emit-ts.js';
import { loadTsModel } from '../../src/backends/ts/load-ts-model.js';
import { maxRaw, minRaw } from '../../src/fixed/fixed-type.js';
import type { Dataflow } from '../../src/ir/dataflow/types.js';
import { shapeSize, type Graph } from '../../src/ir/graph/types.js';
import type { PrecisionConfig } from '../../src/lower/config.js';
import { FASHION_MNIST_DIR, readFashionMnist } from '../../src/datasets/fashion-mnist.js';
import { importTfjs } from '../../src/frontends/tfjs/index.js';
import { loadConfig } from '../../src/lower/config.js';
import { compileGraph } from '../../src/pipeline.js';
import { quantizeInputs, quantizeInputsFlat, simulateRaw } from '../../sim/simulate.js';
import { ALL_BLOCKS } from '../conv/blocks.js';
import { randomInputs } from '../helpers/models.js';
import { strictDiagnostics } from './helpers/strict-check.js';

const CONFIGS: readonly (readonly [string, PrecisionConfig])[] = [
  ['default types', {}],
  [
    'narrow rounding, saturating accumulators',
    { model: { weight: 'ap_fixed<6,2,RND>', bias: 'ap_fixed<8,3,RND>', result: 'ap_fixed<8,3,RND,SAT>', accum: 'ap_fixed<12,4,RND_CONV,SAT_SYM>', product: 'ap_fixed<10,3,RND_ZERO,SAT>' } },
  ],
  ['over-wide (BigInt) types', { model: { default: 'ap_fixed<60,24,RND,SAT>' } }],
];

const OPTIONS: readonly EmitTsOptions[] = [{}, { samplesPerBlock: 3 }];

function vectors(df: Dataflow, graph: Graph, seed: number): bigint[][] {
  const width = graph.nodes.filter((n) => n.op === 'input').reduce((a, n) => a + shapeSize(n.shape), 0);
  const rows = quantizeInputs(df, randomInputs(20, width, seed, 3));
  const t = df.nodes[0]?.type;
  if (t) {
    rows.push(new Array<bigint>(width).fill(maxRaw(t)));
    rows.push(new Array<bigint>(width).fill(minRaw(t)));
    rows.push(Array.from({ length: width }, (_v, i) => (i % 3 ? maxRaw(t) : minRaw(t))));
  }
  return rows;
}

const show = (v: readonly bigint[] | undefined): string => (v ?? []).join(', ');

const dir = mkdtempSync(join(tmpdir(), 'fixflow-tsgen-conv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('emitted TypeScript model == simulator: convolution family', () => {
  const covered = new Set<string>();
  const strategies = new Set<string>();
  describe.each(ALL_BLOCKS)('%s', (_name, build) => {
    it.each(CONFIGS)('%s', async (_c, config) => {
      const graph = build() as Graph;
      const df = compileGraph(graph, { config });
      const rows = vectors(df, graph, 5);
      const want = simulateRaw(df, rows);
      expect(want.flat().some((v) => v !== 0n)).toBe(true);
      for (const opts of OPTIONS) {
        const em = emitTsDetailed(df, opts);
        em.layers.forEach((l) => {
          covered.add(`${l.op}/${l.flavor}`);
          strategies.add(l.strategy.split('/').slice(0, 2).join('/'));
        });
        const got = (await loadTsModel(em.source)).inferRows(rows);
        rows.forEach((row, r) => {
          if (show(got[r]) !== show(want[r])) throw new Error(`row ${r} (${show(row)}), ${JSON.stringify(opts)}:\n  ts  ${show(got[r])}\n  sim ${show(want[r])}`);
        });
      }
    });
  });

  it('covered every conv-family op, in float64 and in BigInt code, and both conv accumulation strategies', () => {
    expect(strategies).toContain('conv/exact-loop');
    expect(strategies).toContain('conv/sequential-loop');
    for (const op of ['conv', 'pool', 'add', 'concat', 'zero_pad', 'upsample', 'channel_shuffle']) {
      expect([...covered].some((c) => c.startsWith(`${op}/`))).toBe(true);
    }
    for (const op of ['conv', 'pool', 'add', 'concat']) {
      expect(covered).toContain(`${op}/num`);
      expect(covered).toContain(`${op}/big`);
    }
  });

  it('the emitted modules type-check with tsc --strict --noEmit', () => {
    const files = ALL_BLOCKS.flatMap(([, build], k) =>
      CONFIGS.filter((_c, i) => i !== 1).map(([, config], j) => {
        const file = join(dir, `block${k}_${j}.ts`);
        writeFileSync(file, emitTs(compileGraph(build() as Graph, { config }), j === 0 ? {} : { samplesPerBlock: 3 }));
        return file;
      }),
    );
    expect(strictDiagnostics(files)).toEqual([]);
  });

  it.skipIf(!existsSync(FASHION_MNIST_DIR) && !process.env.CI)('the bundled Fashion-MNIST CNN (examples/cnn), config.yaml and 8-bit results: equal codes on 40 test images', async () => {
    const graph = await importTfjs('examples/cnn/model/model.json');
    const test = readFashionMnist('test', { limit: 40 });
    const base = loadConfig('examples/cnn/config.yaml');
    for (const config of [base, { ...base, model: { ...base.model, result: 'ap_fixed<8,4,RND,SAT>' } }]) {
      const df = compileGraph(graph, { config });
      const raw = quantizeInputsFlat(df, test.images, test.count);
      const rows = Array.from({ length: test.count }, (_, r) => Array.from(raw.subarray(r * 784, (r + 1) * 784), (v) => BigInt(v)));
      const want = simulateRaw(df, rows);
      const got = (await loadTsModel(emitTs(df))).inferRows(rows);
      expect(got.map(show)).toEqual(want.map(show));
    }
  });
});
