/**
 * Cost-model bench: the estimator's LUT / FF / DSP against Yosys
 * (synth_xilinx) on the calibration designs (fitted) and the check designs
 * (not fitted), plus the 16-64-32-32-5 jet MLP figures measured by
 * verilog-bench; cycles against the backend's schedule (Verilator-checked in
 * test/explore/cost-cycles.test.ts); the estimator's speed. Writes
 * bench/results/cost-model.md and returns the rows. The Yosys figures come
 * from bench/results/cost-measurements.json (written by
 * src/explore/cost/calibrate-main.ts); `{ synth: true }` measures them again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { emitVerilogDesign } from '../src/backends/verilog/emit.js';
import { calibrationDesigns, type CalibrationDesign } from '../src/explore/cost/calibration-designs.js';
import { measureDesign, type MeasuredDesign } from '../src/explore/cost/calibrate.js';
import { defaultCoefficients } from '../src/explore/cost/coefficients.js';
import { estimateDesign } from '../src/explore/cost/estimate.js';
import { lowerGraph } from '../src/lower/lower.js';
import { compileGraph } from '../src/pipeline.js';
import { mlpGraph } from '../test/helpers/models.js';

const MEASUREMENTS = new URL('./results/cost-measurements.json', import.meta.url);
const REPORT = new URL('./results/cost-model.md', import.meta.url);

export interface CostRow {
  readonly design: string;
  readonly set: 'fit' | 'check' | 'jet';
  readonly measured: { readonly luts?: number; readonly ffs?: number; readonly dsps?: number };
  readonly estimated: { readonly luts: number; readonly ffs: number; readonly dsps: number };
  readonly latency: number;
  readonly latencyBackend: number;
  readonly estimateMs: number;
}

export interface CostBenchResult {
  readonly rows: readonly CostRow[];
  /** mean |error| / measured over the check and jet rows */
  readonly meanLutError: number;
  readonly meanDspError: number;
  readonly meanFfError: number;
  readonly usPerEstimate: number;
  readonly cyclesExact: boolean;
}

/** Yosys figures of the 16-64-32-32-5 MLP, ap_fixed<16,6>, mlpGraph seed 1 (bench/verilog-bench.ts). */
const JET_MEASURED: readonly { rf: number; luts?: number; ffs?: number; dsps?: number }[] = [
  { rf: 1, luts: 86383, ffs: 19697, dsps: 2968 },
  { rf: 4, dsps: 1064 },
];

/** CPU milliseconds per call (user + system: robust to other processes on a shared machine). */
function timeEstimate(fn: () => void): number {
  fn();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < 400 || n < 3) {
    fn();
    n++;
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / n;
}

function rowFor(d: CalibrationDesign, set: 'fit' | 'check', m: MeasuredDesign): CostRow {
  const df = compileGraph(d.graph, { config: d.config });
  const est = estimateDesign(df, d.verilog);
  const estimateMs = timeEstimate(() => estimateDesign(df, d.verilog));
  return { design: d.name, set, measured: m.total, estimated: est.total, latency: est.latency, latencyBackend: emitVerilogDesign(df, d.verilog).layout.latency, estimateMs };
}

const pct = (est: number, meas: number | undefined): string => (meas === undefined ? '' : `${(((est - meas) / Math.max(1, meas)) * 100).toFixed(1)}%`);

