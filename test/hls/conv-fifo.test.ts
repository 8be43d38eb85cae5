/**
 * The io_stream FIFO depths under random backpressure: the process network
 * of the top (each layer's read/write program, element by element) with
 * streams bounded by the emitted depths never deadlocks, whatever the
 * schedule; with a residual's skip stream made too small the run stops in a
 * reported deadlock naming the blocked processes, instead of hanging.
 */
import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/backends/hls/design.js';
import { streamPlan } from '../../src/backends/hls/emit-top.js';
import { runFifoNetwork } from '../../src/backends/hls/fifo-check.js';
import type { Dataflow } from '../../src/ir/dataflow/types.js';
import type { Graph } from '../../src/ir/graph/types.js';
import { compileGraph } from '../../src/pipeline.js';
import { invertedResidual } from '../conv/blocks.js';
import { blocksDesign, convOpsDesign } from './helpers/conv-designs.js';
import { Rng } from './helpers/rng.js';

function run(df: Dataflow, seed: number, shrink?: { stream: string; to: number }) {
  const plan = streamPlan(analyzeDesign(df));
  const depths = new Map(plan.depths);
  if (shrink) depths.set(shrink.stream, shrink.to);
  const rng = new Rng(seed);
  return runFifoNetwork(plan.net, plan.shapeOf, depths, () => rng.next());
}

describe('io_stream FIFOs at the computed depths', () => {
  const designs: [string, Dataflow][] = [
    ['conv-family ops', convOpsDesign(1)],
    ['example blocks', blocksDesign({ model: { default: 'ap_fixed<12,5,RND>' } })],
  ];
  it.each(designs)('%s: no deadlock under 5 random schedules', (_l, df) => {
    for (let seed = 1; seed <= 5; seed++) {
      const r = run(df, seed);
      expect(r.blocked).toEqual([]);
      expect(r.deadlock).toBe(false);
      expect(r.steps).toBeGreaterThan(1000);
    }
  });
});

describe('a FIFO that is too small', () => {
  const df = compileGraph(invertedResidual() as unknown as Graph, { config: { model: { default: 'ap_fixed<12,5,RND>' } } });
  const depth = streamPlan(analyzeDesign(df)).depths.get('fxs1_input_1') ?? 0;

  it('is detected and reported (the skip of a residual at a third of its depth)', () => {
    expect(depth).toBe(32);
    const r = run(df, 3, { stream: 'fxs1_input_1', to: Math.floor(depth / 3) });
    expect(r.deadlock).toBe(true);
    expect(r.blocked.join('\n')).toMatch(/split input_1 writes fxs1_input_1 \(full: 10 of 10\)/);
    expect(r.blocked.join('\n')).toMatch(/layer add reads .*fx_project/);
  });
});
