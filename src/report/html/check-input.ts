/** Validation of a ReportInput: anything inconsistent is a CompileError naming the field and layer. */
import { CompileError } from '../../core/diagnostics.js';
import type { AccuracyReport, ReportInput, ResourceFigures } from './report-input.js';
import { RESOURCE_SOURCES } from './svg-resources.js';

const FIGURES: readonly (keyof ResourceFigures)[] = ['lut', 'ff', 'dsp', 'bram', 'latency', 'ii'];

function bad(message: string, field: string, layer?: string): CompileError {
  return new CompileError('FF014', `report: ${message}`, layer === undefined ? { field } : { field, layer });
}

function checkFigures(f: ResourceFigures, field: string, layer?: string): void {
  for (const m of FIGURES) {
    const v = f[m];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw bad(`${m} must be a finite number ≥ 0, got ${String(v)}`, `${field}.${m}`, layer);
  }
}

function checkFraction(v: number | undefined, field: string): void {
  if (v !== undefined && !(v >= 0 && v <= 1)) throw bad(`${field} must be a fraction in [0, 1], got ${String(v)}`, `accuracy.${field}`);
}

function checkAccuracy(a: AccuracyReport): void {
  const n = a.labels.length;
  if (n === 0) throw bad('accuracy needs at least one class label', 'accuracy.labels');
  if (!Number.isInteger(a.samples) || a.samples < 0) throw bad(`samples must be an integer ≥ 0, got ${a.samples}`, 'accuracy.samples');
  checkFraction(a.float, 'float');
  checkFraction(a.fixed, 'fixed');
  checkFraction(a.agreement, 'agreement');
  for (const key of ['floatConfusion', 'fixedConfusion'] as const) {
    const m = a[key];
    if (m.length !== n || m.some((row) => row.length !== n)) throw bad(`${key} must be ${n}×${n}, one row and column per label`, `accuracy.${key}`);
    if (m.some((row) => row.some((c) => !Number.isInteger(c) || c < 0))) throw bad(`${key} must hold counts (integers ≥ 0)`, `accuracy.${key}`);
  }
}

export function checkReportInput(input: ReportInput): void {
  const names = new Set(input.design.layers.map((l) => l.name));
  const known = (layer: string, field: string): void => {
    if (!names.has(layer)) throw bad(`no layer named '${layer}' in the design`, field, layer);
  };
  input.profile?.forEach((t, i) => known(t.layer, `profile[${i}].layer`));
  input.errorBounds?.forEach((b, i) => known(b.layer, `errorBounds[${i}].layer`));
  input.ranks?.forEach((r, i) => {
    known(r.layer, `ranks[${i}].layer`);
    if (!Number.isInteger(r.rank) || r.rank < 1) throw bad(`rank must be an integer ≥ 1, got ${r.rank}`, `ranks[${i}].rank`, r.layer);
  });
  input.resources?.forEach((r, i) => {
    known(r.layer, `resources[${i}].layer`);
    if (!RESOURCE_SOURCES.includes(r.source)) throw bad(`source must be one of ${RESOURCE_SOURCES.join(', ')}, got '${String(r.source)}'`, `resources[${i}].source`, r.layer);
    checkFigures(r, `resources[${i}]`, r.layer);
  });
  input.designResources?.forEach((r, i) => {
    if (!RESOURCE_SOURCES.includes(r.source)) throw bad(`source must be one of ${RESOURCE_SOURCES.join(', ')}, got '${String(r.source)}'`, `designResources[${i}].source`);
    checkFigures(r, `designResources[${i}]`);
  });
  if (input.accuracy) checkAccuracy(input.accuracy);
}
