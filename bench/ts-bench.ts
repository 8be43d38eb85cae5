/**
 * The specialized TypeScript model (src/backends/ts) against the interpreter
 * (sim/simulate.ts) and an int32 roofline, side by side in one run, on the
 * bundled Fashion-MNIST MLP and the 16-64-32-32-5 jet MLP with
 * ap_fixed<16,6> everywhere: inferences/s, MAC/s, and the time to generate,
 * transpile and import the module. Every specialized run is checked against
 * the interpreter first (equal integers).
 *
 * Run alone: node --import tsx bench/ts-bench.ts
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { emitTsDetailed, type EmitTsOptions } from '../src/backends/ts/emit-ts.js';
import { loadTsModel } from '../src/backends/ts/load-ts-model.js';
import { importTfjs } from '../src/frontends/tfjs/index.js';
import type { Dataflow } from '../src/ir/dataflow/types.js';
import type { Graph } from '../src/ir/graph/types.js';
import { compileGraph } from '../src/pipeline.js';
import { createSimulator, quantizeInputsFlat } from '../sim/simulate.js';
import { makeRoofline, runRoofline } from './roofline.js';
import { fmt, timeIt } from './timing.js';

const ROOT = new URL('../', import.meta.url);
const JET = fileURLToPath(new URL('examples/jet-mlp/model.json', ROOT));
const FASHION = fileURLToPath(new URL('examples/fashion-mlp/model.json', ROOT));

export interface TsBenchRow {
  readonly model: string;
  /** nonzero multiply–accumulates per inference */
  readonly macs: number;
  readonly batch: number;
  readonly interpreterUs: number;
  readonly specializedUs: number;
  /** the fastest of the rooflines (int32 tiled, float64 tiled, float64 feature-major), scaled to the design's MAC count */
  readonly rooflineUs: number;
  readonly rooflineKind: string;
  readonly generateMs: number;
  readonly transpileMs: number;
  readonly importMs: number;
  /** first batch of one block, including V8's first compilation of the kernels */
  readonly firstCallMs: number;
  readonly moduleKb: number;
  readonly layers: string;
}

export interface TsBenchOptions {
  readonly batch?: number;
  /** ms of timing per measurement */
  readonly minMs?: number;
  readonly emit?: EmitTsOptions;
  readonly log?: (line: string) => void;
}

function randomInputs(n: number, width: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n * width }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 4 - 2);
}

/**
 * Tiled rooflines: fixed-size dense layers, 2 outputs × 4 samples per tile
 * (8 independent accumulators, each input and weight load shared), in int32
 * (Math.imul, |0) or float64 (exact: the values stay small integers).
 */
function tiledRoofline(sizes: readonly number[], kind: 'int32' | 'float64'): (x: Int32Array, B: number) => Int32Array {
  return kind === 'int32' ? int32Tiled(sizes) : float64Tiled(sizes);
}

function float64Tiled(sizes: readonly number[]): (x: Int32Array, B: number) => Int32Array {
  let s = 7;
  const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648), (s % 65536) - 32768);
  const layers = sizes.slice(1).map((outSize, l) => {
    const inSize = sizes[l] ?? 1;
    return { inSize, outSize, w: Float64Array.from({ length: inSize * outSize }, rand) };
  });
  const S = 4;
  const bufs = sizes.map((n) => new Float64Array(n * S));
  return (x, B) => {
    const last = sizes[sizes.length - 1] ?? 1;
    const out = new Int32Array(B * last);
    const inW = sizes[0] ?? 1;
    const b0buf = bufs[0] as Float64Array;
    for (let b0 = 0; b0 < B; b0 += S) {
      for (let q = 0; q < S; q++) for (let i = 0; i < inW; i++) b0buf[i * S + q] = b0 + q < B ? (x[(b0 + q) * inW + i] as number) : 0;
      layers.forEach(({ inSize, outSize, w }, l) => {
        const xin = bufs[l] as Float64Array;
        const y = bufs[l + 1] as Float64Array;
        for (let o = 0; o < outSize; o += 2) {
          const r0 = o * inSize;
          const r1 = o + 1 < outSize ? r0 + inSize : r0;
          let a0 = 0;
          let a1 = 0;
          let a2 = 0;
          let a3 = 0;
          let c0 = 0;
          let c1 = 0;
          let c2 = 0;
          let c3 = 0;
          for (let i = 0; i < inSize; i++) {
            const xi = i * S;
            const x0 = xin[xi] as number;
            const x1 = xin[xi + 1] as number;
            const x2 = xin[xi + 2] as number;
            const x3 = xin[xi + 3] as number;
            const w0 = w[r0 + i] as number;
            const w1 = w[r1 + i] as number;
            a0 += x0 * w0;
            a1 += x1 * w0;
            a2 += x2 * w0;
            a3 += x3 * w0;
            c0 += x0 * w1;
            c1 += x1 * w1;
            c2 += x2 * w1;
            c3 += x3 * w1;
          }
          const base = o * S;
          // keep the values small integers so the next layer stays exact
          y[base] = a0 % 1024;
          y[base + 1] = a1 % 1024;
          y[base + 2] = a2 % 1024;
          y[base + 3] = a3 % 1024;
          if (o + 1 < outSize) {
            y[base + S] = c0 % 1024;
            y[base + S + 1] = c1 % 1024;
            y[base + S + 2] = c2 % 1024;
            y[base + S + 3] = c3 % 1024;
          }
        }
      });
      const yl = bufs[sizes.length - 1] as Float64Array;
      for (let q = 0; q < S && b0 + q < B; q++) for (let j = 0; j < last; j++) out[(b0 + q) * last + j] = yl[j * S + q] as number;
    }
    return out;
  };
}

