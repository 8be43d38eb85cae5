/**
 * Verilog benchmark, one run per model: a small MLP and the 16-64-32-32-5
 * MLP (ap_fixed<16,6>). Measures model → Verilog time (lowering and
 * emission), the whole verifyVerilog time (Verilator and Icarus builds,
 * uncached, and runs with and without back-pressure), Verilator inferences
 * per second (harness process included) against the TypeScript simulator's
 * on the same vectors, the
 * latency and II, and Yosys (synth_xilinx) LUT / FF / DSP / multipliers /
 * LUT levels at reuse factor 1 and 4, dense and 50% pruned. Returns
 * numbers; prints nothing (progress goes to `log`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitVerilog } from '../src/backends/verilog/emit.js';
import { lowerGraph } from '../src/lower/lower.js';
import { synthVerilog } from '../src/report/yosys/synth.js';
import { verifyVerilog } from '../sim/rtl/verify.js';
import { quantizeInputs, simulateRaw } from '../sim/simulate.js';
import { mlpGraph, randomInputs } from '../test/helpers/models.js';
import { fmt } from './timing.js';

export interface VerilogSynthRow {
  readonly reuseFactor: number;
  readonly pruned: boolean;
  readonly luts: number;
  readonly ffs: number;
  readonly dsps: number;
  readonly multipliers: number;
  readonly lutLevels: number;
  readonly ltp: number;
  readonly latency: number;
  readonly ii: number;
  readonly yosysSeconds: number;
}

export interface VerilogBenchRow {
  readonly model: string;
  readonly sizes: readonly number[];
  readonly type: string;
  readonly vectors: number;
  /** graph IR → dataflow IR → Verilog files, ms */
  readonly compileMs: number;
  /** verifyVerilog end to end on verifyVectors, uncached (both simulators, both modes), seconds */
  readonly verifySeconds: number;
  readonly verifyVectors: number;
  readonly verilatorBuildSeconds: number;
  readonly verilatorInferencesPerSec: number;
  readonly simInferencesPerSec: number;
  readonly verilatorOverSim: number;
  /** must be 0 */
  readonly mismatches: number;
  readonly latency: number;
  readonly ii: number;
  readonly synth: readonly VerilogSynthRow[];
}

export interface VerilogBenchOptions {
  /** vectors for the throughput comparison (default 20,000) */
  readonly vectors?: number;
  /** vectors for the whole verification, both simulators (default 300: Icarus is slow on large designs) */
  readonly verifyVectors?: number;
  /** run Yosys (minutes for the 16-64-32-32-5 MLP at 16 bits; default true) */
  readonly synth?: boolean;
  readonly models?: readonly ('small' | 'jet')[];
  readonly log?: (s: string) => void;
}

const MODELS = {
  small: { sizes: [16, 32, 10], type: 'ap_fixed<8,3>' },
  jet: { sizes: [16, 64, 32, 32, 5], type: 'ap_fixed<16,6>' },
} as const;

