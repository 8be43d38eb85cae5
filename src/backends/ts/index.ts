/**
 * The TypeScript backend: a design → one self-contained TypeScript module
 * (the specialized, bit-exact golden model), its loader, and the heuristic
 * that says when generating it pays off over the interpreter.
 *
 * emit-ts.ts and load-ts-model.ts load ts-morph and the TypeScript compiler;
 * import choose-engine.ts alone to decide cheaply.
 */
export { emitTs, emitTsDetailed, type EmitTsOptions, type EmittedTs, type LayerPlan } from './emit-ts.js';
export { loadTsModel, transpileTs, type RawInput, type TsModel } from './load-ts-model.js';
export { chooseEngine, DEFAULT_CALIBRATION, type EngineCalibration, type EngineChoice, type EngineOptions } from './choose-engine.js';
