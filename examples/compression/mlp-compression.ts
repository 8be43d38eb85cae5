/**
 * Compression of a Fashion-MNIST MLP (784-128-64-10): each method alone and
 * combined, with parameters, weight bits, MACs, float accuracy and the
 * simulated fixed-point accuracy of the lowered design on the 10k test set.
 *
 *   node --import tsx examples/compression/mlp-compression.ts [--train N] [--epochs E]
 *
 * Sized for 2 shared cores: N training images (default 20000), E epochs
 * for the baseline (default 5), short fine-tunes.
 */
import * as tf from '@tensorflow/tfjs';
import { denseNodes } from '../../src/compress/graph-edit.js';
import { factorizeDense } from '../../src/compress/lowrank/factorize-dense.js';
import { pruneIteratively } from '../../src/compress/prune/iterative.js';
import { pruneUnits } from '../../src/compress/prune/remove-units.js';
import { correctBiases } from '../../src/compress/quantize/bias-correction.js';
import { calibratePrecision, type CalibrationOptions } from '../../src/compress/quantize/calibrate.js';
import { equalizeLayers } from '../../src/compress/quantize/equalize.js';
import { trainLowBit } from '../../src/compress/quantize/low-bit-training.js';
import { chooseMixedPrecision, measureSensitivities } from '../../src/compress/quantize/mixed-precision.js';
import { type PrecisionConfigObject } from '../../src/compress/quantize/precision-config.js';
import { qatGraph, qatHooks } from '../../src/compress/quantize/qat.js';
import { qatTypes } from '../../src/compress/quantize/qat-types.js';
import { head } from '../../src/compress/train/dataset.js';
import { fitGraphNet, type FitOptions } from '../../src/compress/train/fit.js';
import { GraphNet } from '../../src/compress/train/graph-net.js';
import { initMlp } from '../../src/compress/train/init-mlp.js';
import type { DenseNode, Graph } from '../../src/ir/graph/types.js';
import { loadSplit, log, pct, progress, row, simulatedAccuracy, table, writeResult, type Row } from './common.js';

function arg(name: string, def: number): number {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? Number(process.argv[k + 1]) : def;
}

const TRAIN = arg('train', 20000);
const EPOCHS = arg('epochs', 5);
const FT = arg('finetune', 2);
const SEED = 1;
const t0 = Date.now();
const elapsed = (): string => `${((Date.now() - t0) / 1000).toFixed(0)} s`;

const train = loadSplit('train', TRAIN);
const test = loadSplit('test', arg('test', 10000));
const calib = head(train, 1000);
const calibBatch = { n: calib.n, data: calib.x };
const valid = loadSplit('train', 2000, 50000);
const fit = (tag: string, epochs: number, lr = 1e-3): FitOptions => ({ epochs, batchSize: 64, learningRate: lr, seed: SEED, onProgress: progress(tag), progressEvery: 100 });

function train_(graph: Graph, tag: string, epochs: number, lr = 1e-3, opts: Partial<FitOptions> = {}): Graph {
  const net = new GraphNet(graph);
  try {
    fitGraphNet(net, train, { ...fit(tag, epochs, lr), ...opts });
    return net.toGraph();
  } finally {
    net.dispose();
  }
}

function ptq(graph: Graph, o: Partial<CalibrationOptions> = {}): PrecisionConfigObject {
  return calibratePrecision(graph, calibBatch, { method: 'mse', weightBits: 8, activationBits: 8, ...o }).config;
}