async function benchModel(key: 'small' | 'jet', opts: VerilogBenchOptions): Promise<VerilogBenchRow> {
  const log = opts.log ?? (() => undefined);
  const { sizes, type } = MODELS[key];
  const n = opts.vectors ?? 20_000;
  const graphOf = (sparsity: number) => mlpGraph({ sizes, seed: 1, hidden: 'relu', head: 'none', sparsity, name: `mlp_${key}` });
  const configOf = (rf: number) => ({ model: { default: type, reuseFactor: rf } });

  let t0 = performance.now();
  const df = lowerGraph(graphOf(0), configOf(1));
  const files = emitVerilog(df);
  const compileMs = performance.now() - t0;

  const vectors = quantizeInputs(df, randomInputs(n, sizes[0] ?? 16, 3));
  t0 = performance.now();
  const want = simulateRaw(df, vectors);
  const simSeconds = (performance.now() - t0) / 1000;
  const nVerify = Math.min(n, opts.verifyVectors ?? 300);

  const cacheDir = mkdtempSync(join(tmpdir(), 'fixflow-vbench-'));
  try {
    log(`verilog bench ${key}: verify (${nVerify} vectors, Verilator and Icarus, uncached builds)`);
    t0 = performance.now();
    const report = await verifyVerilog(df, files, vectors.slice(0, nVerify), { expected: want.slice(0, nVerify), cacheDir, onProgress: (p) => log(`  ${p.message}`) });
    const verifySeconds = (performance.now() - t0) / 1000;
    log(`verilog bench ${key}: Verilator throughput (${n} vectors)`);
    const speed = await verifyVerilog(df, files, vectors, { expected: want, cacheDir, simulators: ['verilator'], backpressure: false });
    const vl = speed.runs[0];
    const vlRate = n / Math.max((vl?.runMs ?? 0) / 1000, 1e-9);
    const simRate = n / Math.max(simSeconds, 1e-9);
    const synth: VerilogSynthRow[] = [];
    if (opts.synth !== false) {
      for (const rf of [1, 4]) {
        for (const pruned of [false, true]) {
          log(`verilog bench ${key}: yosys RF ${rf}${pruned ? ', 50% pruned' : ''}`);
          const d = lowerGraph(graphOf(pruned ? 0.5 : 0), configOf(rf));
          const f = emitVerilog(d);
          const manifest = JSON.parse(f.get('fixflow-rtl.json') ?? '{}') as { latency: number; ii: number };
          const s = await synthVerilog(f, { onProgress: (m) => log(`  ${m}`) });
          synth.push({
            reuseFactor: rf,
            pruned,
            luts: s.total.luts,
            ffs: s.total.ffs,
            dsps: s.total.dsps,
            multipliers: s.multipliers,
            lutLevels: s.depth?.lutLevels ?? -1,
            ltp: s.ltp,
            latency: manifest.latency,
            ii: manifest.ii,
            yosysSeconds: s.yosysMs / 1000,
          });
        }
      }
    }
    return {
      model: key === 'jet' ? 'MLP 16-64-32-32-5' : `MLP ${sizes.join('-')}`,
      sizes,
      type,
      vectors: n,
      compileMs,
      verifySeconds,
      verifyVectors: nVerify,
      verilatorBuildSeconds: (report.builds.find((b) => b.simulator === 'verilator')?.ms ?? 0) / 1000,
      verilatorInferencesPerSec: vlRate,
      simInferencesPerSec: simRate,
      verilatorOverSim: vlRate / simRate,
      mismatches: [...report.runs, ...speed.runs].reduce((a, r) => a + r.mismatchCount, 0),
      latency: report.runs.find((r) => r.mode === 'full-speed')?.latency.min ?? -1,
      ii: report.runs.find((r) => r.mode === 'full-speed')?.ii ?? -1,
      synth,
    };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

export interface Ice40Row {
  readonly model: string;
  readonly luts: number;
  readonly ffs: number;
  readonly lutLevels: number;
  readonly fmaxMHz: number;
  readonly device: string;
  readonly seconds: number;
}

export interface VerilogBenchResult {
  readonly models: readonly VerilogBenchRow[];
  /** the 16-64-32-32-5 MLP at 8 bits, 95% pruned, placed and routed on an iCE40 HX8K */
  readonly ice40: Ice40Row | null;
}

async function benchIce40(log: (s: string) => void): Promise<Ice40Row> {
  log('verilog bench: iCE40 synthesis and place and route (8 bits, 95% pruned)');
  const df = lowerGraph(mlpGraph({ sizes: MODELS.jet.sizes, seed: 1, hidden: 'relu', head: 'none', sparsity: 0.95, name: 'mlp_ice40' }), { model: { default: 'ap_fixed<8,3>' } });
  const t0 = performance.now();
  const r = await synthVerilog(emitVerilog(df), { target: 'ice40', onProgress: (m) => log(`  ${m}`) });
  return {
    model: 'MLP 16-64-32-32-5, ap_fixed<8,3>, 95% pruned',
    luts: r.total.luts,
    ffs: r.total.ffs,
    lutLevels: r.depth?.lutLevels ?? -1,
    fmaxMHz: r.pnr?.fmaxMHz ?? 0,
    device: r.pnr ? `${r.pnr.device}/${r.pnr.pkg}` : '',
    seconds: (performance.now() - t0) / 1000,
  };
}

export async function runVerilogBench(opts: VerilogBenchOptions = {}): Promise<VerilogBenchResult> {
  const models: VerilogBenchRow[] = [];
  for (const m of opts.models ?? ['small', 'jet']) models.push(await benchModel(m, opts));
  const ice40 = opts.synth === false ? null : await benchIce40(opts.log ?? (() => undefined));
  return { models, ice40 };
}

/** Markdown tables of the results. */
export function verilogBenchTable(result: VerilogBenchResult): string {
  const rows = result.models;
  const out = [
    '| model | type | compile | verify (uncached) | Verilator build | Verilator inf/s | simulator inf/s | Verilator / sim | latency | II | mismatches |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.model} | ${r.type} | ${fmt(r.compileMs)} ms | ${fmt(r.verifySeconds)} s (${r.verifyVectors} vectors) | ${fmt(r.verilatorBuildSeconds)} s | ${fmt(r.verilatorInferencesPerSec)} | ${fmt(r.simInferencesPerSec)} | ${fmt(r.verilatorOverSim)}× | ${r.latency} | ${r.ii} | ${r.mismatches} |`,
    ),
    '',
    '| model | RF | weights | LUT | FF | DSP | multipliers | LUT levels | latency | II | Yosys |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    for (const s of r.synth) {
      out.push(`| ${r.model} | ${s.reuseFactor} | ${s.pruned ? '50% pruned' : 'dense'} | ${s.luts} | ${s.ffs} | ${s.dsps} | ${s.multipliers} | ${s.lutLevels} | ${s.latency} | ${s.ii} | ${fmt(s.yosysSeconds)} s |`);
    }
  }
  if (result.ice40) {
    const i = result.ice40;
    out.push('', '| iCE40 design | LUT4 | FF | LUT levels | device | Fmax | time |', '|---|---:|---:|---:|---|---:|---:|');
    out.push(`| ${i.model} | ${i.luts} | ${i.ffs} | ${i.lutLevels} | ${i.device} | ${i.fmaxMHz.toFixed(1)} MHz | ${fmt(i.seconds)} s |`);
  }
  return out.join('\n') + '\n';
}
