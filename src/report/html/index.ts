/** The HTML report: `buildReportInput` gathers, `renderReport` renders. */
export { buildReportInput, type BuildReportOptions, type LabelledData } from './build-input.js';
export { argmaxClasses, classesFromScores, confusionMatrix } from './confusion.js';
export { inferRanks } from './low-rank.js';
export { renderReport } from './render-report.js';
export type { AccuracyReport, DesignResources, LayerRank, LayerResources, ReportInput, ResourceFigures, ResourceSource } from './report-input.js';
export { yosysResources, type SynthLike } from './yosys-input.js';
