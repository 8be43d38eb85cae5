/**
 * The bundled Fashion-MNIST CNN on hardware: its 10-bit design (the one whose
 * accuracy eval-cnn.ts reports) emitted as Verilog and as HLS C++, and the
 * first N test images run through the whole ladder: simulator == TS golden
 * model == g++ csim (io_parallel, io_stream) == Verilator == Icarus (full
 * speed and random backpressure), equal integers on every image. Prints the
 * cycles per image; with --synth, Yosys resources per layer.
 *
 *   node --import tsx examples/cnn/verify-cnn.ts [--images 100] [--width 10] [--backends ts,hls,verilog] [--simulators verilator,icarus] [--synth]
 *   npm run verify:examples
 */
import { parseArgs } from 'node:util';
import { emitVerilog } from '../../src/backends/verilog/index.js';
import { ladderTable } from '../../src/cli/commands/verify.js';
import { imageRows, readFashionMnist } from '../../src/datasets/fashion-mnist.js';
import { importTfjs } from '../../src/frontends/tfjs/index.js';
import { LADDER_BACKENDS, runLadder, type LadderBackend } from '../../src/ladder.js';
import { loadConfig } from '../../src/lower/config.js';
import { summarizeDesign } from '../../src/report/summary.js';
import { formatSynthTable, synthVerilog } from '../../src/report/yosys/index.js';
import { quantizeInputs } from '../../sim/simulate.js';
import { profiledDesign } from './profiled-config.js';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'examples/cnn/model/model.json' },
    config: { type: 'string', default: 'examples/cnn/config.yaml' },
    width: { type: 'string', default: '10' },
    calib: { type: 'string', default: '2000' },
    images: { type: 'string', default: '100' },
    backends: { type: 'string', default: LADDER_BACKENDS.join(',') },
    simulators: { type: 'string', default: 'verilator,icarus' },
    synth: { type: 'boolean', default: false },
  },
});
const log = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const t0 = performance.now();
  const graph = await importTfjs(args.model);
  const base = loadConfig(args.config);
  const calib = readFashionMnist('train', { limit: Number(args.calib) });
  const df = profiledDesign(graph, base, calib.images, calib.count, Number(args.width));
  const s = summarizeDesign(df);
  log(`CNN ${args.model}: ${s.params} parameters, ${s.macs} MACs per image, results at ${args.width} bits (integer bits from the profile of ${calib.count} training images)`);
  const test = readFashionMnist('test', { limit: Number(args.images) });
  const vectors = quantizeInputs(df, imageRows(test));
  const backends = args.backends.split(',') as LadderBackend[];
  const rows = await runLadder(df, vectors, {
    backends,
    simulators: args.simulators.split(',') as ('verilator' | 'icarus')[],
    onProgress: (m) => process.stderr.write(`  ${m}\n`),
  });
  log(`first ${test.count} Fashion-MNIST test images:`);
  log(ladderTable(rows));
  const bad = rows.filter((r) => r.mismatches > 0 || r.stalled);
  log(bad.length === 0 ? `bit-exact: every rung equals the simulator on all ${test.count} images` : `MISMATCH on ${bad.map((r) => r.rung).join(', ')}`);
  const rtl = rows.filter((r) => r.rung.endsWith('full-speed'));
  for (const r of rtl) if (r.ii !== undefined) log(`${r.rung}: ${r.ii} cycles per image (measured II), latency ${r.latency?.min}..${r.latency?.max} cycles`);
  if (args.synth) {
    log('Yosys synth_xilinx:');
    const rep = await synthVerilog(emitVerilog(df), { target: 'xilinx', logicDepth: false, onProgress: (m) => process.stderr.write(`  ${m}\n`) });
    log(formatSynthTable(rep));
  }
  log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  if (bad.length > 0) process.exitCode = 6;
}

await main();
