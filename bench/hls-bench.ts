/**
 * HLS benchmark, one run: on the 16-64-32-32-5 MLP with ap_fixed<16,6>
 * everywhere, how long model → C++ takes (lowering and emission), how long
 * g++ takes to build the C simulation (uncached), and C simulation
 * inferences per second against the TypeScript simulator's, on the same
 * vectors (which must agree bit for bit). Returns numbers; prints nothing.
 */
import { emitHls } from '../src/backends/hls/emit-hls.js';
import { lowerGraph } from '../src/lower/lower.js';
import { runCsim } from '../sim/csim/run-csim.js';
import { quantizeInputs, simulateRaw } from '../sim/simulate.js';
import { mlpGraph, randomInputs } from '../test/helpers/models.js';

export interface HlsBenchResult {
  readonly model: string;
  readonly io: 'parallel' | 'stream';
  readonly vectors: number;
  /** graph IR → dataflow IR, ms */
  readonly lowerMs: number;
  /** dataflow IR → HLS project files, ms */
  readonly emitMs: number;
  /** g++ -O2 build of the C simulation, seconds */
  readonly gxxBuildSeconds: number;
  /** inferences per second inside the C++ top function */
  readonly csimInferencesPerSec: number;
  /** inferences per second of simulateRaw on the same vectors */
  readonly simInferencesPerSec: number;
  /** csim / simulator speed */
  readonly csimOverSim: number;
  /** vectors where csim and the simulator differ (must be 0) */
  readonly mismatches: number;
}

export interface HlsBenchOptions {
  readonly vectors?: number;
  readonly io?: 'parallel' | 'stream';
}

export async function runHlsBench(opts: HlsBenchOptions = {}): Promise<HlsBenchResult> {
  const n = opts.vectors ?? 5000;
  const io = opts.io ?? 'parallel';
  const sizes = [16, 64, 32, 32, 5];
  const graph = mlpGraph({ sizes, seed: 1, hidden: 'relu', head: 'none', name: 'mlp_bench' });
  const config = { model: { default: 'ap_fixed<16,6>' } };

  let t0 = performance.now();
  const df = lowerGraph(graph, config);
  const lowerMs = performance.now() - t0;
  t0 = performance.now();
  const files = emitHls(df, { io, top: 'mlp_bench' });
  const emitMs = performance.now() - t0;

  const vectors = quantizeInputs(df, randomInputs(n, sizes[0] ?? 16, 3));
  t0 = performance.now();
  const want = simulateRaw(df, vectors);
  const simSeconds = (performance.now() - t0) / 1000;

  const csim = await runCsim(df, files, vectors, { opt: '-O2', noCache: true });
  const mismatches = csim.outputs.filter((row, i) => row.join(',') !== (want[i] ?? []).join(',')).length;
  const csimRate = n / Math.max(csim.topSeconds, 1e-9);
  const simRate = n / Math.max(simSeconds, 1e-9);
  return {
    model: `MLP ${sizes.join('-')}, ap_fixed<16,6>`,
    io,
    vectors: n,
    lowerMs,
    emitMs,
    gxxBuildSeconds: csim.buildSeconds,
    csimInferencesPerSec: csimRate,
    simInferencesPerSec: simRate,
    csimOverSim: csimRate / simRate,
    mismatches,
  };
}
