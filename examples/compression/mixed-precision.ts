/**
 * Mixed precision by measured sensitivity: per-layer weight widths for the
 * Fashion-MNIST MLP under total weight-bit budgets, against uniform widths
 * that fit the same budget. Sensitivity = drop of simulated fixed-point
 * accuracy on 2000 held-out training images when only that layer's weights
 * are narrowed (others at 8 bits; activations 8 bits, MSE calibration).
 *
 *   node --import tsx examples/compression/mixed-precision.ts [--train N] [--epochs E]
 */
import { denseNodes } from '../../src/compress/graph-edit.js';
import { calibratePrecision } from '../../src/compress/quantize/calibrate.js';
import { chooseMixedPrecision, measureSensitivities } from '../../src/compress/quantize/mixed-precision.js';
import { head } from '../../src/compress/train/dataset.js';
import { fineTune } from '../../src/compress/train/fine-tune.js';
import { initMlp } from '../../src/compress/train/init-mlp.js';
import type { Graph } from '../../src/ir/graph/types.js';
import { loadSplit, log, pct, progress, row, simulatedAccuracy, writeResult } from './common.js';

function arg(name: string, def: number): number {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? Number(process.argv[k + 1]) : def;
}
const t0 = Date.now();
const train = loadSplit('train', arg('train', 15000));
const test = loadSplit('test', arg('test', 10000));
const valid = loadSplit('train', 2000, 50000);
const calib = head(train, 1000);
const EPOCHS = arg('epochs', 4);

const baseline: Graph = fineTune(initMlp('fmnist_mlp', [784, 128, 64, 10], 1), train, { epochs: EPOCHS, batchSize: 64, learningRate: 1e-3, seed: 1, onProgress: progress('baseline') });
const cfgFor = (bits: number | Record<string, number>) => calibratePrecision(baseline, { n: calib.n, data: calib.x }, { method: 'mse', weightBits: bits, activationBits: 8 }).config;
const layers = denseNodes(baseline).map((d) => ({ layer: d.name, params: d.kernel.length }));
const all8 = Object.fromEntries(layers.map((l) => [l.layer, 8]));
const cands = [2, 3, 4, 5, 6, 8];
const refAcc = simulatedAccuracy(baseline, cfgFor(8), valid);
const sens = measureSensitivities(layers, cands, (layer, bits) => refAcc - simulatedAccuracy(baseline, cfgFor({ ...all8, [layer]: bits }), valid));
const total = layers.reduce((a, l) => a + l.params, 0);
const lines = [
  '| budget (avg bits/weight) | assignment (dense_1/2/3) | weight bits | sim acc % | uniform width that fits | sim acc % |',
  '|---:|---|---:|---:|---:|---:|',
];
for (const avg of [2.25, 2.5, 3, 3.5]) {
  const mp = chooseMixedPrecision(layers, cands, sens, Math.floor(avg * total));
  const mixed = row(`mixed ${avg}`, baseline, cfgFor(mp.bits), test, false);
  const uni = Math.max(...cands.filter((b) => b <= avg));
  const uniform = row(`uniform ${uni}`, baseline, cfgFor(uni), test, false);
  lines.push(`| ${avg} | ${layers.map((l) => mp.bits[l.layer]).join('/')} | ${mixed.size.weightBits} | ${pct(mixed.fixedAcc)} | ${uni} (${uniform.size.weightBits} bits) | ${pct(uniform.fixedAcc)} |`);
}
const sensText = layers
  .map((l) => `${l.layer} (${l.params} weights): ${cands.map((b) => `${b}b ${(100 * (sens.get(l.layer)?.get(b) ?? 0)).toFixed(2)}`).join(', ')}`)
  .join('; ');
log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
writeResult(
  'mixed-precision.md',
  [
    '### Mixed precision under a weight-bit budget (post-training, no retraining)',
    '',
    `Command: \`node --import tsx examples/compression/mixed-precision.ts ${process.argv.slice(2).join(' ')}\`. Baseline MLP 784-128-64-10, ${EPOCHS} epochs on the first ${train.n} training images. Sensitivities (accuracy drop in points on 2000 held-out training images, simulated): ${sensText}. The assignment minimises the summed sensitivity with Σ weights·bits ≤ budget (exact DP). Budgets count weights only; the weight-bit column also counts biases (12 bits). Test: ${test.n} images. Run time ${((Date.now() - t0) / 1000).toFixed(0)} s.`,
    '',
    ...lines,
    '',
  ].join('\n'),
);
