/**
 * The third rung of the ladder: the emitted TypeScript model equals the
 * simulator (sim/simulate.ts simulateRaw) exactly, on random designs covering
 * every op of the dataflow IR, every quantization and overflow mode, narrow
 * saturating and wrapping accumulators, pruned weights and wide types, both
 * unrolled and looped, in float64 and BigInt code.
 */
import { describe, expect, it } from 'vitest';
import { emitTsDetailed, type EmitTsOptions } from '../../src/backends/ts/emit-ts.js';
import { loadTsModel } from '../../src/backends/ts/load-ts-model.js';
import type { Dataflow } from '../../src/ir/dataflow/types.js';
import { evalReference } from '../../sim/reference.js';
import { simulateRaw } from '../../sim/simulate.js';
import type { PrecisionConfig } from '../../src/lower/config.js';
import { lowerGraph } from '../../src/lower/lower.js';
import { mlpGraph, type MlpOptions } from './helpers/mlp-graph.js';
import { ALL_OPS, randomDesign, randomRows } from './helpers/random-design.js';
import { Rng } from './helpers/rng.js';

const OPTION_SETS: readonly EmitTsOptions[] = [{}, { unrollLimit: 0, samplesPerBlock: 3 }, { samplesPerBlock: 1, functionBudget: 8 }, { unrollLimit: 0 }];

function show(v: readonly bigint[] | undefined): string {
  return (v ?? []).join(', ');
}

async function checkDesign(df: Dataflow, rows: bigint[][], opts: EmitTsOptions): Promise<{ flavors: Set<string>; strategies: Set<string> }> {
  const em = emitTsDetailed(df, opts);
  const model = await loadTsModel(em.source);
  const want = simulateRaw(df, rows);
  const got = model.inferRows(rows);
  for (let r = 0; r < rows.length; r++) {
    if (show(got[r]) !== show(want[r])) {
      throw new Error(`row ${r} (${show(rows[r])}), options ${JSON.stringify(opts)}:\n  ts  ${show(got[r])}\n  sim ${show(want[r])}\nlayers ${em.layers.map((l) => `${l.name}:${l.op}:${l.strategy}`).join(' ')}`);
    }
  }
  // single-sample entry point
  expect(model.infer(rows[0] ?? [])).toEqual(want[0]);
  return { flavors: new Set(em.layers.map((l) => l.flavor)), strategies: new Set(em.layers.map((l) => `${l.op}:${l.strategy.split('/')[0]}`)) };
}

