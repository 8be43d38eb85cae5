/**
 * The compression toolkit's public API. Every method takes and returns the
 * graph IR (training ones use tfjs underneath); invalid requests are
 * CompileError FF019 naming the layer and field.
 */
export { measureGraph, type ModelSize } from './model-size.js';
export { foldBatchnorms } from './conv/fold-batchnorm.js';
export { evaluateGraph, graphAccuracy, type Batch } from './graph-eval.js';
export { pruneMagnitude, magnitudeMasks, applyMasks, type MagnitudePruneOptions, type PruneResult } from './prune/magnitude.js';
export { polynomialSparsity, isPruningStep, type PolynomialSchedule } from './prune/schedule.js';
export { pruneIteratively, type IterativePruneOptions } from './prune/iterative.js';
export { pruneUnits, type UnitPruneOptions, type UnitPruneResult } from './prune/remove-units.js';
export { pruneFilters, type FilterPruneOptions, type FilterPruneResult } from './prune/remove-filters.js';
export { type UnitCriterion } from './prune/unit-scores.js';
export { calibratePrecision, type CalibrationOptions, type CalibrationResult, type RangeMethod } from './quantize/calibrate.js';
export { correctBiases } from './quantize/bias-correction.js';
export { equalizeLayers } from './quantize/equalize.js';
export { lowBitLayers, quantizeLowBit, type LowBitMode } from './quantize/low-bit-weights.js';
export { trainLowBit } from './quantize/low-bit-training.js';
export { chooseMixedPrecision, measureSensitivities, type LayerCost, type MixedPrecisionChoice } from './quantize/mixed-precision.js';
export { qatTypes, type QatTypes } from './quantize/qat-types.js';
export { qatHooks, qatGraph, qatDenseCodes } from './quantize/qat.js';
export { type PrecisionConfigObject, type LayerPrecision, resolvePrecision } from './quantize/precision-config.js';
export { svd, type Svd } from './lowrank/svd.js';
export { factorizeDense, type RankChoice, type FactorizeResult } from './lowrank/factorize-dense.js';
export { type ConvRankChoice, type ConvFactorizeResult } from './lowrank/conv-layer.js';
export { separateSpatially } from './lowrank/spatial-separable.js';
export { tucker2Conv } from './lowrank/tucker2.js';
export { cpConv } from './lowrank/cp-conv.js';
export { cpAls, type Cp } from './lowrank/cp-als.js';
export { distill, type DistillOptions, type HintOptions } from './distill/distill.js';
export { GraphNet, type ForwardHooks } from './train/graph-net.js';
export { fitGraphNet, netAccuracy, predictLogits, type FitOptions, type Progress } from './train/fit.js';
export { initMlp } from './train/init-mlp.js';
export { type LabelledData } from './train/dataset.js';
export { fineTune } from './train/fine-tune.js';