function int32Tiled(sizes: readonly number[]): (x: Int32Array, B: number) => Int32Array {
  let s = 7;
  const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648), (s % 65536) - 32768);
  const layers = sizes.slice(1).map((outSize, l) => {
    const inSize = sizes[l] ?? 1;
    return { inSize, outSize, w: Int32Array.from({ length: inSize * outSize }, rand) };
  });
  const S = 4;
  const bufs = sizes.map((n) => new Int32Array(n * S));
  return (x, B) => {
    const last = sizes[sizes.length - 1] ?? 1;
    const out = new Int32Array(B * last);
    const inW = sizes[0] ?? 1;
    const b0buf = bufs[0] as Int32Array;
    for (let b0 = 0; b0 < B; b0 += S) {
      for (let q = 0; q < S; q++) for (let i = 0; i < inW; i++) b0buf[i * S + q] = b0 + q < B ? (x[(b0 + q) * inW + i] as number) : 0;
      layers.forEach(({ inSize, outSize, w }, l) => {
        const xin = bufs[l] as Int32Array;
        const y = bufs[l + 1] as Int32Array;
        for (let o = 0; o < outSize; o += 2) {
          const r0 = o * inSize;
          const r1 = o + 1 < outSize ? r0 + inSize : r0;
          let a0 = 0;
          let a1 = 0;
          let a2 = 0;
          let a3 = 0;
          let c0 = 0;
          let c1 = 0;
          let c2 = 0;
          let c3 = 0;
          for (let i = 0; i < inSize; i++) {
            const xi = i * S;
            const x0 = xin[xi] as number;
            const x1 = xin[xi + 1] as number;
            const x2 = xin[xi + 2] as number;
            const x3 = xin[xi + 3] as number;
            const w0 = w[r0 + i] as number;
            const w1 = w[r1 + i] as number;
            a0 = (a0 + Math.imul(x0, w0)) | 0;
            a1 = (a1 + Math.imul(x1, w0)) | 0;
            a2 = (a2 + Math.imul(x2, w0)) | 0;
            a3 = (a3 + Math.imul(x3, w0)) | 0;
            c0 = (c0 + Math.imul(x0, w1)) | 0;
            c1 = (c1 + Math.imul(x1, w1)) | 0;
            c2 = (c2 + Math.imul(x2, w1)) | 0;
            c3 = (c3 + Math.imul(x3, w1)) | 0;
          }
          const base = o * S;
          y[base] = a0 >> 16;
          y[base + 1] = a1 >> 16;
          y[base + 2] = a2 >> 16;
          y[base + 3] = a3 >> 16;
          if (o + 1 < outSize) {
            y[base + S] = c0 >> 16;
            y[base + S + 1] = c1 >> 16;
            y[base + S + 2] = c2 >> 16;
            y[base + S + 3] = c3 >> 16;
          }
        }
      });
      const yl = bufs[sizes.length - 1] as Int32Array;
      for (let q = 0; q < S && b0 + q < B; q++) for (let j = 0; j < last; j++) out[(b0 + q) * last + j] = yl[j * S + q] as number;
    }
    return out;
  };
}

function denseMacs(df: Dataflow): number {
  let n = 0;
  for (const node of df.nodes) if (node.op === 'dense') n += node.weights.filter((w) => w !== 0n).length;
  return n;
}

