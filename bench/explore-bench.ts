/**
 * Explore bench: sweep throughput (points per minute) on the bundled
 * Fashion-MNIST MLP (validation: the first 2,000 test images) with 1 and 2
 * worker threads, side by side on the same 12 points (fresh database each
 * time, worker start-up included); the estimator's speed on the swept
 * designs; its error against Yosys (from cost-bench's figures). Writes
 * bench/results/explore.md and returns the numbers.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FASHION_MNIST_DIR } from '../src/datasets/fashion-mnist.js';
import { buildPoint } from '../src/explore/build-point.js';
import { estimateDesign } from '../src/explore/cost/estimate.js';
import type { DataSpec } from '../src/explore/data.js';
import { enumeratePoints, parseSpace } from '../src/explore/space.js';
import { runSweep } from '../src/explore/sweep.js';
import { loadGraph } from '../src/explore/work-spec.js';
import { costModelBench } from './cost-bench.js';

const FASHION_MODEL = fileURLToPath(new URL('../examples/fashion-mlp/model.json', import.meta.url));
const JET_MODEL = fileURLToPath(new URL('../examples/jet-mlp/model.json', import.meta.url));

export interface SweepRun {
  readonly workers: number;
  readonly points: number;
  readonly seconds: number;
  readonly pointsPerMinute: number;
}

export interface ExploreBenchResult {
  readonly model: string;
  readonly data: string;
  readonly runs: readonly SweepRun[];
  /** CPU time (user + system) per estimate */
  readonly usPerEstimate: number;
  /** 1-minute load average during the sweeps (the machine may be shared) */
  readonly loadAverage: number;
  readonly designsTimed: number;
  readonly meanLutError: number;
  readonly meanDspError: number;
}

const SPACE = parseSpace({ precision: ['ap_fixed<8,3,RND,SAT>', 'ap_fixed<12,4,RND,SAT>', 'ap_fixed<16,6>'], reuseFactor: [1, 4], prune: [0, 0.5], rank: [0] });

export async function exploreBench(log: (s: string) => void = () => undefined): Promise<ExploreBenchResult> {
  const fashion = existsSync(join(FASHION_MNIST_DIR, 't10k-images-idx3-ubyte.gz'));
  const modelPath = fashion ? FASHION_MODEL : JET_MODEL;
  const data: DataSpec = fashion ? { kind: 'fashion-mnist', split: 'test', offset: 0, limit: 2000 } : { kind: 'agreement', count: 2000, seed: 1, range: 2 };
  const graph = await loadGraph(modelPath);
  const dir = mkdtempSync(join(tmpdir(), 'fixflow-explore-bench-'));
  const runs: SweepRun[] = [];
  const load: number[] = [];
  try {
    for (const workers of [1, 2]) {
      log(`explore bench: ${workers} worker(s)`);
      const r = await runSweep({ modelPath, graph, space: SPACE, data, db: join(dir, `w${workers}.sqlite`), workers });
      runs.push({ workers, points: r.computed, seconds: r.seconds, pointsPerMinute: (r.computed / r.seconds) * 60 });
      load.push(loadavg()[0] ?? 0);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // estimator speed on the swept designs (building them is not timed)
  const designs = enumeratePoints(SPACE).map((p) => buildPoint(graph, SPACE, p));
  for (const d of designs) estimateDesign(d);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < 2000 || n < designs.length) {
    estimateDesign(designs[n % designs.length] ?? designs[0]!);
    n++;
  }
  const cpu = process.cpuUsage(c0);
  const usPerEstimate = (cpu.user + cpu.system) / n;
  const cost = await costModelBench({ log });
  const result: ExploreBenchResult = {
    model: fashion ? 'fashion-mlp 784-64-32-10' : 'jet-mlp 16-64-32-32-5',
    data: fashion ? 'Fashion-MNIST, first 2,000 test images' : '2,000 random inputs, agreement with float',
    runs,
    usPerEstimate,
    loadAverage: load.reduce((a, v) => a + v, 0) / Math.max(1, load.length),
    designsTimed: designs.length,
    meanLutError: cost.meanLutError,
    meanDspError: cost.meanDspError,
  };
  writeFileSync(new URL('./results/explore.md', import.meta.url), `# fixflow explore throughput\n\n${exploreBenchTable(result)}`);
  return result;
}

export function exploreBenchTable(r: ExploreBenchResult): string {
  const one = r.runs.find((x) => x.workers === 1);
  const rows = r.runs.map((x) => `| ${x.workers} | ${x.points} | ${x.seconds.toFixed(1)} | ${x.pointsPerMinute.toFixed(1)} | ${one ? (x.pointsPerMinute / one.pointsPerMinute).toFixed(2) : ''} |`);
  return [
    `Sweep of 12 points (precision × reuse factor × pruning) on ${r.model}; accuracy on ${r.data}. ${cpus().length} cores, load average ${r.loadAverage.toFixed(1)} during the sweeps.`,
    '',
    '| workers | points | seconds | points/min | vs 1 worker |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Estimator: ${r.usPerEstimate.toFixed(0)} µs of CPU per design (mean over the ${r.designsTimed} swept designs). Error against Yosys on held-out designs: LUT ${(r.meanLutError * 100).toFixed(1)}%, DSP ${(r.meanDspError * 100).toFixed(1)}% (bench/results/cost-model.md).`,
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'))) {
  process.stdout.write(exploreBenchTable(await exploreBench((s) => process.stderr.write(`${s}\n`))));
}
