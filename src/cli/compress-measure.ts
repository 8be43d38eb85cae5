/**
 * What every `fixflow compress` step reports, before and after: parameters,
 * weight bits, MACs, float accuracy and simulated fixed-point accuracy (the
 * hardware's arithmetic, through the full pipeline and the simulator).
 */
import { graphAccuracy, measureGraph, type LabelledData } from '../compress/index.js';
import { CompileError } from '../core/diagnostics.js';
import { readFashionMnist } from '../datasets/fashion-mnist.js';
import type { Graph } from '../ir/graph/types.js';
import type { PrecisionConfig } from '../lower/config.js';
import { compileGraph } from '../pipeline.js';
import { textTable } from '../report/summary.js';
import { accuracy, simulateClasses } from './accuracy.js';

export interface EvalData {
  readonly name: string;
  readonly test: { readonly n: number; readonly x: Float32Array; readonly labels: Int32Array };
  /** training split, for the steps that train */
  train(limit?: number): LabelledData;
}

export function loadEvalData(which: string | undefined, limit: number | undefined): EvalData | undefined {
  if (which === undefined) return undefined;
  if (which !== 'fashion-mnist') throw new CompileError('FF014', `--data knows only fashion-mnist, got '${which}'`, { field: '--data' });
  const ds = readFashionMnist('test', { limit: limit ?? 2000 });
  return {
    name: `Fashion-MNIST test (${ds.count} images)`,
    test: { n: ds.count, x: ds.images, labels: Int32Array.from(ds.labels) },
    train: (n) => {
      const t = readFashionMnist('train', n !== undefined ? { limit: n } : {});
      return { n: t.count, inSize: t.rows * t.cols, x: t.images, labels: Int32Array.from(t.labels) };
    },
  };
}

export interface Measured {
  readonly parameters: number;
  readonly nonzero: number;
  readonly weightBits: number;
  readonly macs: number;
  readonly floatAcc?: number;
  readonly fixedAcc?: number;
}

export function measure(graph: Graph, config: PrecisionConfig, data: EvalData | undefined): Measured {
  const size = measureGraph(graph, config);
  const base = { parameters: size.parameters, nonzero: size.nonzeroParameters, weightBits: size.weightBits, macs: size.macs };
  if (!data) return base;
  const floatAcc = graphAccuracy(graph, { n: data.test.n, data: data.test.x }, data.test.labels);
  const df = compileGraph(graph, { config });
  const fixedAcc = accuracy(simulateClasses(df, data.test.x, data.test.n).predictions, data.test.labels);
  return { ...base, floatAcc, fixedAcc };
}

const pct = (v: number | undefined): string => (v === undefined ? '' : `${(100 * v).toFixed(2)}%`);

export function compareTable(before: Measured, after: Measured): string {
  const row = (label: string, m: Measured): (string | number)[] => [label, m.parameters, m.nonzero, m.weightBits, m.macs, pct(m.floatAcc), pct(m.fixedAcc)];
  return textTable(['model', 'parameters', 'nonzero', 'weight bits', 'MACs', 'float acc', 'fixed-point acc'], [row('before', before), row('after', after)]);
}
