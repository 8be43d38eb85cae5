/**
 * CNN cost curve, one run: a MobileNet-style block (conv 3×3 → depthwise
 * 3×3 stride 2 → pointwise 1×1 → global average → dense) at four image sizes and
 * channel counts: compile time (model → Verilog and → HLS), Verilator build
 * time, Verilator cycles per image and simulated cycles per second, all on
 * images checked bit for bit against the simulator. Plus the simulator's and
 * the specialized TS model's inferences/s on the bundled Fashion-MNIST CNN.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitHls } from '../src/backends/hls/emit-hls.js';
import { emitTs, loadTsModel } from '../src/backends/ts/index.js';
import { emitVerilog } from '../src/backends/verilog/index.js';
import { readFashionMnist } from '../src/datasets/fashion-mnist.js';
import { importTfjs } from '../src/frontends/tfjs/index.js';
import type { Graph } from '../src/ir/graph/types.js';
import { loadConfig } from '../src/lower/config.js';
import { compileGraph } from '../src/pipeline.js';
import { verifyVerilog } from '../sim/rtl/index.js';
import { randomVectors } from '../sim/random-vectors.js';
import { createSimulator, quantizeInputsFlat } from '../sim/simulate.js';
import { Builder } from '../test/conv/builder.js';

export interface CnnSizeRow {
  readonly size: string;
  readonly macs: number;
  readonly compileMs: number;
  readonly hlsEmitMs: number;
  readonly verilogKiB: number;
  readonly verilatorBuildS: number;
  readonly cyclesPerImage: number;
  readonly simCyclesPerSec: number;
  readonly mismatches: number;
}

export interface CnnBenchResult {
  readonly sizes: readonly CnnSizeRow[];
  readonly cnn: { readonly simInfPerSec: number; readonly tsInfPerSec: number; readonly tsLoadS: number; readonly images: number };
}

function block(hw: number, c: number): Graph {
  const b = new Builder(hw * 100 + c);
  const x = b.input('image', [hw, hw, 1]);
  let h = b.relu('c0_relu', b.conv('c0', x, { filters: c, k: [3, 3], padding: 'same' }));
  h = b.relu('dw_relu', b.depthwise('dw', h, [3, 3], [2, 2], 'same'));
  h = b.relu('pw_relu', b.conv('pw', h, { filters: 2 * c, k: [1, 1] }));
  return b.graph(`cnn_${hw}x${hw}x${c}`, [b.dense('logits', b.globalPool('gap', h, 'avg'), 10)]) as Graph;
}

const CONFIG = { model: { default: 'ap_fixed<10,4,RND,SAT>' } };

export async function cnnBench(log: (s: string) => void = () => undefined): Promise<CnnBenchResult> {
  const sizes: CnnSizeRow[] = [];
  for (const [hw, c] of [
    [8, 4],
    [16, 8],
    [24, 12],
    [28, 16],
  ] as const) {
    log(`cnn bench: ${hw}×${hw}×${c}`);
    const g = block(hw, c);
    let t = performance.now();
    const df = compileGraph(g, { config: CONFIG });
    const files = emitVerilog(df);
    const compileMs = performance.now() - t;
    t = performance.now();
    emitHls(df, { io: 'stream' });
    const hlsEmitMs = performance.now() - t;
    const vectors = randomVectors(df, 20, 1);
    const rep = await verifyVerilog(df, files, vectors, { simulators: ['verilator'], backpressure: false, cacheDir: mkdtempSync(join(tmpdir(), 'fixflow-bench-cnn-')) });
    const run = rep.runs[0];
    const macs = df.nodes.reduce((a, n) => a + (n.op === 'conv' || n.op === 'dense' ? n.weights.length : 0), 0);
    sizes.push({
      size: `${hw}×${hw}×${c}`,
      macs,
      compileMs,
      hlsEmitMs,
      verilogKiB: [...files.values()].reduce((a, f) => a + f.length, 0) / 1024,
      verilatorBuildS: (rep.builds[0]?.ms ?? 0) / 1000,
      cyclesPerImage: run?.ii ?? 0,
      simCyclesPerSec: run ? run.cycles / (run.runMs / 1000) : 0,
      mismatches: run?.mismatchCount ?? -1,
    });
  }
  log('cnn bench: bundled CNN, simulator vs specialized TS model');
  const graph = await importTfjs('examples/cnn/model/model.json');
  const df = compileGraph(graph, { config: loadConfig('examples/cnn/config.yaml') });
  const test = readFashionMnist('test', { limit: 1000 });
  const raw = quantizeInputsFlat(df, test.images, test.count);
  const sim = createSimulator(df);
  let t = performance.now();
  sim.runBatch(raw, test.count);
  const simInfPerSec = test.count / ((performance.now() - t) / 1000);
  t = performance.now();
  const model = await loadTsModel(emitTs(df));
  const tsLoadS = (performance.now() - t) / 1000;
  t = performance.now();
  model.inferBatch(raw, test.count);
  const tsInfPerSec = test.count / ((performance.now() - t) / 1000);
  return { sizes, cnn: { simInfPerSec, tsInfPerSec, tsLoadS, images: test.count } };
}

export function cnnBenchTable(r: CnnBenchResult): string {
  const lines = [
    '| block (H×W×C) | weights | compile → Verilog ms | emit HLS ms | Verilog KiB | Verilator build s | cycles/image | simulated cycles/s | mismatches |',
    '|---|---|---|---|---|---|---|---|---|',
    ...r.sizes.map(
      (s) =>
        `| ${s.size} | ${s.macs} | ${s.compileMs.toFixed(0)} | ${s.hlsEmitMs.toFixed(0)} | ${s.verilogKiB.toFixed(0)} | ${s.verilatorBuildS.toFixed(1)} | ${s.cyclesPerImage} | ${Math.round(s.simCyclesPerSec)} | ${s.mismatches} |`,
    ),
    '',
    `Bundled Fashion-MNIST CNN (examples/cnn, config.yaml), ${r.cnn.images} test images: simulator ${r.cnn.simInfPerSec.toFixed(0)} inf/s, specialized TS model ${r.cnn.tsInfPerSec.toFixed(0)} inf/s (generated and loaded in ${r.cnn.tsLoadS.toFixed(2)} s).`,
    '',
  ];
  return lines.join('\n');
}
