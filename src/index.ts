/** fixflow's public API. */
export * from './fixed/index.js';
export { CompileError, ERROR_CODES, formatError, type ErrorCode } from './core/diagnostics.js';
export { sanitizeIdentifier, uniqueIdentifiers } from './core/naming.js';
export type * from './ir/graph/types.js';
export type * from './ir/dataflow/types.js';
export { graphFromJson, graphToJson } from './ir/graph/json.js';
export { dataflowFromJson, dataflowToJson } from './ir/dataflow/json.js';
export { printDataflow } from './ir/dataflow/print.js';
export { printGraph } from './ir/graph/print.js';
export { verifyGraph } from './ir/graph/verify.js';
export { verifyDataflow } from './ir/dataflow/verify.js';
export { lowerGraph } from './lower/lower.js';
export { loadConfig, parseConfig, type PrecisionConfig } from './lower/config.js';
export { compileGraph, PASS_NAMES } from './pipeline.js';
export { importTfjs, loadTfjsModel, tfjsPredict } from './frontends/tfjs/index.js';
export { createSimulator, simulateRaw, quantizeInputs, outputsToReal } from '../sim/simulate.js';
export { summarizeDesign } from './report/summary.js';
