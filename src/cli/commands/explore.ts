/**
 * `fixflow explore <model>`: sweep precision, reuse factor, pruning and rank;
 * store every point in a SQLite file (resumable); write the Pareto front as
 * an HTML page and JSON; answer a target. `--worker --queue URL` runs a
 * queue worker instead of a sweep.
 */
import { availableParallelism } from 'node:os';
import { CompileError } from '../../core/diagnostics.js';
import { emitVerilog } from '../../backends/verilog/emit.js';
import { shapeSize } from '../../ir/graph/types.js';
import { synthVerilog } from '../../report/yosys/synth.js';
import { buildPoint } from '../../explore/build-point.js';
import { DEFAULT_FASHION, parseDataSpec, type DataSpec } from '../../explore/data.js';
import { describePoint, summarize, type ExploreSummary, type Row } from '../../explore/explore-summary.js';
import { renderExplorePage } from '../../explore/html/explore-page.js';
import { stderrProgress } from '../../explore/progress.js';
import { startQueueWorker } from '../../explore/queue/queue-worker.js';
import { parseQueueUrl } from '../../explore/queue/redis-url.js';
import { loadSpace, parseSpace, type SearchSpace } from '../../explore/space.js';
import { runSweep } from '../../explore/sweep.js';
import { parseTarget } from '../../explore/target.js';
import { loadGraph } from '../../explore/work-spec.js';
import { writeOutputDir } from '../output-dir.js';

export interface ExploreArgs {
  readonly space?: string;
  readonly data?: string;
  readonly db?: string;
  readonly workers?: string;
  readonly queue?: string;
  readonly target?: string;
  readonly output?: string;
  readonly force?: boolean;
  readonly synth?: boolean;
  /** run as a queue worker (needs --queue) */
  readonly worker?: boolean;
}

/** Used when no --space is given. */
export const DEFAULT_SPACE: SearchSpace = parseSpace({
  precision: ['ap_fixed<16,6>', 'ap_fixed<12,4,RND,SAT>', 'ap_fixed<10,4,RND,SAT>', 'ap_fixed<8,3,RND,SAT>'],
  reuseFactor: [1, 4],
  prune: [0, 0.5],
  rank: [0],
});

function workerCount(v: string | undefined): number {
  if (v === undefined) return Math.max(1, Math.min(4, availableParallelism() - 1));
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 256) throw new CompileError('FF014', `--workers must be an integer in 0..256, got '${v}'`, { field: 'workers' });
  return n;
}

async function measureFront(modelPath: string, space: SearchSpace, s: ExploreSummary, out: (t: string) => void): Promise<ExploreSummary> {
  const graph = await loadGraph(modelPath);
  const rows: Row[] = [];
  for (const r of s.rows) {
    if (!r.front) {
      rows.push(r);
      continue;
    }
    out(`yosys: ${describePoint(r.point, space.layers)}\n`);
    const rep = await synthVerilog(emitVerilog(buildPoint(graph, space, r.point), space.verilog ?? {}), { logicDepth: false });
    rows.push({ ...r, result: { ...r.result, yosys: { luts: rep.total.luts, ffs: rep.total.ffs, dsps: rep.total.dsps, brams: rep.total.brams } } });
  }
  return { ...s, rows };
}

export async function runExplore(model: string | undefined, opts: ExploreArgs, out: (s: string) => void): Promise<void> {
  if (opts.worker) {
    if (!opts.queue) throw new CompileError('FF014', '--worker needs --queue redis://host:port', { field: 'queue' });
    const w = startQueueWorker(parseQueueUrl(opts.queue), { onComputed: (key, f) => out(`computed ${key.slice(0, 12)} (${f.worker})\n`) });
    await w.waitUntilReady();
    out(`explore worker ready on ${opts.queue}; stop with Ctrl-C\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => void w.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return;
  }
  if (model === undefined || model === '') throw new CompileError('FF014', 'explore needs a model file (only --worker runs without one)', { field: 'model' });
  const space = opts.space ? loadSpace(opts.space) : DEFAULT_SPACE;
  const bounds = opts.target !== undefined ? parseTarget(opts.target) : undefined;
  const graph = await loadGraph(model);
  const input = graph.nodes.find((n) => n.op === 'input');
  const data: DataSpec = opts.data ? parseDataSpec(opts.data) : input && shapeSize(input.shape) === 784 ? DEFAULT_FASHION : { kind: 'agreement', count: 2000, seed: 1, range: 2 };
  const db = opts.db ?? 'fixflow-explore.sqlite';
  const r = await runSweep({
    modelPath: model,
    graph,
    space,
    ...(opts.space ? { spaceFile: opts.space } : {}),
    data,
    db,
    workers: workerCount(opts.workers),
    ...(opts.queue ? { queue: parseQueueUrl(opts.queue) } : {}),
    progress: stderrProgress(),
  });
  let summary = summarize(graph.name, space.layers, r.entries, r, bounds && opts.target !== undefined ? { text: opts.target, bounds } : undefined);
  if (opts.synth) summary = await measureFront(model, space, summary, (t) => process.stderr.write(t));
  const front = summary.rows.filter((x) => x.front).sort((a, b) => b.result.accuracy - a.result.accuracy);
  out(`${summary.rows.length} points (${r.computed} computed, ${r.reused} from ${db}); Pareto front:\n`);
  for (const f of front) out(`  ${f.result.accuracy.toFixed(4)}  ${String(f.result.luts).padStart(8)} LUT  ${String(f.result.dsps).padStart(5)} DSP  ${String(f.result.latency).padStart(4)} cycles  ${describePoint(f.point, space.layers)}\n`);
  if (opts.output) {
    const files = new Map<string, string>([
      ['explore.html', renderExplorePage(summary)],
      ['explore.json', `${JSON.stringify(summary, null, 2)}\n`],
    ]);
    out(`wrote ${writeOutputDir(opts.output, files, opts.force ?? false)}\n`);
  }
  const t = summary.target;
  if (t) {
    if (t.answer.met) {
      out(`target ${t.text}: ${describePoint(t.answer.best.point, space.layers)} (accuracy ${t.answer.best.result.accuracy.toFixed(4)}, ${t.answer.best.result.luts} LUT, ${t.answer.best.result.dsps} DSP, ${t.answer.best.result.latency} cycles)\n`);
    } else {
      const c = t.answer.closest;
      const closest = c ? `; closest: ${describePoint(c.point, space.layers)} with ${t.answer.violations.join(', ')}` : '';
      throw new CompileError('FF025', `no explored design meets the target ${t.text}${closest}`, { field: 'target' });
    }
  }
}