describe('emitted TypeScript model == simulator', () => {
  it('random designs over every op', async () => {
    const rng = new Rng(2024);
    const flavors = new Set<string>();
    const strategies = new Set<string>();
    for (let d = 0; d < 40; d++) {
      const df = randomDesign(rng, { wide: d % 4 === 3 ? 0.3 : 0.05 });
      const rows = randomRows(rng, df, 24);
      const opts = OPTION_SETS[d % OPTION_SETS.length] ?? {};
      const r = await checkDesign(df, rows, opts);
      r.flavors.forEach((f) => flavors.add(f));
      r.strategies.forEach((s) => strategies.add(s));
    }
    // the random designs reached both flavours and every accumulation strategy
    expect([...flavors].sort()).toEqual(['alias', 'big', 'num']);
    for (const s of ['dense:exact', 'dense:sequential']) expect(strategies).toContain(s);
  });

  it('dense layers with narrow, wrapping or saturating accumulators (every accumulation strategy)', async () => {
    const rng = new Rng(77);
    const strategies = new Set<string>();
    for (let d = 0; d < 64; d++) {
      const df = randomDesign(rng, { ops: ['dense', 'relu'], narrowAcc: 0.6, wide: 0.05, maxSide: d % 3 === 0 ? 40 : 12 });
      const em = emitTsDetailed(df, OPTION_SETS[d % OPTION_SETS.length] ?? {});
      em.layers.filter((l) => l.op === 'dense').forEach((l) => strategies.add(l.strategy));
      await checkDesign(df, randomRows(rng, df, 16), OPTION_SETS[d % OPTION_SETS.length] ?? {});
    }
    for (const s of ['exact/unrolled', 'exact/tiled-loop', 'exact/csr-loop', 'modular/unrolled', 'modular/tiled-loop', 'modular/csr-loop', 'sequential/unrolled', 'sequential/csr-loop/num', 'sequential/csr-loop/big']) {
      expect(strategies).toContain(s);
    }
  });

  it('dense layers wider than 53 bits (BigInt code in every accumulation strategy)', async () => {
    const rng = new Rng(909);
    const modes = new Set<string>();
    for (let d = 0; d < 30; d++) {
      const df = randomDesign(rng, { ops: ['dense', 'cast'], narrowAcc: 0.3, wide: 0.5, chains: 2 });
      const opts = OPTION_SETS[d % OPTION_SETS.length] ?? {};
      emitTsDetailed(df, opts)
        .layers.filter((l) => l.op === 'dense' && l.flavor === 'big')
        .forEach((l) => modes.add(l.strategy.split('/')[0] ?? ''));
      await checkDesign(df, randomRows(rng, df, 12), opts);
    }
    expect([...modes].sort()).toEqual(['exact', 'modular', 'sequential']);
  });

  it('inputs enter by cast to their type, as in the reference (SAT_SYM: the most negative code becomes −max)', async () => {
    const t = { width: 8, int: 4, signed: true, quant: 'TRN', overflow: 'SAT_SYM' } as const;
    const df: Dataflow = {
      version: 1,
      name: 'entry',
      nodes: [
        { op: 'input', name: 'x', source: 'x', inputs: [], shape: [2], type: t },
        { op: 'cast', name: 'y', source: 'y', inputs: ['x'], shape: [2], type: { ...t, width: 12, overflow: 'WRAP' } },
      ],
      outputs: ['y'],
    };
    const model = await loadTsModel(emitTsDetailed(df).source);
    const row = [-128n, 5n];
    const ref = evalReference(df, row).get('y');
    expect(ref).toEqual([-127n * 16n, 5n * 16n]);
    expect(model.infer(row)).toEqual(ref);
  });

  it('lowered MLPs: default precision, hls4ml-style ap_fixed<16,6> everywhere, pruned, tables and softmax', async () => {
    const rng = new Rng(3);
    const cases: { sizes: number[]; opts: MlpOptions; config: PrecisionConfig; emit?: EmitTsOptions }[] = [
      { sizes: [16, 64, 32, 32, 5], opts: { head: 'softmax' }, config: { model: { default: 'ap_fixed<16,6>' } } },
      { sizes: [16, 64, 32, 32, 5], opts: {}, config: { model: { default: 'ap_fixed<16,6>', product: 'ap_fixed<16,6>', accum: 'ap_fixed<16,6>' } } },
      { sizes: [20, 24, 6], opts: { hidden: 'tanh', head: 'sigmoid', pruned: 0.7 }, config: { model: { default: 'ap_fixed<12,4,RND,SAT>' } }, emit: { unrollLimit: 0 } },
      { sizes: [200, 48, 10], opts: { pruned: 0.5 }, config: { model: { default: 'ap_fixed<18,8>', accum: 'ap_fixed<20,10,TRN,SAT>' } } },
      { sizes: [300, 40, 10], opts: { head: 'softmax' }, config: { model: { default: 'ap_fixed<16,6>' } }, emit: { unrollLimit: 1000 } },
    ];
    for (const c of cases) {
      const df = lowerGraph(mlpGraph(c.sizes, { seed: c.sizes[0], ...c.opts }), c.config);
      await checkDesign(df, randomRows(rng, df, 40), c.emit ?? {});
    }
  });

  for (const op of ALL_OPS) {
    it(`op ${op}, chains of that op`, async () => {
      const rng = new Rng(op.length * 7919 + op.charCodeAt(0));
      for (let d = 0; d < 8; d++) {
        const df = randomDesign(rng, { ops: [op], chains: 2, maxChain: 3, wide: d % 4 === 0 ? 0.4 : 0.05 });
        await checkDesign(df, randomRows(rng, df, 20), OPTION_SETS[d % OPTION_SETS.length] ?? {});
      }
    });
  }
});
