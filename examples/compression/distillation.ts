/**
 * Knowledge distillation on Fashion-MNIST: a teacher MLP 784-256-128-10 and
 * a student 784-32-10 (about 11 % of the teacher's parameters) trained
 * (a) alone, (b) with the teacher's soft targets (Hinton: T = 4, α = 0.9),
 * (c) with a FitNets hint stage (student relu_1 → teacher relu_1 through a
 * regressor) followed by (b). Float and simulated fixed-point accuracy.
 *
 *   node --import tsx examples/compression/distillation.ts [--train N] [--epochs E]
 */
import { distill } from '../../src/compress/distill/distill.js';
import { measureGraph } from '../../src/compress/model-size.js';
import { calibratePrecision } from '../../src/compress/quantize/calibrate.js';
import { head } from '../../src/compress/train/dataset.js';
import { fitGraphNet } from '../../src/compress/train/fit.js';
import { GraphNet } from '../../src/compress/train/graph-net.js';
import { initMlp } from '../../src/compress/train/init-mlp.js';
import type { Graph } from '../../src/ir/graph/types.js';
import { floatAccuracy, loadSplit, log, pct, progress, simulatedAccuracy, writeResult } from './common.js';

function arg(name: string, def: number): number {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? Number(process.argv[k + 1]) : def;
}
const TRAIN = arg('train', 20000);
const EPOCHS = arg('epochs', 5);
const t0 = Date.now();
const train = loadSplit('train', TRAIN);
const test = loadSplit('test', arg('test', 10000));
const calib = head(train, 1000);
const fitOpts = (tag: string) => ({ epochs: EPOCHS, batchSize: 64, learningRate: 1e-3, seed: 1, onProgress: progress(tag), progressEvery: 100 });

function trained(g: Graph, tag: string): Graph {
  const net = new GraphNet(g);
  try {
    fitGraphNet(net, train, fitOpts(tag));
    return net.toGraph();
  } finally {
    net.dispose();
  }
}

const teacher = trained(initMlp('teacher', [784, 256, 128, 10], 2), 'teacher');
const studentInit = initMlp('student', [784, 32, 10], 3);
const alone = trained(studentInit, 'student alone');
const kd = distill(teacher, studentInit, train, { temperature: 4, alpha: 0.9, fit: fitOpts('student KD') });
const kdSoft = distill(teacher, studentInit, train, { temperature: 2, alpha: 0.5, fit: fitOpts('student KD T2') });
const fitnets = distill(teacher, studentInit, train, {
  temperature: 4,
  alpha: 0.9,
  hint: { teacherNode: 'relu_1', studentNode: 'relu_1', epochs: 1 },
  fit: fitOpts('student FitNets+KD'),
});

const tp = measureGraph(teacher).parameters;
const rows: string[] = [
  '| model | params | % of teacher | float acc % | sim acc % (ap_fixed<16,6>) | sim acc % (PTQ w8/a8 mse) |',
  '|---|---:|---:|---:|---:|---:|',
];
for (const [name, g] of [
  ['teacher 784-256-128-10', teacher],
  ['student 784-32-10 alone', alone],
  ['student, distilled (T=4, α=0.9)', kd],
  ['student, distilled (T=2, α=0.5)', kdSoft],
  ['student, FitNets hint (1 epoch) + distilled', fitnets],
] as const) {
  const p = measureGraph(g).parameters;
  const cfg = calibratePrecision(g, { n: calib.n, data: calib.x }, { method: 'mse', weightBits: 8, activationBits: 8 }).config;
  const fa = floatAccuracy(g, test);
  const s16 = simulatedAccuracy(g, {}, test);
  const s8 = simulatedAccuracy(g, cfg, test);
  log(`${name}: float ${pct(fa)}, sim16 ${pct(s16)}, sim8 ${pct(s8)}`);
  rows.push(`| ${name} | ${p} | ${((100 * p) / tp).toFixed(1)} | ${pct(fa)} | ${pct(s16)} | ${pct(s8)} |`);
}
writeResult(
  'distillation.md',
  [
    '### Knowledge distillation',
    '',
    `Command: \`node --import tsx examples/compression/distillation.ts ${process.argv.slice(2).join(' ')}\`. Every model trained ${EPOCHS} epochs on the first ${train.n} training images (Adam 1e-3, batch 64); all students start from the same initialization. Test: ${test.n} test images. Run time ${((Date.now() - t0) / 1000).toFixed(0)} s.`,
    '',
    ...rows,
    '',
  ].join('\n'),
);
