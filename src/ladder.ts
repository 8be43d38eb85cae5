/**
 * The equivalence ladder as one call: the simulator's outputs on a set of
 * raw vectors are the reference; each rung (the specialized TypeScript
 * model, g++ csim of the HLS project in each io style, Verilator and Icarus
 * on the Verilog, at full speed and under random backpressure) must give
 * equal integers on every vector. Rungs whose tools are missing fail with
 * FF015; nothing is skipped silently.
 */
import { verifyCsim } from '../sim/csim/verify-csim.js';
import { verifyVerilog, type VerifyProgress } from '../sim/rtl/index.js';
import { simulateRaw } from '../sim/simulate.js';
import { emitHls } from './backends/hls/emit-hls.js';
import { emitTs, loadTsModel } from './backends/ts/index.js';
import { emitVerilog, type VerilogOptions } from './backends/verilog/index.js';
import type { Dataflow } from './ir/dataflow/types.js';

export type LadderBackend = 'ts' | 'hls' | 'verilog';
export const LADDER_BACKENDS: readonly LadderBackend[] = ['ts', 'hls', 'verilog'];

export interface RungResult {
  /** e.g. "hls csim io_stream (g++)" */
  readonly rung: string;
  readonly vectors: number;
  readonly mismatches: number;
  /** the first differing vector (0-based), if any */
  readonly firstMismatch?: number;
  /** cycles from input accepted to output valid (RTL rungs) */
  readonly latency?: { readonly min: number; readonly max: number };
  /** measured initiation interval in cycles (RTL rungs) */
  readonly ii?: number;
  readonly stalled?: boolean;
  readonly seconds: number;
  readonly note?: string;
}

export interface LadderOptions {
  readonly backends: readonly LadderBackend[];
  /** HLS io styles to check (default both) */
  readonly hlsIo?: readonly ('parallel' | 'stream')[];
  /** RTL simulators (default both) */
  readonly simulators?: readonly ('verilator' | 'icarus')[];
  /** also run the RTL under random backpressure (default true) */
  readonly backpressure?: boolean;
  /** Verilog backend options (e.g. FIFO depth overrides) */
  readonly verilog?: VerilogOptions;
  readonly onProgress?: (message: string) => void;
}

function firstDiff(got: readonly (readonly bigint[])[], want: readonly (readonly bigint[])[]): { count: number; first?: number } {
  let count = 0;
  let first: number | undefined;
  want.forEach((row, v) => {
    const g = got[v];
    if (g && g.length === row.length && g.every((x, i) => x === row[i])) return;
    count++;
    first ??= v;
  });
  return first === undefined ? { count } : { count, first };
}

export async function runLadder(df: Dataflow, vectors: readonly (readonly bigint[])[], opts: LadderOptions): Promise<RungResult[]> {
  const say = opts.onProgress ?? (() => undefined);
  const results: RungResult[] = [];
  let t = performance.now();
  const expected = simulateRaw(df, vectors);
  results.push({ rung: 'simulator (reference)', vectors: vectors.length, mismatches: 0, seconds: (performance.now() - t) / 1000 });
  for (const backend of opts.backends) {
    if (backend === 'ts') {
      say('ts: generating and loading the specialized model');
      t = performance.now();
      const model = await loadTsModel(emitTs(df));
      const d = firstDiff(model.inferRows(vectors), expected);
      results.push({ rung: 'ts specialized model', vectors: vectors.length, mismatches: d.count, ...(d.first !== undefined ? { firstMismatch: d.first } : {}), seconds: (performance.now() - t) / 1000 });
    } else if (backend === 'hls') {
      for (const io of opts.hlsIo ?? ['parallel', 'stream']) {
        say(`hls: building the io_${io} csim with g++`);
        t = performance.now();
        const v = await verifyCsim(df, emitHls(df, { io }), vectors);
        const first = v.examples[0]?.vector;
        results.push({
          rung: `hls csim io_${io} (g++)`,
          vectors: v.vectors,
          mismatches: v.mismatches,
          ...(first !== undefined ? { firstMismatch: first } : {}),
          seconds: (performance.now() - t) / 1000,
          note: v.cached ? 'build cached' : `build ${v.buildSeconds.toFixed(1)} s`,
        });
      }
    } else {
      t = performance.now();
      const report = await verifyVerilog(df, emitVerilog(df, opts.verilog ?? {}), vectors, {
        expected,
        ...(opts.simulators ? { simulators: opts.simulators } : {}),
        backpressure: opts.backpressure ?? true,
        onProgress: (p: VerifyProgress) => say(p.message),
      });
      const secs = (performance.now() - t) / 1000;
      for (const r of report.runs) {
        const b = report.builds.find((x) => x.simulator === r.simulator);
        const first = r.mismatches[0]?.vector;
        results.push({
          rung: `${r.simulator} ${r.mode}`,
          vectors: report.vectors,
          mismatches: r.mismatchCount + (r.stalled ? report.vectors - r.outputs : 0),
          ...(first !== undefined ? { firstMismatch: first } : {}),
          latency: { min: r.latency.min, max: r.latency.max },
          ii: r.ii,
          stalled: r.stalled,
          seconds: r.runMs / 1000,
          note: b ? (b.cached ? 'build cached' : `build ${(b.ms / 1000).toFixed(1)} s`) : '',
        });
      }
      say(`verilog: ${report.runs.length} runs in ${secs.toFixed(1)} s (expected latency ${report.expectedLatency}, II ${report.expectedIi})`);
    }
  }
  return results;
}
