/**
 * Cost-model bench: the estimator's LUT / FF / DSP against Yosys
 * (synth_xilinx) on the calibration designs (fitted) and the check designs
 * (not fitted), plus the 16-64-32-32-5 jet MLP figures measured by
 * verilog-bench; cycles against the backend's schedule (Verilator-checked in
 * test/explore/cost-cycles.test.ts); the estimator's speed. Writes
 * bench/results/cost-model.md and returns the rows. The Yosys figures come
 * from bench/results/cost-measurements.json (written by
 * src/explore/cost/calibrate-main.ts); `{ synth: true }` measures them again.
 * Streaming (conv-family) rows: example blocks of test/conv/blocks.ts at
 * ap_fixed<8,3>, against bench/results/cost-measurements-conv.json (written
 * by `{ synth: true }`); their cycles are the stream backend's (latency and
 * cycles per image).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Dataflow } from '../src/ir/dataflow/types.js';
import { emitVerilog } from '../src/backends/verilog/emit.js';
import { synthVerilog } from '../src/report/yosys/synth.js';
import { fireModule, invertedResidual, mobilenetV1Block, movement2d, oneDimensional, shuffleUnitStride2 } from '../test/conv/blocks.js';
import { compileBlock, convLadder, fanOut, withOutput } from '../test/verilog/helpers/conv-designs.js';
import { verifyVerilog } from '../sim/rtl/verify.js';
import { quantizeInputs } from '../sim/simulate.js';
import { randomInputs } from '../test/helpers/models.js';
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
const CONV_MEASUREMENTS = new URL('./results/cost-measurements-conv.json', import.meta.url);

interface ConvMeasured {
  readonly name: string;
  readonly layers: readonly { layer: string; luts: number; ffs: number; dsps: number }[];
  readonly total: { luts: number; ffs: number; dsps: number; brams: number };
  readonly yosysSeconds: number;
  /** Verilator at full speed on 4 images: cycles per image and latency (first image, largest) */
  readonly verilator?: { ii: number; latency: number; latencyMax: number };
}

/** Streaming designs: example blocks at ap_fixed<8,3> (movement_2d is the one the upsample row-buffer count was read from). */
const CONV_DESIGNS: readonly { name: string; df: () => Dataflow }[] = [
  { name: 'movement_2d 8b', df: () => compileBlock(movement2d(), { model: { default: 'ap_fixed<8,3>' } }) },
  { name: 'one_d(avgpool) 8b', df: () => compileBlock(withOutput(oneDimensional(), 'avgpool'), { model: { default: 'ap_fixed<8,3>' } }) },
  { name: 'shufflenet_s2 8b', df: () => compileBlock(shuffleUnitStride2(), { model: { default: 'ap_fixed<8,3>' } }) },
  // added after the fit: FIFOs and Add (residual skip), fan-out with an Add of three and a Concatenate, folded convolutions
  { name: 'mobilenet_v2 residual 8b', df: () => compileBlock(invertedResidual(), { model: { default: 'ap_fixed<8,3>' } }) },
  { name: 'fan_out add3+concat 8b', df: () => compileBlock(fanOut(), { model: { default: 'ap_fixed<8,3>' } }) },
  { name: 'fire (concat) 8b', df: () => compileBlock(fireModule(), { model: { default: 'ap_fixed<8,3>' } }) },
  { name: 'mobilenet_v1 dw-separable 8b', df: () => compileBlock(mobilenetV1Block(), { model: { default: 'ap_fixed<8,3>' } }) },
  {
    name: 'conv ladder RF 1-4 (folded, pruned, pow2) 10b',
    df: () => {
      const l = convLadder();
      return compileBlock(l.graph, l.config);
    },
  },
];

/** Yosys per layer and in total, and Verilator's cycles at full speed on 4 random images. */
async function measureConv(name: string, df: Dataflow): Promise<ConvMeasured> {
  const t0 = performance.now();
  const files = emitVerilog(df);
  const r = await synthVerilog(files, { logicDepth: false });
  const t = r.total;
  const yosysSeconds = (performance.now() - t0) / 1000;
  const width = df.nodes.filter((n) => n.op === 'input').reduce((a, n) => a + n.shape.reduce((p, q) => p * q, 1), 0);
  const rep = await verifyVerilog(df, files, quantizeInputs(df, randomInputs(4, width, 5, 3)), { simulators: ['verilator'], backpressure: false });
  const run = rep.runs[0];
  if (!rep.ok || !run) throw new Error(`${name}: Verilator run failed`);
  return {
    name,
    layers: r.layers.map((l) => ({ layer: l.layer, luts: l.resources.luts, ffs: l.resources.ffs, dsps: l.resources.dsps })),
    total: { luts: t.luts, ffs: t.ffs, dsps: t.dsps, brams: t.brams },
    yosysSeconds,
    verilator: { ii: run.ii, latency: run.latency.min, latencyMax: run.latency.max },
  };
}