async function benchOne(label: string, graph: Graph, opts: TsBenchOptions): Promise<TsBenchRow> {
  const B = opts.batch ?? 10_000;
  const minMs = opts.minMs ?? 1500;
  const df = compileGraph(graph, { config: { model: { default: 'ap_fixed<16,6>' } } });
  const sim = createSimulator(df);
  const width = sim.inputSize;
  const raw = quantizeInputsFlat(df, randomInputs(B, width, 12345), B);

  const g0 = performance.now();
  const emitted = emitTsDetailed(df, opts.emit);
  const generateMs = performance.now() - g0;
  const model = await loadTsModel(emitted.source);
  const f0 = performance.now();
  model.inferBatch(raw.subarray(0, width), 1);
  const firstCallMs = performance.now() - f0;

  // equal integers before any timing
  const want = sim.runBatch(raw, B);
  const got = model.inferBatch(raw, B);
  for (let k = 0; k < want.length; k++) {
    if (want[k] !== got[k]) throw new Error(`${label}: specialized model differs from the interpreter at output ${k}: ${String(got[k])} vs ${String(want[k])}`);
  }

  const interpMs = timeIt(() => sim.runBatch(raw, B), minMs);
  const specMs = timeIt(() => model.inferBatch(raw, B), minMs);

  const sizes = [width, ...df.nodes.flatMap((n) => (n.op === 'dense' ? [n.outSize] : []))];
  const fullMacs = sizes.slice(1).reduce((a, s, i) => a + s * (sizes[i] ?? 0), 0);
  const macs = denseMacs(df);
  const xi = Int32Array.from({ length: width * B }, (_v, i) => (i % 17) - 8);
  const xf = Float64Array.from({ length: width * B }, (_v, i) => (i % 17) - 8);
  const feature = makeRoofline(sizes);
  const roofs: [string, number][] = [];
  for (const kind of ['int32', 'float64'] as const) {
    const run = tiledRoofline(sizes, kind);
    roofs.push([`${kind} tiled`, timeIt(() => run(xi, B), minMs)]);
  }
  roofs.push(['float64 feature-major', timeIt(() => runRoofline(feature, xf, B), minMs)]);
  roofs.sort((a, b) => a[1] - b[1]);
  const [roofKind, roofFullMs] = roofs[0] ?? ['none', NaN];
  const roofMs = roofFullMs * (macs / fullMacs);
  return {
    model: label,
    macs,
    batch: B,
    interpreterUs: (interpMs * 1000) / B,
    specializedUs: (specMs * 1000) / B,
    rooflineUs: (roofMs * 1000) / B,
    rooflineKind: roofKind,
    generateMs,
    transpileMs: model.loadMs.transpile,
    importMs: model.loadMs.import,
    firstCallMs,
    moduleKb: emitted.source.length / 1024,
    layers: emitted.layers.filter((l) => l.op === 'dense').map((l) => l.strategy).join(', '),
  };
}

export async function tsBench(opts: TsBenchOptions = {}): Promise<TsBenchRow[]> {
  const log = opts.log ?? ((): void => undefined);
  const rows: TsBenchRow[] = [];
  log('  specialized model: jet 16-64-32-32-5 …');
  rows.push(await benchOne('jet 16-64-32-32-5', await importTfjs(JET), opts));
  if (existsSync(FASHION)) {
    log('  specialized model: Fashion-MNIST MLP …');
    rows.push(await benchOne('fashion MLP 784-64-32-10', await importTfjs(FASHION), opts));
  }
  return rows;
}

export function tsBenchTable(rows: readonly TsBenchRow[]): string {
  const head = [
    'model',
    'MACs',
    'interpreter inf/s',
    'specialized inf/s',
    'roofline inf/s',
    'interpreter MAC/s',
    'specialized MAC/s',
    'roofline MAC/s',
    'specialized / interpreter',
    'specialized / roofline',
    'generate + transpile + import',
    'module',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const ips = (us: number): number => 1e6 / us;
    lines.push(
      `| ${r.model} | ${r.macs} | ${fmt(ips(r.interpreterUs))} | ${fmt(ips(r.specializedUs))} | ${fmt(ips(r.rooflineUs))} (${r.rooflineKind}) | ${fmt(ips(r.interpreterUs) * r.macs)} | ${fmt(ips(r.specializedUs) * r.macs)} | ${fmt(ips(r.rooflineUs) * r.macs)} | ${(r.interpreterUs / r.specializedUs).toFixed(2)}× | ${((100 * r.rooflineUs) / r.specializedUs).toFixed(0)}% | ${r.generateMs.toFixed(0)} + ${r.transpileMs.toFixed(0)} + ${r.importMs.toFixed(0)} ms | ${r.moduleKb.toFixed(0)} kB |`,
    );
  }
  lines.push('', `Dense layers: ${rows.map((r) => `${r.model}: ${r.layers}`).join('; ')}.`);
  return lines.join('\n') + '\n';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await tsBench({ log: (s) => process.stderr.write(s + '\n') });
  process.stdout.write(tsBenchTable(rows));
}
