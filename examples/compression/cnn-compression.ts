/**
 * Compression of a small Fashion-MNIST CNN in the graph IR: filter pruning
 * (L1, FPGM, BN-slimming), magnitude pruning of the conv kernels, Tucker-2,
 * CP and spatially separable factorization of the middle conv, and
 * post-training quantization; parameters, weight bits, MACs, float accuracy
 * and the simulated fixed-point accuracy of the lowered design.
 *
 *   node --import tsx examples/compression/cnn-compression.ts [--train N] [--test M] [--epochs E] [--finetune F]
 *
 * Topology: 28×28×1 → conv1 3×3×16 stride 2 → BN → ReLU → conv2 3×3×32
 * stride 2 → BN → ReLU → max pool 2×2 → flatten (288) → dense 10. Sized for
 * 2 shared cores: N training images (default 6000), E baseline epochs
 * (default 3), F fine-tune epochs (default 1), M test images (default 2000),
 * trained on the tfjs wasm backend with the conv gradients of
 * examples/cnn/wasm-conv-gradients.ts (the CPU backend's conv gradients take
 * about 20 s per batch of 64 here); `--cpu` uses the CPU backend.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { shapeSize, type Graph, type GraphNode } from '../../src/ir/graph/types.js';
import { cpConv } from '../../src/compress/lowrank/cp-conv.js';
import { separateSpatially } from '../../src/compress/lowrank/spatial-separable.js';
import { tucker2Conv } from '../../src/compress/lowrank/tucker2.js';
import { foldBatchnorms } from '../../src/compress/conv/fold-batchnorm.js';
import { kernelNodes } from '../../src/compress/graph-edit.js';
import { pruneMagnitude } from '../../src/compress/prune/magnitude.js';
import { qatGraph, qatHooks } from '../../src/compress/quantize/qat.js';
import { qatTypes } from '../../src/compress/quantize/qat-types.js';
import { pruneFilters } from '../../src/compress/prune/remove-filters.js';
import { calibratePrecision } from '../../src/compress/quantize/calibrate.js';
import type { PrecisionConfigObject } from '../../src/compress/quantize/precision-config.js';
import { head } from '../../src/compress/train/dataset.js';
import { fineTune } from '../../src/compress/train/fine-tune.js';
import { fitGraphNet, type FitOptions } from '../../src/compress/train/fit.js';
import { GraphNet } from '../../src/compress/train/graph-net.js';
import { registerWasmConvGradients } from '../cnn/wasm-conv-gradients.js';
import { seededRandom } from '../prng.js';
import { loadSplit, log, pct, progress, row, table, writeResult, type Row } from './common.js';

function arg(name: string, def: number): number {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? Number(process.argv[k + 1]) : def;
}

if (!process.argv.includes('--cpu')) {
  registerWasmConvGradients();
  await tf.setBackend('wasm');
}

const TRAIN = arg('train', 6000);
const TEST = arg('test', 2000);
const EPOCHS = arg('epochs', 3);
const FT = arg('finetune', 1);
const SEED = 1;
const t0 = Date.now();
const elapsed = (): string => `${((Date.now() - t0) / 1000).toFixed(0)} s`;

const train = loadSplit('train', TRAIN);
const test = loadSplit('test', TEST);
const calib = head(train, 500);
const fit = (tag: string, epochs: number, lr = 2e-3): FitOptions => ({ epochs, batchSize: 64, learningRate: lr, seed: SEED, onProgress: progress(tag), progressEvery: 50 });

/** He-normal weights (Box–Muller on the seeded generator), zero biases, identity BatchNorm. */
function initCnn(seed: number): Graph {
  const rand = seededRandom(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const he = (n: number, fanIn: number): number[] => Array.from({ length: n }, () => normal() * Math.sqrt(2 / fanIn));
  const bn = (name: string, input: string, shape: number[]): GraphNode => {
    const c = shape[shape.length - 1] ?? 1;
    return { op: 'batchnorm', name, inputs: [input], shape, gamma: new Array(c).fill(1), beta: new Array(c).fill(0), mean: new Array(c).fill(0), variance: new Array(c).fill(1), epsilon: 1e-3 };
  };
  const conv = (name: string, input: string, shape: number[], cin: number, filters: number): GraphNode => ({
    op: 'conv',
    name,
    inputs: [input],
    shape,
    kernelSize: [3, 3],
    strides: [2, 2],
    padding: 'same',
    groups: 1,
    filters,
    kernel: he(9 * cin * filters, 9 * cin),
    bias: new Array(filters).fill(0),
  });
  const nodes: GraphNode[] = [
    { op: 'input', name: 'image', inputs: [], shape: [28, 28, 1] },
    conv('conv1', 'image', [14, 14, 16], 1, 16),
    bn('bn1', 'conv1', [14, 14, 16]),
    { op: 'activation', fn: 'relu', name: 'relu1', inputs: ['bn1'], shape: [14, 14, 16] },
    conv('conv2', 'relu1', [7, 7, 32], 16, 32),
    bn('bn2', 'conv2', [7, 7, 32]),
    { op: 'activation', fn: 'relu', name: 'relu2', inputs: ['bn2'], shape: [7, 7, 32] },
    { op: 'pool', kind: 'max', name: 'pool', inputs: ['relu2'], shape: [3, 3, 32], poolSize: [2, 2], strides: [2, 2], padding: 'valid', countIncludePad: false },
    { op: 'reshape', name: 'flatten', inputs: ['pool'], shape: [288] },
    { op: 'dense', name: 'logits', inputs: ['flatten'], shape: [10], units: 10, kernel: he(2880, 288), bias: new Array(10).fill(0) },
  ];
  return { version: 1, name: 'fmnist_cnn', nodes, outputs: ['logits'] };
}

function trained(graph: Graph, tag: string, epochs: number, lr = 2e-3): Graph {
  const net = new GraphNet(graph);
  try {
    fitGraphNet(net, train, fit(tag, epochs, lr));
    return net.toGraph();
  } finally {
    net.dispose();
  }
}

function ptq(graph: Graph, weightBits: number): PrecisionConfigObject {
  return calibratePrecision(graph, { n: calib.n, data: calib.x }, { method: 'mse', weightBits, activationBits: 8 }).config;
}

const rows: Row[] = [];
log(`training the baseline CNN on ${train.n} images, ${EPOCHS} epochs`);
const baseline = trained(initCnn(SEED), 'baseline', EPOCHS);
const base = row('float32 baseline (sim at ap_fixed<16,6>)', baseline, {}, test, true);
rows.push(base);
rows.push(row('PTQ mse w8/a8', baseline, ptq(baseline, 8), test, false));
rows.push(row('PTQ mse w4/a8', baseline, ptq(baseline, 4), test, false));
log(`baseline done at ${elapsed()}: float ${pct(base.floatAcc ?? 0)}`);

const mag = pruneMagnitude(baseline, { sparsity: 0.7, layers: ['conv1', 'conv2', 'logits'] }).graph;
rows.push(row('magnitude pruning 70% per layer (one shot)', mag, {}, test, true));
const magFt = fineTune(mag, train, fit('magnitude ft', FT), true);
rows.push(row('magnitude pruning 70% + fine-tune', magFt, {}, test, true));

let filterFt: Graph | undefined;
for (const criterion of ['l1', 'fpgm', 'bn-slim'] as const) {
  const p = pruneFilters(baseline, { criterion, ratio: 0.5, layers: ['conv1', 'conv2'] }).graph;
  rows.push(row(`${criterion} filter pruning 50% (no fine-tune)`, p, {}, test, true));
  const ft = trained(p, `${criterion} ft`, FT);
  rows.push(row(`${criterion} filter pruning 50% + fine-tune`, ft, {}, test, true));
  if (criterion === 'l1') filterFt = ft;
}
log(`pruning done at ${elapsed()}`);

const lowrank: readonly (readonly [string, () => { graph: Graph; ranks: readonly number[]; relativeError: number }])[] = [
  ['Tucker-2 conv2', () => tucker2Conv(baseline, 'conv2', { ranks: [8, 12] })],
  ['CP conv2', () => cpConv(baseline, 'conv2', { rank: 16 })],
  ['spatially separable conv2', () => separateSpatially(baseline, 'conv2', { rank: 12 })],
];
for (const [name, run] of lowrank) {
  const r = run();
  const note = `ranks ${r.ranks.join('×')}, kernel error ${r.relativeError.toFixed(3)}`;
  rows.push(row(`${name} (no fine-tune)`, r.graph, {}, test, true, note));
  const ft = trained(r.graph, name, FT, 1e-3);
  rows.push(row(`${name} + fine-tune`, ft, {}, test, true, note));
  rows.push(row(`${name} + fine-tune + PTQ mse w8/a8`, ft, ptq(ft, 8), test, false, note));
}
log(`low rank done at ${elapsed()}`);

if (filterFt !== undefined) {
  const both = pruneMagnitude(filterFt, { sparsity: 0.6, layers: ['conv1', 'conv2', 'logits'] }).graph;
  const bothFt = fineTune(both, train, fit('combined ft', FT), true);
  rows.push(row('l1 filters 50% + magnitude 60% + fine-tune', bothFt, {}, test, true));
  rows.push(row('… + PTQ mse w8/a8', bothFt, ptq(bothFt, 8), test, false));
  const cfg4 = ptq(bothFt, 4);
  rows.push(row('… + PTQ mse w4/a8', bothFt, cfg4, test, false));
  const foldedFt = foldBatchnorms(bothFt);
  const cfgF = ptq(foldedFt, 4);
  const q = qatPruned(foldedFt, cfgF);
  rows.push(row('… + BN folded + QAT w4/a8 (exact forward)', q, cfgF, test, true));
}

/** QAT fine-tune (exact fixed-point forward of every conv and Dense) keeping zero weights at zero. */
function qatPruned(graph: Graph, config: PrecisionConfigObject): Graph {
  const types = qatTypes(graph, config);
  const net = new GraphNet(graph);
  const masks = new Map<string, tf.Tensor>();
  for (const n of kernelNodes(graph)) masks.set(n.name, tf.tensor(Float32Array.from(n.kernel, (w) => (w === 0 ? 0 : 1)), net.kernelVar(n.name).shape));
  try {
    fitGraphNet(net, train, {
      ...fit('qat', FT, 5e-4),
      hooks: qatHooks(types),
      afterStep: () => {
        for (const [name, m] of masks) {
          const v = net.kernelVar(name);
          tf.tidy(() => v.assign(tf.mul(v, m)));
        }
      },
    });
    return qatGraph(net, types);
  } finally {
    for (const m of masks.values()) m.dispose();
    net.dispose();
  }
}

const inSize = shapeSize(baseline.nodes[0]?.shape ?? []);
const md = [
  '### Small CNN on Fashion-MNIST',
  '',
  `Command: \`node --import tsx examples/compression/cnn-compression.ts --train ${TRAIN} --test ${TEST} --epochs ${EPOCHS} --finetune ${FT}\`. ` +
    `CNN ${inSize}-pixel input → conv1 3×3×16 s2 → BN → ReLU → conv2 3×3×32 s2 → BN → ReLU → max pool 2 → dense 10, trained ${EPOCHS} epochs on the first ${TRAIN} training images ` +
    `(Adam 2e-3, batch 64, seed ${SEED}, tfjs ${tf.getBackend()} backend); fine-tunes ${FT} epoch(s). Calibration: first 500 training images. ` +
    `Sim = the lowered design in the bit-accurate simulator (BatchNorm folded into the convs), first ${TEST} test images. Rows without a PTQ note use the default ap_fixed<16,6>. ` +
    `MACs count every kernel entry at every output position; weight bits count non-zero weights (32 bits as float, or the calibrated width) and biases; BatchNorm counts 2 values per channel. Run time ${elapsed()}.`,
  '',
  table(rows, base.size.float32Bits, base.floatAcc ?? 0),
  '',
].join('\n');
writeResult('cnn-compression.md', md);
process.stdout.write(md);