export interface CostRow {
  readonly design: string;
  readonly set: 'fit' | 'check' | 'jet' | 'conv' | 'cnn';
  readonly measured: { readonly luts?: number; readonly ffs?: number; readonly dsps?: number; readonly brams?: number };
  readonly estimated: { readonly luts: number; readonly ffs: number; readonly dsps: number; readonly brams: number };
  readonly latency: number;
  readonly latencyBackend: number;
  /** cycles per image (streaming rows) or II, and the backend's */
  readonly ii: number;
  readonly iiBackend: number;
  readonly estimateMs: number;
  /** streaming rows: Verilator's cycles at full speed */
  readonly verilator?: { readonly ii: number; readonly latency: number; readonly latencyMax: number };
}

export interface CostBenchResult {
  readonly rows: readonly CostRow[];
  /** mean |error| / measured over the check and jet rows */
  readonly meanLutError: number;
  readonly meanDspError: number;
  readonly meanFfError: number;
  /** mean |error| / measured over the streaming (conv) rows */
  readonly conv: { readonly lut: number; readonly ff: number; readonly dsp: number };
  readonly usPerEstimate: number;
  readonly cyclesExact: boolean;
  /** streaming rows: estimated latency and cycles per image equal Verilator's */
  readonly cyclesVerilator: boolean;
}

/** Yosys figures of the 16-64-32-32-5 MLP, ap_fixed<16,6>, mlpGraph seed 1 (bench/verilog-bench.ts). */
/**
 * The bundled Fashion-MNIST CNN at its 10-bit profiled design (examples/cnn): Yosys and Verilator figures of
 * `node --import tsx examples/cnn/verify-cnn.ts --images 100 --synth` (BENCHMARKS.md; the synthesis takes 11 min).
 */
const CNN_MEASURED = { luts: 124640, ffs: 23153, dsps: 6994, brams: 5.5, verilator: { ii: 841, latency: 905, latencyMax: 935 } };

async function cnnDesign(): Promise<Dataflow | null> {
  const { readFashionMnist } = await import('../src/datasets/fashion-mnist.js');
  const { importTfjs } = await import('../src/frontends/tfjs/index.js');
  const { loadConfig } = await import('../src/lower/config.js');
  const { profiledDesign } = await import('../examples/cnn/profiled-config.js');
  let calib;
  try {
    calib = readFashionMnist('train', { limit: 2000 });
  } catch {
    return null; // no data set on this machine: the row is left out
  }
  const graph = await importTfjs(new URL('../examples/cnn/model/model.json', import.meta.url).pathname);
  const base = loadConfig(new URL('../examples/cnn/config.yaml', import.meta.url).pathname);
  return profiledDesign(graph, base, calib.images, calib.count, 10);
}

const JET_MEASURED: readonly { rf: number; luts?: number; ffs?: number; dsps?: number; brams?: number }[] = [
  { rf: 1, luts: 86383, ffs: 19697, dsps: 2968, brams: 0 },
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
  const layout = emitVerilogDesign(df, d.verilog).layout;
  return { design: d.name, set, measured: m.total, estimated: est.total, latency: est.latency, latencyBackend: layout.latency, ii: est.ii, iiBackend: layout.ii, estimateMs };
}

