/**
 * What a report shows, as one plain typed object. Everything but the design
 * summary is optional; the page renders a column, a section or a plot only
 * when its data is present. Model-derived strings (layer sources, class
 * names, the title) are escaped when rendered, never trusted.
 */
import type { TensorProfile } from '../../../sim/profile.js';
import type { LayerBound } from '../error-bound.js';
import type { DesignSummary } from '../summary.js';

export interface AccuracyReport {
  /** what was measured on, e.g. "Fashion-MNIST test, first 2000 images" */
  readonly dataset: string;
  readonly samples: number;
  /** class names, in output order */
  readonly labels: readonly string[];
  /** fractions of correct predictions in [0, 1] */
  readonly float: number;
  readonly fixed: number;
  /** fraction of samples where the fixed-point design predicts the same class as the float model */
  readonly agreement?: number;
  /** counts, confusion[true class][predicted class] */
  readonly floatConfusion: readonly (readonly number[])[];
  readonly fixedConfusion: readonly (readonly number[])[];
}

export type ResourceSource = 'estimate' | 'yosys';

/** Figures of one layer or of the whole design; any may be missing. */
export interface ResourceFigures {
  readonly lut?: number;
  readonly ff?: number;
  readonly dsp?: number;
  readonly bram?: number;
  /** cycles from first input to last output */
  readonly latency?: number;
  /** initiation interval, cycles */
  readonly ii?: number;
}

export interface LayerResources extends ResourceFigures {
  /** the dataflow node's `name` */
  readonly layer: string;
  readonly source: ResourceSource;
}

export interface DesignResources extends ResourceFigures {
  readonly source: ResourceSource;
}

export interface LayerRank {
  /** the dataflow node's `name` */
  readonly layer: string;
  readonly rank: number;
}

export interface ReportInput {
  /** page title (default: "fixflow report: <design name>") */
  readonly title?: string;
  /** a timestamp or any provenance line; the page holds none unless given */
  readonly generated?: string;
  readonly design: DesignSummary;
  /** the overflow profile, as the simulator returns it (histograms included when present) */
  readonly profile?: readonly TensorProfile[];
  /** number of samples the profile was collected on */
  readonly profileSamples?: number;
  readonly accuracy?: AccuracyReport;
  /** per layer, per source; a layer may have both an estimate and a Yosys figure */
  readonly resources?: readonly LayerResources[];
  /** whole-design figures (e.g. Yosys on the top module, end-to-end latency) */
  readonly designResources?: readonly DesignResources[];
  readonly errorBounds?: readonly LayerBound[];
  /** rank of low-rank factorized layers (see inferRanks) */
  readonly ranks?: readonly LayerRank[];
}
