/**
 * Shared pieces of the compression experiments on Fashion-MNIST: data
 * subsets, float and simulated fixed-point accuracy, the size columns, and
 * progress lines on stderr.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimulator, quantizeInputsFlat } from '../../sim/simulate.js';
import { graphAccuracy } from '../../src/compress/graph-eval.js';
import { measureGraph, type ModelSize } from '../../src/compress/model-size.js';
import type { PrecisionConfigObject } from '../../src/compress/quantize/precision-config.js';
import type { LabelledData } from '../../src/compress/train/dataset.js';
import type { Progress } from '../../src/compress/train/fit.js';
import { readFashionMnist } from '../../src/datasets/fashion-mnist.js';
import type { Graph } from '../../src/ir/graph/types.js';
import { lowerGraph } from '../../src/lower/lower.js';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const RESULTS_DIR = join(HERE, 'results');

export function loadSplit(split: 'train' | 'test', limit: number, offset = 0): LabelledData {
  const ds = readFashionMnist(split, { limit, offset });
  return { n: ds.count, inSize: ds.rows * ds.cols, x: ds.images, labels: Int32Array.from(ds.labels) };
}

/** Float64 accuracy of the graph IR (the reference evaluator). */
export function floatAccuracy(graph: Graph, data: LabelledData): number {
  return graphAccuracy(graph, { n: data.n, data: data.x }, data.labels);
}

/**
 * Accuracy of the accelerator: the graph lowered with `config`, run by the
 * bit-accurate simulator on the quantized test images; the class is the
 * first maximum of the design's output codes.
 */
export function simulatedAccuracy(graph: Graph, config: PrecisionConfigObject, data: LabelledData): number {
  const df = lowerGraph(graph, config);
  const sim = createSimulator(df);
  const raw = quantizeInputsFlat(df, data.x, data.n);
  const out = sim.runBatch(raw, data.n);
  const classes = out.length / data.n;
  let hit = 0;
  for (let s = 0; s < data.n; s++) {
    let best = 0;
    for (let j = 1; j < classes; j++) if (Number(out[s * classes + j]) > Number(out[s * classes + best])) best = j;
    if (best === data.labels[s]) hit++;
  }
  return hit / data.n;
}

export interface Row {
  readonly method: string;
  readonly size: ModelSize;
  readonly floatAcc: number | null;
  readonly fixedAcc: number;
  readonly note?: string;
}

export function row(method: string, graph: Graph, config: PrecisionConfigObject, test: LabelledData, float: boolean, note?: string): Row {
  const t0 = Date.now();
  const r: Row = {
    method,
    size: measureGraph(graph, config),
    floatAcc: float ? floatAccuracy(graph, test) : null,
    fixedAcc: simulatedAccuracy(graph, config, test),
    ...(note !== undefined ? { note } : {}),
  };
  log(`  ${method}: fixed ${pct(r.fixedAcc)}${r.floatAcc !== null ? `, float ${pct(r.floatAcc)}` : ''}, ${r.size.weightBits} weight bits (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return r;
}

export function pct(x: number): string {
  return (100 * x).toFixed(2);
}

export function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

export function progress(tag: string): (p: Progress) => void {
  return (p) => log(`  [${tag}] epoch ${p.epoch} step ${p.step} loss ${p.loss.toFixed(4)}`);
}

export function table(rows: readonly Row[], baselineBits: number, baselineAcc: number): string {
  const head = '| method | params | non-zero | weight bits | × smaller | bits incl. sparse index | MACs (non-zero) | float acc % | fixed-point acc % (sim) | Δ vs float baseline | note |';
  const sep = '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|';
  const lines = rows.map((r) =>
    [
      r.method,
      r.size.parameters,
      r.size.nonzeroParameters,
      r.size.weightBits,
      (baselineBits / r.size.weightBits).toFixed(1),
      r.size.indexedWeightBits,
      r.size.macs,
      r.floatAcc === null ? '—' : pct(r.floatAcc),
      pct(r.fixedAcc),
      (100 * (r.fixedAcc - baselineAcc)).toFixed(2),
      r.note ?? '',
    ].join(' | '),
  );
  return [head, sep, ...lines.map((l) => `| ${l} |`)].join('\n');
}

export function writeResult(name: string, text: string): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, name), text);
  log(`wrote ${join(RESULTS_DIR, name)}`);
}
