/**
 * `fixflow report`: one self-contained HTML page for a compiled design:
 * per-layer table, overflow histograms, float vs fixed-point accuracy with
 * confusion matrices, the stated error bound, and (with --synth) Yosys
 * resources per layer.
 */
import { evaluateGraph } from '../../../sim/float-reference.js';
import { emitVerilog } from '../../backends/verilog/index.js';
import { CompileError } from '../../core/diagnostics.js';
import { FASHION_MNIST_CLASSES, readFashionMnist } from '../../datasets/fashion-mnist.js';
import { shapeSize } from '../../ir/graph/types.js';
import { errorBounds, type LayerBound } from '../../report/error-bound.js';
import { buildReportInput, classesFromScores, renderReport, yosysResources, type LabelledData } from '../../report/html/index.js';
import { synthVerilog } from '../../report/yosys/index.js';
import { compileModel, type ModelArgs } from '../compile-model.js';
import { writeOutputFile } from '../output-dir.js';
import { readVectors } from '../vector-files.js';

export interface ReportArgs extends ModelArgs {
  readonly output: string;
  readonly force?: boolean;
  readonly data?: string;
  readonly inputs?: string;
  readonly labels?: string;
  readonly classes?: string;
  readonly limit?: string;
  readonly synth?: boolean;
  readonly title?: string;
}

function limitOf(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new CompileError('FF014', `--limit must be a positive integer, got '${v}'`, { field: '--limit' });
  return n;
}

function labelledData(args: ReportArgs, width: number): LabelledData {
  const limit = limitOf(args.limit);
  if (args.inputs === undefined) {
    const which = args.data ?? 'fashion-mnist';
    if (which !== 'fashion-mnist') throw new CompileError('FF014', `--data knows only fashion-mnist; use --inputs and --labels for other data`, { field: '--data' });
    const ds = readFashionMnist('test', { limit: limit ?? 2000 });
    return { name: `Fashion-MNIST test (${ds.count} images)`, count: ds.count, inputs: ds.images, labels: ds.labels, classNames: FASHION_MNIST_CLASSES };
  }
  if (args.labels === undefined) throw new CompileError('FF014', '--inputs needs --labels (one class index per row)', { field: '--labels' });
  const vec = readVectors(args.inputs, 'float', width);
  const labelRows = readVectors(args.labels, 'float', 1).floats ?? [];
  const floats = (vec.floats ?? []).slice(0, limit);
  if (labelRows.length < floats.length) throw new CompileError('FF010', `${labelRows.length} labels for ${floats.length} input rows`, { file: args.labels });
  const labels = labelRows.slice(0, floats.length).map((r) => r[0] ?? -1);
  const bad = labels.findIndex((l) => !Number.isInteger(l) || l < 0);
  if (bad >= 0) throw new CompileError('FF010', `row ${bad + 1}: a label must be a class index (0, 1, …)`, { file: args.labels });
  const nClasses = Math.max(...labels) + 1;
  const classNames = args.classes !== undefined ? args.classes.split(',') : Array.from({ length: nClasses }, (_v, i) => `class ${i}`);
  const inputs = new Float64Array(floats.length * width);
  floats.forEach((r, i) => inputs.set(r, i * width));
  return { name: `${args.inputs} (${floats.length} rows)`, count: floats.length, inputs, labels, classNames };
}

function dataRange(x: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] ?? 0;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

export async function runReport(model: string, args: ReportArgs, out: (s: string) => void): Promise<void> {
  const say = (m: string): void => {
    process.stderr.write(`  ${m}\n`);
  };
  const { dataflow, graph } = await compileModel(model, args);
  if (!graph) throw new CompileError('FF014', 'a report needs the model (not a dataflow IR file) for its float reference', { file: model });
  const width = dataflow.nodes.filter((n) => n.op === 'input').reduce((a, n) => a + shapeSize(n.shape), 0);
  const data = labelledData(args, width);
  say(`float reference on ${data.count} samples`);
  const rows: number[][] = [];
  for (let i = 0; i < data.count; i++) rows.push(Array.from(data.inputs.subarray(i * width, (i + 1) * width)));
  const floatClasses = classesFromScores(evaluateGraph(graph, rows));
  let bounds: LayerBound[] | undefined;
  try {
    bounds = errorBounds(graph, dataflow, dataRange(data.inputs));
  } catch (e) {
    if (!(e instanceof CompileError && e.code === 'FF006')) throw e;
    say(`no error bound: ${e.message}`);
  }
  let synth: ReturnType<typeof yosysResources> | undefined;
  if (args.synth) {
    say('synthesizing with Yosys (synth_xilinx)');
    synth = yosysResources(await synthVerilog(emitVerilog(dataflow), { target: 'xilinx', onProgress: say }));
  }
  say(`bit-accurate simulation of ${data.count} samples with the overflow profile`);
  const input = buildReportInput(dataflow, {
    data,
    floatClasses,
    ...(args.title !== undefined ? { title: args.title } : {}),
    ...(bounds ? { errorBounds: bounds } : {}),
    ...(synth ?? {}),
  });
  writeOutputFile(args.output, renderReport(input), args.force ?? false);
  const acc = input.accuracy;
  if (acc) out(`float ${(100 * acc.float).toFixed(2)}%, fixed-point ${(100 * acc.fixed).toFixed(2)}% on ${data.count} samples${acc.agreement !== undefined ? `, agreement ${(100 * acc.agreement).toFixed(2)}%` : ""}\n`);
  out(`wrote ${args.output}\n`);
}
