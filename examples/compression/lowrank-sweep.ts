/**
 * Low-rank factorization of the Fashion-MNIST MLP alone: MACs and accuracy
 * against the rank of dense_1 (784×128), with and without a one-epoch
 * fine-tune; float and simulated fixed-point (lowering defaults,
 * ap_fixed<16,6>) accuracy on the test set. Writes a table and a CSV for a plot.
 *
 *   node --import tsx examples/compression/lowrank-sweep.ts [--train N] [--epochs E]
 */
import { factorizeDense } from '../../src/compress/lowrank/factorize-dense.js';
import { measureGraph } from '../../src/compress/model-size.js';
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

function trained(g: Graph, tag: string, epochs: number): Graph {
  const net = new GraphNet(g);
  try {
    fitGraphNet(net, train, { epochs, batchSize: 64, learningRate: 1e-3, seed: 1, onProgress: progress(tag), progressEvery: 100 });
    return net.toGraph();
  } finally {
    net.dispose();
  }
}

const baseline = trained(initMlp('fmnist_mlp', [784, 128, 64, 10], 1), 'baseline', EPOCHS);
const baseMacs = measureGraph(baseline).denseMacs;
const lines = ['rank,energy,macs,params,float_acc,sim_acc,ft_float_acc,ft_sim_acc'];
const md = [
  '| rank of dense_1 | energy kept | MACs | × fewer MACs | params | float acc % | sim acc % | + 1 epoch fine-tune: float % | sim % |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
const baseFloat = floatAccuracy(baseline, test);
const baseSim = simulatedAccuracy(baseline, {}, test);
md.push(`| none (784×128) | 1.0000 | ${baseMacs} | 1.00 | ${measureGraph(baseline).parameters} | ${pct(baseFloat)} | ${pct(baseSim)} | — | — |`);
lines.push(`128_full,1,${baseMacs},${measureGraph(baseline).parameters},${baseFloat},${baseSim},,`);
for (const rank of [2, 4, 8, 16, 24, 32, 48, 64]) {
  const f = factorizeDense(baseline, 'dense_1', { rank });
  const size = measureGraph(f.graph);
  const fa = floatAccuracy(f.graph, test);
  const sa = simulatedAccuracy(f.graph, {}, test);
  const ft = trained(f.graph, `rank ${rank} ft`, 1);
  const ffa = floatAccuracy(ft, test);
  const fsa = simulatedAccuracy(ft, {}, test);
  log(`rank ${rank}: macs ${size.denseMacs}, float ${pct(fa)}, sim ${pct(sa)}, ft float ${pct(ffa)}, ft sim ${pct(fsa)}`);
  md.push(`| ${rank} | ${f.energy.toFixed(4)} | ${size.denseMacs} | ${(baseMacs / size.denseMacs).toFixed(2)} | ${size.parameters} | ${pct(fa)} | ${pct(sa)} | ${pct(ffa)} | ${pct(fsa)} |`);
  lines.push(`${rank},${f.energy},${size.denseMacs},${size.parameters},${fa},${sa},${ffa},${fsa}`);
}
const text = [
  '### Low-rank dense_1 alone: MACs and accuracy against rank',
  '',
  `Command: \`node --import tsx examples/compression/lowrank-sweep.ts ${process.argv.slice(2).join(' ')}\`. Baseline MLP 784-128-64-10 trained ${EPOCHS} epochs on the first ${train.n} training images; dense_1 replaced by dense_1_lowrank (784×r, no bias) → dense_1 (r×128, bias, ReLU after). Energy = Σ_{i<r} σ_i² / Σ σ_i². Sim = the lowered design (default ap_fixed<16,6>) in the bit-accurate simulator, ${test.n} test images. Data for a plot: results/lowrank-sweep.csv. Run time ${((Date.now() - t0) / 1000).toFixed(0)} s.`,
  '',
  ...md,
  '',
].join('\n');
writeResult('lowrank-sweep.md', text);
writeResult('lowrank-sweep.csv', lines.join('\n') + '\n');
