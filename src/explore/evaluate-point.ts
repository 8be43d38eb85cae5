/**
 * The work of one point, the same in a worker thread, a queue worker process
 * or in-process: build the design, simulate the validation set on the
 * fastest exact engine (chooseEngine: interpreter or the specialized
 * TypeScript model, both bit-exact), estimate resources and cycles, and
 * optionally measure with Yosys.
 */
import { createSimulator, quantizeInputsFlat } from '../../sim/simulate.js';
import { chooseEngine } from '../backends/ts/choose-engine.js';
import { emitVerilog } from '../backends/verilog/emit.js';
import { isCompileError } from '../core/diagnostics.js';
import type { Dataflow } from '../ir/dataflow/types.js';
import type { Graph } from '../ir/graph/types.js';
import { synthVerilog } from '../report/yosys/synth.js';
import { buildPoint } from './build-point.js';
import { estimateDesign } from './cost/estimate.js';
import type { LabelledSet } from './data.js';
import type { PointOutcome } from './point-result.js';
import type { Point, SearchSpace } from './space.js';

export interface EvalContext {
  readonly graph: Graph;
  readonly data: LabelledSet;
  readonly space: SearchSpace;
  readonly synth: boolean;
}

function argmaxAccuracy(out: ArrayLike<number | bigint>, cols: number, labels: ArrayLike<number>): number {
  let ok = 0;
  for (let r = 0; r < labels.length; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (out[r * cols + c]! > out[r * cols + best]!) best = c;
    if (best === labels[r]) ok++;
  }
  return ok / Math.max(1, labels.length);
}

async function simulateOutputs(df: Dataflow, data: LabelledSet): Promise<{ out: ArrayLike<number | bigint>; cols: number; engine: string }> {
  const choice = chooseEngine(df, data.count);
  if (choice.engine === 'specialized') {
    const { emitTs, loadTsModel } = await import('../backends/ts/index.js');
    const m = await loadTsModel(emitTs(df));
    const raw = m.quantize(data.inputs, data.count);
    return { out: m.inferBatch(raw, data.count), cols: m.outputSize, engine: 'specialized' };
  }
  const sim = createSimulator(df);
  return { out: sim.runBatch(quantizeInputsFlat(df, data.inputs, data.count), data.count), cols: sim.outputSize, engine: 'interpreter' };
}

export async function evaluatePoint(ctx: EvalContext, p: Point): Promise<PointOutcome> {
  const t0 = performance.now();
  let df: Dataflow;
  try {
    df = buildPoint(ctx.graph, ctx.space, p);
  } catch (e) {
    if (isCompileError(e)) return { ok: false, failure: { error: e.message, code: e.code } };
    throw e;
  }
  const { out, cols, engine } = await simulateOutputs(df, ctx.data);
  const accuracy = argmaxAccuracy(out, cols, ctx.data.labels);
  const est = estimateDesign(df, ctx.space.verilog ?? {});
  let yosys;
  if (ctx.synth) {
    const r = await synthVerilog(emitVerilog(df, ctx.space.verilog ?? {}), { logicDepth: false });
    yosys = { luts: r.total.luts, ffs: r.total.ffs, dsps: r.total.dsps, brams: r.total.brams };
  }
  return {
    ok: true,
    result: {
      accuracy,
      ...est.total,
      latency: est.latency,
      ii: est.ii,
      engine,
      seconds: (performance.now() - t0) / 1000,
      ...(yosys ? { yosys } : {}),
    },
  };
}