/** QAT fine-tune keeping zero weights at zero. */
function qat(graph: Graph, config: PrecisionConfigObject, tag: string, epochs: number): Graph {
  const types = qatTypes(graph, config);
  const net = new GraphNet(graph);
  const masks = new Map<string, tf.Tensor2D>();
  for (const d of denseNodes(graph)) {
    const v = net.denseVars(d.name);
    masks.set(d.name, tf.tensor2d(Float32Array.from(d.kernel, (w) => (w === 0 ? 0 : 1)), v.kernel.shape as [number, number]));
  }
  try {
    fitGraphNet(net, train, {
      ...fit(tag, epochs, 5e-4),
      hooks: qatHooks(types, { kernel: (node: DenseNode, k: tf.Tensor2D) => tf.mul(k, masks.get(node.name) ?? 1) as tf.Tensor2D }),
    });
    return qatGraph(net, types, (node, k) => {
      const m = masks.get(node.name)?.dataSync();
      return m === undefined ? k : Float32Array.from(k, (w, i) => (m[i] === 0 ? 0 : w));
    });
  } finally {
    for (const m of masks.values()) m.dispose();
    net.dispose();
  }
}

function withoutWeights(config: PrecisionConfigObject, layers: readonly string[]): PrecisionConfigObject {
  const layerName = { ...(config.layerName ?? {}) };
  for (const l of layers) {
    const { weight: _w, ...rest } = layerName[l] ?? {};
    layerName[l] = rest;
  }
  return { ...config, layerName };
}

const rows: Row[] = [];
log(`training the baseline on ${train.n} images, ${EPOCHS} epochs`);
const baseline = train_(initMlp('fmnist_mlp', [784, 128, 64, 10], SEED), 'baseline', EPOCHS);
const base = row('float32 baseline (sim at ap_fixed<16,6>)', baseline, {}, test, true);
rows.push(base);
const baseBits = base.size.float32Bits;
const baseAcc = base.floatAcc ?? 0;
log(`baseline done at ${elapsed()}: float ${pct(baseAcc)}`);

// --- post-training quantization
for (const method of ['minmax', 'percentile', 'mse'] as const) {
  rows.push(row(`PTQ ${method}, w8/a8`, baseline, ptq(baseline, { method, weightBits: 8 }), test, false));
}
const ptq4 = ptq(baseline, { weightBits: 4 });
rows.push(row('PTQ mse, w4/a8', baseline, ptq4, test, false));
const cle = equalizeLayers(baseline).graph;
const cle4 = ptq(cle, { weightBits: 4 });
rows.push(row('CLE + PTQ mse, w4/a8', cle, cle4, test, false));
const bc = correctBiases(cle, calibBatch, cle4).graph;
rows.push(row('CLE + bias correction + PTQ mse, w4/a8', bc, cle4, test, false));
const acc8 = ptq(baseline, { weightBits: 8, accum: 'calibrated' });
rows.push(row('PTQ mse, w8/a8, calibrated accumulators', baseline, acc8, test, false, 'accum widths from data (WRAP)'));

// --- mixed precision by measured sensitivity (simulated accuracy drop on 2k validation images)
const layers = denseNodes(baseline).map((d) => ({ layer: d.name, params: d.kernel.length }));
const cands = [2, 3, 4, 6, 8];
const ref8 = ptq(baseline, { weightBits: 8 });
const refAcc = simulatedAccuracy(baseline, ref8, valid);
const sens = measureSensitivities(layers, cands, (layer, bits) => {
  const cfg = ptq(baseline, { weightBits: { ...Object.fromEntries(layers.map((l) => [l.layer, 8])), [layer]: bits } });
  return refAcc - simulatedAccuracy(baseline, cfg, valid);
});
const budget = layers.reduce((a, l) => a + l.params, 0) * 3;
const mp = chooseMixedPrecision(layers, cands, sens, budget);
log(`mixed precision under ${budget} bits: ${JSON.stringify(mp.bits)}`);
rows.push(row(`mixed precision PTQ, ≤ 3 bits/weight avg (${layers.map((l) => mp.bits[l.layer]).join('/')})`, baseline, ptq(baseline, { weightBits: mp.bits }), test, false));
rows.push(row('uniform PTQ w3/a8 (same budget)', baseline, ptq(baseline, { weightBits: 3 }), test, false));

