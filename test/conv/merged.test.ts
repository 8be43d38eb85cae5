/**
 * After the merge: the blocks through the real pipeline
 * (compileGraph), simulator (simulateRaw, createSimulator with profiling),
 * float reference (evaluateGraph), JSON and printers, each equal to the
 * pre-merge harness of test/conv/harness.ts.
 */
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../src/pipeline.js';
import type { Graph } from '../../src/ir/graph/types.js';
import { graphFromJson, graphToJson } from '../../src/ir/graph/json.js';
import { dataflowFromJson, dataflowToJson } from '../../src/ir/dataflow/json.js';
import { printDataflow } from '../../src/ir/dataflow/print.js';
import { printGraph } from '../../src/ir/graph/print.js';
import { evaluateGraph } from '../../sim/float-reference.js';
import { createSimulator, quantizeInputs, simulateRaw } from '../../sim/simulate.js';
import { evalReference } from '../../sim/reference.js';
import { randomInputs } from '../helpers/models.js';
import { ALL_BLOCKS } from './blocks.js';
import { evaluateMixed, lowerMixed, simulateReference } from './harness.js';

describe.each(ALL_BLOCKS)('merged: %s', (_n, build) => {
  it('pipeline, simulator, float reference, JSON, printers', () => {
    const g = build() as unknown as Graph;
    const cfg = { model: { default: 'ap_fixed<18,7,RND>' } };
    const df = compileGraph(g, { config: cfg });
    const mine = lowerMixed(build(), cfg);
    expect(dataflowToJson(df)).toBe(dataflowToJson(mine as never));
    expect(dataflowToJson(dataflowFromJson(dataflowToJson(df)))).toBe(dataflowToJson(df));
    expect(graphToJson(graphFromJson(graphToJson(g)))).toBe(graphToJson(g));
    expect(printDataflow(df)).toContain(' = ');
    expect(printGraph(g)).toContain(' = ');
    const width = g.nodes.filter((n) => n.op === 'input').reduce((a, n) => a + n.shape.reduce((p, q) => p * q, 1), 0);
    const inputs = randomInputs(20, width, 3, 2);
    const raw = quantizeInputs(df, inputs);
    const out = simulateRaw(df, raw);
    expect(out).toEqual(simulateReference(mine, raw));
    expect(out).toEqual(raw.map((r) => df.outputs.flatMap((o) => evalReference(df, r).get(o) ?? [])));
    expect(createSimulator(df).referenceLayers).toEqual([]);
    const sim = createSimulator(df, { profile: true });
    sim.runBatch(Float64Array.from(raw.flat(), Number), raw.length);
    expect(sim.profile().length).toBeGreaterThan(0);
    expect(evaluateGraph(g, inputs)).toEqual(evaluateMixed(build(), inputs));
  });
});