/** A row for a design measured elsewhere: the estimate, the backend's cycles and the estimator's time. */
function estimatedRow(df: Dataflow, design: string, set: CostRow['set'], measured: CostRow['measured'], verilator?: CostRow['verilator']): CostRow {
  const est = estimateDesign(df);
  const layout = emitVerilogDesign(df).layout;
  return {
    design,
    set,
    measured,
    estimated: est.total,
    latency: est.latency,
    latencyBackend: layout.latency,
    ii: est.ii,
    iiBackend: layout.ii,
    estimateMs: timeEstimate(() => estimateDesign(df)),
    ...(verilator ? { verilator } : {}),
  };
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
    rows.push(estimatedRow(df, `jet 16-64-32-32-5 16b rf${j.rf}`, 'jet', j));
  }
  const saved = JSON.parse(readFileSync(CONV_MEASUREMENTS, 'utf8')) as ConvMeasured[];
  const convMeasured: ConvMeasured[] = [];
  let changed = false;
  for (const d of CONV_DESIGNS) {
    const old = saved.find((x) => x.name === d.name);
    if (old && old.verilator && !opts.synth) {
      convMeasured.push(old);
      continue;
    }
    log(`cost bench: yosys and verilator ${d.name}`);
    convMeasured.push(await measureConv(d.name, d.df()));
    changed = true;
  }
  if (changed) writeFileSync(CONV_MEASUREMENTS, `${JSON.stringify(convMeasured, null, 2)}\n`);
  for (const d of CONV_DESIGNS) {
    const m = convMeasured.find((x) => x.name === d.name);
    if (!m) continue;
    rows.push(estimatedRow(d.df(), d.name, 'conv', m.total, m.verilator));
  }
  log('cost bench: the bundled CNN');
  const cnn = await cnnDesign();
  if (cnn) rows.push(estimatedRow(cnn, 'examples/cnn 10-bit profiled', 'cnn', CNN_MEASURED, CNN_MEASURED.verilator));
  const held = rows.filter((r) => r.set === 'check' || r.set === 'jet');
  const convRows = rows.filter((r) => r.set === 'conv' || r.set === 'cnn');
  const meanErr = (k: 'luts' | 'ffs' | 'dsps', of: readonly CostRow[] = held): number => {
    const xs = of.filter((r) => r.measured[k] !== undefined).map((r) => Math.abs(r.estimated[k] - (r.measured[k] ?? 0)) / Math.max(1, r.measured[k] ?? 0));
    return xs.reduce((a, v) => a + v, 0) / Math.max(1, xs.length);
  };
  const result: CostBenchResult = {
    rows,
    meanLutError: meanErr('luts'),
    meanDspError: meanErr('dsps'),
    meanFfError: meanErr('ffs'),
    conv: { lut: meanErr('luts', convRows), ff: meanErr('ffs', convRows), dsp: meanErr('dsps', convRows) },
    usPerEstimate: (rows.reduce((a, r) => a + r.estimateMs, 0) / rows.length) * 1000,
    cyclesExact: rows.every((r) => r.latency === r.latencyBackend && r.ii === r.iiBackend),
    cyclesVerilator: rows.every((r) => !r.verilator || (r.verilator.latency === r.latency && r.verilator.ii === r.ii)),
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
      `Streaming rows (conv, cnn): mean |error| LUT ${(r.conv.lut * 100).toFixed(1)}%, DSP ${(r.conv.dsp * 100).toFixed(1)}%, FF ${(r.conv.ff * 100).toFixed(1)}%. ` +
      `Cycles (latency and II) equal the backend's schedule on every row: ${r.cyclesExact ? 'yes' : 'NO'}. Estimator: ${r.usPerEstimate.toFixed(0)} µs of CPU per design on average (load average ${loadavg()[0]?.toFixed(1)} while measured).`,
    '',
    '| set | design | LUT est | LUT Yosys | err | FF est | FF Yosys | err | DSP est | DSP Yosys | err | BRAM est | BRAM Yosys | latency est | latency Verilator | II est | II Verilator | CPU ms/estimate |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...r.rows.map(
      (x) =>
        `| ${x.set} | ${x.design} | ${x.estimated.luts} | ${x.measured.luts ?? '–'} | ${pct(x.estimated.luts, x.measured.luts)} | ${x.estimated.ffs} | ${x.measured.ffs ?? '–'} | ${pct(x.estimated.ffs, x.measured.ffs)} | ` +
        `${x.estimated.dsps} | ${x.measured.dsps ?? '–'} | ${pct(x.estimated.dsps, x.measured.dsps)} | ${x.estimated.brams} | ${x.measured.brams ?? '–'} | ${x.latency}${x.latency === x.latencyBackend ? '' : ` (backend ${x.latencyBackend})`} | ${x.verilator ? `${x.verilator.latency} (up to ${x.verilator.latencyMax} back to back)` : '–'} | ` +
        `${x.ii}${x.ii === x.iiBackend ? '' : ` (backend ${x.iiBackend})`} | ${x.verilator?.ii ?? '–'} | ${x.estimateMs.toFixed(2)} |`,
    ),
    '',
    'Dense rows: cycles are Verilator-checked in test/explore/cost-cycles.test.ts (latency from an accepted input to its output, II). ' +
      'Streaming rows ("conv"): example blocks of test/conv/blocks.ts at ap_fixed<8,3> (one_d cut to its avgpool output), the fan-out block of test/verilog and the conv ladder ' +
      '(RF 1 to 4, pruned, power-of-two weights, its own 10-bit types); Yosys and Verilator figures in bench/results/cost-measurements-conv.json. ' +
      `Their cycles come from the stream backend's handshake model (src/backends/verilog/stream/handshake-model.ts: every valid/ready of the top, units and FIFOs replayed cycle by cycle), ` +
      'so latency (an image entering an empty design: first pixel in to last pixel out, line-buffer fills, folded layers and FIFOs included) and cycles per image are counted, not bounded; ' +
      `estimate = Verilator on every streaming row: ${r.cyclesVerilator ? 'yes' : 'NO'} (test/verilog/conv-stream.test.ts checks the model beat for beat against Verilator and Icarus, also under back-pressure). ` +
      'The upsample row-buffer LUT count (Yosys shifters for the indexed write) was read off movement_2d; the other streaming rows are held out (the last five were added after the fit). ' +
      'The "cnn" row is the bundled Fashion-MNIST CNN at its 10-bit profiled design (Yosys 11 min, Verilator on 100 images: BENCHMARKS.md); it counts among the streaming rows. ' +
      'Prices of the streaming library modules alone (fx_window, fx_fifo, fx_cast) against Yosys: test/explore/cost-library.test.ts.',
    '',
    'Regenerate: `npx tsx bench/cost-bench.ts` (saved Yosys figures; measures streaming designs it has no figures for) or `npx tsx bench/cost-bench.ts --synth` (measure everything again).',
    '',
  ];
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'))) {
  const r = await costModelBench({ synth: process.argv.includes('--synth'), log: (s) => process.stderr.write(`${s}\n`) });
  process.stdout.write(costModelTable(r));
}
