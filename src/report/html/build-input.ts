/**
 * `buildReportInput`: run a labelled data set through the bit-accurate
 * simulator with profiling on, and gather everything the report shows: the
 * design summary, the overflow profile with histograms, float and
 * fixed-point accuracy with confusion matrices, the ranks of low-rank
 * layers, and whatever resource figures and error bounds the caller has.
 */
import { createSimulator, quantizeInputsFlat } from '../../../sim/simulate.js';
import { CompileError } from '../../core/diagnostics.js';
import type { Dataflow } from '../../ir/dataflow/types.js';
import type { LayerBound } from '../error-bound.js';
import { summarizeDesign } from '../summary.js';
import { accuracyOf, agreement, argmaxClasses, confusionMatrix } from './confusion.js';
import { inferRanks } from './low-rank.js';
import type { DesignResources, LayerResources, ReportInput } from './report-input.js';

export interface LabelledData {
  /** shown in the report, e.g. "Fashion-MNIST test (2000 images)" */
  readonly name: string;
  readonly count: number;
  /** count × (input size) floats, row-major: each row the inputs of all input nodes concatenated in node order */
  readonly inputs: Float32Array | Float64Array;
  /** the true class of each sample */
  readonly labels: ArrayLike<number>;
  /** one per class, in the order of the design's outputs */
  readonly classNames: readonly string[];
}

export interface BuildReportOptions {
  readonly data: LabelledData;
  /** the float model's predicted class per sample (classesFromScores turns output rows into these) */
  readonly floatClasses: ArrayLike<number>;
  readonly title?: string;
  readonly generated?: string;
  readonly resources?: readonly LayerResources[];
  readonly designResources?: readonly DesignResources[];
  readonly errorBounds?: readonly LayerBound[];
}

export function buildReportInput(df: Dataflow, opts: BuildReportOptions): ReportInput {
  const { data } = opts;
  const classes = data.classNames.length;
  if (!Number.isInteger(data.count) || data.count < 1) throw new CompileError('FF014', `report: the data set needs at least one sample, got ${data.count}`, { field: 'count' });
  if (data.labels.length !== data.count) throw new CompileError('FF014', `report: ${data.labels.length} labels for ${data.count} samples`, { field: 'labels' });
  if (opts.floatClasses.length !== data.count) {
    throw new CompileError('FF014', `report: ${opts.floatClasses.length} float predictions for ${data.count} samples`, { field: 'floatClasses' });
  }
  const sim = createSimulator(df, { profile: true });
  if (sim.outputSize !== classes) {
    throw new CompileError('FF014', `report: the design has ${sim.outputSize} outputs but ${classes} class names are given`, { field: 'classNames' });
  }
  const raw = sim.runBatch(quantizeInputsFlat(df, data.inputs, data.count), data.count);
  const fixedClasses = argmaxClasses(raw, data.count, classes);
  const floatConfusion = confusionMatrix(data.labels, opts.floatClasses, classes, { truth: 'labels', pred: 'floatClasses' });
  const fixedConfusion = confusionMatrix(data.labels, fixedClasses, classes, { truth: 'labels', pred: 'fixed-point predictions' });
  const ranks = inferRanks(df);
  return {
    ...(opts.title !== undefined ? { title: opts.title } : {}),
    ...(opts.generated !== undefined ? { generated: opts.generated } : {}),
    design: summarizeDesign(df),
    profile: sim.profile(),
    profileSamples: data.count,
    accuracy: {
      dataset: data.name,
      samples: data.count,
      labels: data.classNames,
      float: accuracyOf(floatConfusion),
      fixed: accuracyOf(fixedConfusion),
      agreement: agreement(fixedClasses, opts.floatClasses),
      floatConfusion,
      fixedConfusion,
    },
    ...(ranks.length > 0 ? { ranks } : {}),
    ...(opts.resources ? { resources: opts.resources } : {}),
    ...(opts.designResources ? { designResources: opts.designResources } : {}),
    ...(opts.errorBounds ? { errorBounds: opts.errorBounds } : {}),
  };
}