// --- QAT alone
const qat4 = qat(baseline, ptq4, 'qat w4', FT);
rows.push(row('QAT w4/a8 (from PTQ mse)', qat4, ptq4, test, true));
log(`QAT done at ${elapsed()}`);

// --- binary / ternary weights
for (const mode of ['ternary', 'binary'] as const) {
  const g = trainLowBit(baseline, train, mode, fit(mode, FT, 5e-4));
  const cfg = withoutWeights(ptq(g), layers.map((l) => l.layer));
  rows.push(row(`${mode} weights (trained, STE), a8`, g, cfg, test, true));
}
log(`low-bit done at ${elapsed()}`);

// --- unstructured pruning
const stepsPerEpoch = Math.ceil(train.n / 64);
const pruned = pruneIteratively(baseline, train, {
  schedule: { initialSparsity: 0, finalSparsity: 0.9, beginStep: 0, endStep: stepsPerEpoch * FT, frequency: 50 },
  scope: 'global',
  fit: fit('prune 90%', FT + 1),
}).graph;
rows.push(row('magnitude pruning 90% global (gradual, fine-tuned)', pruned, {}, test, true));
const prunedL = pruneIteratively(baseline, train, {
  schedule: { initialSparsity: 0, finalSparsity: 0.9, beginStep: 0, endStep: stepsPerEpoch * FT, frequency: 50 },
  scope: 'layer',
  fit: fit('prune 90% per layer', FT + 1),
}).graph;
rows.push(row('magnitude pruning 90% per layer (gradual, fine-tuned)', prunedL, {}, test, true));
log(`pruning done at ${elapsed()}`);

// --- structured pruning
for (const criterion of ['l1', 'fpgm'] as const) {
  const s = pruneUnits(baseline, { criterion, ratio: 0.5, layers: ['dense_1', 'dense_2'], calibration: calibBatch }).graph;
  rows.push(row(`${criterion} unit pruning 50% (no fine-tune)`, s, {}, test, true));
  rows.push(row(`${criterion} unit pruning 50% + fine-tune`, train_(s, criterion, FT), {}, test, true));
}
{
  // network slimming needs BatchNorm: a BN variant trained with L1 on γ
  const bnInit = initMlp('fmnist_mlp_bn', [784, 128, 64, 10], SEED, true);
  const net = new GraphNet(bnInit);
  const gammas = [...net.bn.values()].map((v) => v.gamma);
  fitGraphNet(net, train, {
    ...fit('bn-slim train', EPOCHS),
    loss: ({ outputs, labels }) => {
      const z = outputs.get('dense_3') as tf.Tensor2D;
      const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), z);
      return tf.add(ce, tf.mul(1e-4, tf.addN(gammas.map((g) => tf.sum(tf.abs(g)))))) as tf.Scalar;
    },
  });
  const bnGraph = net.toGraph();
  net.dispose();
  rows.push(row('BN variant, trained with L1 on γ', bnGraph, {}, test, true));
  const slim = pruneUnits(bnGraph, { criterion: 'bn-slim', ratio: 0.5, layers: ['dense_1', 'dense_2'] }).graph;
  rows.push(row('bn-slim unit pruning 50% (no fine-tune)', slim, {}, test, true));
  rows.push(row('bn-slim unit pruning 50% + fine-tune', train_(slim, 'bn-slim ft', FT), {}, test, true));
}
log(`structured pruning done at ${elapsed()}`);

// --- low rank alone
const lr = factorizeDense(baseline, 'dense_1', { rank: 32 });
rows.push(row('low-rank dense_1 r=32 (no fine-tune)', lr.graph, {}, test, true));
const lrFt = train_(lr.graph, 'lowrank ft', FT);
rows.push(row('low-rank dense_1 r=32 + fine-tune', lrFt, {}, test, true));