export async function costModelBench(opts: { synth?: boolean; log?: (s: string) => void } = {}): Promise<CostBenchResult> {
  const log = opts.log ?? (() => undefined);
  const { fit, check } = calibrationDesigns();
  let measured: MeasuredDesign[];
  if (opts.synth) {
    measured = [];
    for (const d of [...fit, ...check]) {
      log(`cost bench: yosys ${d.name}`);
      measured.push(await measureDesign(d));
    }
  } else {
    measured = JSON.parse(readFileSync(MEASUREMENTS, 'utf8')) as MeasuredDesign[];
  }
  const rows: CostRow[] = [];
  for (const [set, designs] of [['fit', fit], ['check', check]] as const) {
    for (const d of designs) {
      const m = measured.find((x) => x.name === d.name);
      if (m) rows.push(rowFor(d, set, m));
    }
  }
  for (const j of JET_MEASURED) {
    log(`cost bench: jet MLP RF ${j.rf}`);
    const df = lowerGraph(mlpGraph({ sizes: [16, 64, 32, 32, 5], seed: 1, hidden: 'relu', head: 'none', sparsity: 0, name: 'mlp_jet' }), { model: { default: 'ap_fixed<16,6>', reuseFactor: j.rf } });
    const est = estimateDesign(df);
    rows.push({
      design: `jet 16-64-32-32-5 16b rf${j.rf}`,
      set: 'jet',
      measured: j,
      estimated: est.total,
      latency: est.latency,
      latencyBackend: emitVerilogDesign(df).layout.latency,
      estimateMs: timeEstimate(() => estimateDesign(df)),
    });
  }
  const held = rows.filter((r) => r.set !== 'fit');
  const meanErr = (k: 'luts' | 'ffs' | 'dsps'): number => {
    const xs = held.filter((r) => r.measured[k] !== undefined).map((r) => Math.abs(r.estimated[k] - (r.measured[k] ?? 0)) / Math.max(1, r.measured[k] ?? 0));
    return xs.reduce((a, v) => a + v, 0) / Math.max(1, xs.length);
  };
  const result: CostBenchResult = {
    rows,
    meanLutError: meanErr('luts'),
    meanDspError: meanErr('dsps'),
    meanFfError: meanErr('ffs'),
    usPerEstimate: (rows.reduce((a, r) => a + r.estimateMs, 0) / rows.length) * 1000,
    cyclesExact: rows.every((r) => r.latency === r.latencyBackend),
  };
  writeFileSync(REPORT, costModelTable(result));
  return result;
}

export function costModelTable(r: CostBenchResult): string {
  const c = defaultCoefficients();
  const lines = [
    '# Cost model against Yosys (synth_xilinx, xc7)',
    '',
    `Coefficients: src/explore/cost/coefficients.json (fitted on the "fit" rows by \`node --import tsx src/explore/cost/calibrate-main.ts\`): ` +
      `${c.lutPerAdderBit} LUT/adder bit, ${c.lutPerCastBit} LUT/cast bit, ${c.lutPerMuxBit} LUT/mux bit, ${c.lutPerSoftMulBit} LUT/soft-multiplier partial-product bit, ` +
      `${c.lutPerRomBit} LUT/ROM bit, ${c.ffPerRegBit} FF/register bit, DSP when both operands ≥ ${c.dspMinWidth} bits.`,
    '',
    `Held-out rows (check + jet): mean |error| LUT ${(r.meanLutError * 100).toFixed(1)}%, DSP ${(r.meanDspError * 100).toFixed(1)}%, FF ${(r.meanFfError * 100).toFixed(1)}%. ` +
      `Cycles equal the backend's schedule on every row: ${r.cyclesExact ? 'yes' : 'NO'}. Estimator: ${r.usPerEstimate.toFixed(0)} µs of CPU per design on average (load average ${loadavg()[0]?.toFixed(1)} while measured).`,
    '',
    '| set | design | LUT est | LUT Yosys | err | FF est | FF Yosys | err | DSP est | DSP Yosys | err | latency | CPU ms/estimate |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...r.rows.map(
      (x) =>
        `| ${x.set} | ${x.design} | ${x.estimated.luts} | ${x.measured.luts ?? '–'} | ${pct(x.estimated.luts, x.measured.luts)} | ${x.estimated.ffs} | ${x.measured.ffs ?? '–'} | ${pct(x.estimated.ffs, x.measured.ffs)} | ` +
        `${x.estimated.dsps} | ${x.measured.dsps ?? '–'} | ${pct(x.estimated.dsps, x.measured.dsps)} | ${x.latency}${x.latency === x.latencyBackend ? '' : ` (backend ${x.latencyBackend})`} | ${x.estimateMs.toFixed(2)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'))) {
  const r = await costModelBench({ synth: process.argv.includes('--synth'), log: (s) => process.stderr.write(`${s}\n`) });
  process.stdout.write(costModelTable(r));
}
