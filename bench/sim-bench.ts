/**
 * Simulator throughput, side by side in one run: the bit-accurate simulator
 * (one core and all cores) vs TensorFlow.js float predict vs the int32
 * roofline, on the bundled Fashion-MNIST MLP and the 16-64-32-32-5 MLP with
 * ap_fixed<16,6> everywhere (dense, 70% and 95% pruned).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importTfjs, loadTfjsModel, tfjsPredict } from '../src/frontends/tfjs/index.js';
import type { Graph, GraphNode } from '../src/ir/graph/types.js';
import { compileGraph } from '../src/pipeline.js';
import { summarizeDesign } from '../src/report/summary.js';
import { createParallelSimulator } from '../sim/parallel.js';
import { createSimulator, quantizeInputsFlat } from '../sim/simulate.js';
import { makeRoofline, runRoofline } from './roofline.js';
import { fmt, timeIt } from './timing.js';

const ROOT = new URL('../', import.meta.url);
const JET = fileURLToPath(new URL('examples/jet-mlp/model.json', ROOT));
const FASHION = fileURLToPath(new URL('examples/fashion-mlp/model.json', ROOT));

export interface SimBenchRow {
  readonly model: string;
  readonly macs: number;
  readonly batch: number;
  readonly usPerInference: number;
  readonly inferencesPerSec: number;
  readonly macPerSec: number;
  readonly parallelUsPerInference: number;
  readonly tfjsUsPerInference: number;
  readonly rooflineUsPerInference: number;
  /** simulator MAC/s over roofline MAC/s (same MAC count) */
  readonly fractionOfRoofline: number;
}

/** Zero the smallest-magnitude `fraction` of each Dense kernel. */
function pruneGraph(g: Graph, fraction: number): Graph {
  const nodes: GraphNode[] = g.nodes.map((n) => {
    if (n.op !== 'dense') return n;
    const sorted = n.kernel.map(Math.abs).sort((a, b) => a - b);
    const cut = sorted[Math.floor(fraction * sorted.length)] ?? 0;
    let budget = Math.floor(fraction * n.kernel.length);
    return { ...n, kernel: n.kernel.map((v) => (Math.abs(v) <= cut && budget-- > 0 ? 0 : v)) };
  });
  return { ...g, name: `${g.name}_pruned${Math.round(fraction * 100)}`, nodes };
}

function randomImages(n: number, width: number): Float32Array {
  let s = 12345;
  return Float32Array.from({ length: n * width }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 4 - 2);
}

async function benchOne(label: string, graph: Graph, images: Float32Array, B: number, tfjsModelPath: string | null): Promise<SimBenchRow> {
  const df = compileGraph(graph, { config: { model: { default: 'ap_fixed<16,6>' } } });
  const summary = summarizeDesign(df);
  const sim = createSimulator(df);
  const width = sim.inputSize;
  const raw = quantizeInputsFlat(df, images, B);
  const ms = timeIt(() => sim.runBatch(raw, B), 1500);
  const par = createParallelSimulator(df, 2);
  await par.run(raw.slice(), B); // warm up
  const p0 = performance.now();
  const reps = 5;
  for (let r = 0; r < reps; r++) await par.run(raw.slice(), B);
  const parMs = (performance.now() - p0) / reps;
  await par.close();
  let tfjsMs = NaN;
  if (tfjsModelPath) {
    const model = await loadTfjsModel(tfjsModelPath);
    const rows: number[][] = [];
    for (let b = 0; b < B; b++) rows.push(Array.from(images.subarray(b * width, (b + 1) * width)));
    tfjsMs = timeIt(() => tfjsPredict(model, rows, 1000), 1500, 3);
  }
  // roofline on the dense sizes with the same MAC count as the design's nonzero MACs
  const sizes = [width, ...df.nodes.filter((n) => n.op === 'dense').map((n) => (n.op === 'dense' ? n.outSize : 0))];
  const roof = makeRoofline(sizes);
  const denseMacs = sizes.slice(1).reduce((a, s, i) => a + s * (sizes[i] ?? 0), 0);
  const xr = Float64Array.from({ length: width * B }, (_v, i) => (i % 17) - 8);
  const roofMs = timeIt(() => runRoofline(roof, xr, B), 1500);
  const roofMacPerSec = (denseMacs * B) / (roofMs / 1000);
  const macPerSec = (summary.macs * B) / (ms / 1000);
  return {
    model: label,
    macs: summary.macs,
    batch: B,
    usPerInference: (ms * 1000) / B,
    inferencesPerSec: B / (ms / 1000),
    macPerSec,
    parallelUsPerInference: (parMs * 1000) / B,
    tfjsUsPerInference: (tfjsMs * 1000) / B,
    rooflineUsPerInference: ((roofMs * 1000) / B) * (summary.macs / denseMacs),
    fractionOfRoofline: macPerSec / roofMacPerSec,
  };
}

export async function simBench(log: (s: string) => void): Promise<SimBenchRow[]> {
  const rows: SimBenchRow[] = [];
  const jet = await importTfjs(JET);
  const B = 10_000;
  const jetImages = randomImages(B, 16);
  for (const [label, g, tf] of [
    ['jet 16-64-32-32-5 dense', jet, JET],
    ['jet 70% pruned', pruneGraph(jet, 0.7), null],
    ['jet 95% pruned', pruneGraph(jet, 0.95), null],
  ] as const) {
    log(`  simulating ${label} …`);
    rows.push(await benchOne(label, g, jetImages, B, tf));
  }
  if (existsSync(FASHION)) {
    log('  simulating the bundled Fashion-MNIST MLP …');
    const fm = await importTfjs(FASHION);
    rows.push(await benchOne('fashion MLP (bundled)', fm, randomImages(B, 784).map((v) => Math.abs(v) / 2), B, FASHION));
  }
  return rows;
}

export function simBenchTable(rows: readonly SimBenchRow[]): string {
  const head = ['model', 'MACs', 'sim µs/inf (1 core)', 'sim µs/inf (2 cores)', 'sim MAC/s', 'roofline µs/inf', 'sim / roofline', 'tfjs float µs/inf', 'sim speed-up vs tfjs'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    lines.push(
      `| ${r.model} | ${r.macs} | ${r.usPerInference.toFixed(2)} | ${r.parallelUsPerInference.toFixed(2)} | ${fmt(r.macPerSec)} | ${r.rooflineUsPerInference.toFixed(2)} | ${(100 * r.fractionOfRoofline).toFixed(0)}% | ${Number.isFinite(r.tfjsUsPerInference) ? r.tfjsUsPerInference.toFixed(2) : '–'} | ${Number.isFinite(r.tfjsUsPerInference) ? (r.tfjsUsPerInference / r.usPerInference).toFixed(1) + '×' : '–'} |`,
    );
  }
  return lines.join('\n') + '\n';
}