// --- combined
const cfgP4 = ptq(pruned, { weightBits: 4 });
rows.push(row('prune 90% + PTQ w4/a8', pruned, cfgP4, test, false));
const comb = qat(pruned, cfgP4, 'prune+qat w4', FT);
rows.push(row('**prune 90% + QAT w4/a8**', comb, cfgP4, test, true));
const cfgP6 = ptq(pruned, { weightBits: 6 });
const comb6 = qat(pruned, cfgP6, 'prune+qat w6', FT);
rows.push(row('prune 90% + QAT w6/a8', comb6, cfgP6, test, true));
const pruned80 = pruneIteratively(baseline, train, {
  schedule: { initialSparsity: 0, finalSparsity: 0.8, beginStep: 0, endStep: stepsPerEpoch * FT, frequency: 50 },
  scope: 'global',
  fit: fit('prune 80%', FT + 1),
}).graph;
rows.push(row('magnitude pruning 80% global (gradual, fine-tuned)', pruned80, {}, test, true));
const cfg80 = ptq(pruned80, { weightBits: 4 });
rows.push(row('**prune 80% + QAT w4/a8**', qat(pruned80, cfg80, 'prune80+qat w4', FT), cfg80, test, true));
const lrPruned = pruneIteratively(lrFt, train, {
  schedule: { initialSparsity: 0, finalSparsity: 0.75, beginStep: 0, endStep: stepsPerEpoch * FT, frequency: 50 },
  scope: 'global',
  fit: fit('lowrank+prune', FT + 1),
}).graph;
const cfgLP = ptq(lrPruned, { weightBits: 4 });
const combLR = qat(lrPruned, cfgLP, 'lowrank+prune+qat', FT);
rows.push(row('low-rank r=32 + prune 75% + QAT w4/a8', combLR, cfgLP, test, true));
log(`all done at ${elapsed()}`);

const md = [
  `### MLP 784-128-64-10 on Fashion-MNIST`,
  '',
  `Command: \`node --import tsx examples/compression/mlp-compression.ts ${process.argv.slice(2).join(' ')}\`. Training: first ${train.n} training images, baseline ${EPOCHS} epochs (Adam 1e-3, batch 64, seed ${SEED}); fine-tunes ${FT} epochs (pruning ${FT + 1}). Calibration: first 1000 training images. Mixed-precision sensitivities: 2000 training images 50000–51999 (simulated). Test: the first ${test.n} test images. Run time ${elapsed()} on 2 shared cores.`,
  '',
  `Rows without a quantization step keep float32 weights in the size columns (32 bits each); their simulated accuracy is the design at the lowering's default ap_fixed<16,6>. Rows with w·/a·: the calibrated config (MSE unless named) with weights at w bits, activations at a bits (RND, SAT), biases at max(w, a) + 4 bits, default accumulators (bit growth) unless named.`,
  '',
  `Float32 baseline: ${base.size.parameters} parameters = ${baseBits} bits, float accuracy ${pct(baseAcc)} %. "× smaller" = ${baseBits} / weight bits. Δ is the simulated fixed-point accuracy minus the float baseline accuracy, in points. Weight bits count non-zero weights at their weight width plus biases at their bias width; "bits incl. sparse index" adds ceil(log2(fan-in)) bits per non-zero weight.`,
  '',
  table(rows, baseBits, baseAcc),
  '',
  `Mixed precision: sensitivities (validation accuracy drop, points) ${JSON.stringify(Object.fromEntries([...sens].map(([l, m]) => [l, Object.fromEntries([...m].map(([b, s]) => [b, +(100 * s).toFixed(2)]))])))}; chosen ${JSON.stringify(mp.bits)} under ${budget} weight bits.`,
  '',
  'Precision config of the headline row (prune 90% + QAT w4/a8):',
  '',
  '```json',
  JSON.stringify(cfgP4, null, 2),
  '```',
  '',
].join('\n');
writeResult('mlp-compression.md', md);
writeResult('mlp-compression.json', JSON.stringify({ rows, baselineBits: baseBits, baselineFloatAccuracy: baseAcc }, null, 2));
