/**
 * Import the bundled Fashion-MNIST CNN (examples/cnn/model), compile it with
 * examples/cnn/config.yaml, let the overflow profile (on training images)
 * choose each layer's integer bits at a narrower result width, and compare
 * float accuracy (TensorFlow.js) with simulated fixed-point accuracy on the
 * 10,000 test images; report the simulator's inferences/s and check the
 * emitted TypeScript golden model (backend ts) against the simulator.
 *
 *   node --import tsx examples/cnn/eval-cnn.ts [--width 10] [--calib 2000] [--limit N] [--ts-check 500]
 */
import { parseArgs } from 'node:util';
import '@tensorflow/tfjs-backend-wasm';
import { emitTs } from '../../src/backends/ts/emit-ts.js';
import { loadTsModel } from '../../src/backends/ts/load-ts-model.js';
import { accuracy, argmaxRows, simulateClasses } from '../../src/cli/accuracy.js';
import { imageRows, readFashionMnist } from '../../src/datasets/fashion-mnist.js';
import { importTfjs, loadTfjsModel, tf, tfjsPredict } from '../../src/frontends/tfjs/index.js';
import type { Dataflow } from '../../src/ir/dataflow/types.js';
import { loadConfig } from '../../src/lower/config.js';
import { compileGraph } from '../../src/pipeline.js';
import { quantizeInputsFlat, simulateRaw } from '../../sim/simulate.js';
import { profiledConfig } from './profiled-config.js';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'examples/cnn/model/model.json' },
    config: { type: 'string', default: 'examples/cnn/config.yaml' },
    width: { type: 'string', default: '10' },
    calib: { type: 'string', default: '2000' },
    limit: { type: 'string' },
    'ts-check': { type: 'string', default: '500' },
  },
});
const log = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const limit = args.limit === undefined ? {} : { limit: Number(args.limit) };
  const test = readFashionMnist('test', limit);
  const calib = readFashionMnist('train', { limit: Number(args.calib) });
  const graph = await importTfjs(args.model);
  const params = graph.nodes.reduce((a, n) => a + ('kernel' in n ? n.kernel.length : 0) + ('bias' in n && n.bias ? n.bias.length : 0), 0);
  log(`model ${args.model}: ${graph.nodes.length} graph nodes, ${params} conv/dense weights and biases; ${test.count} test images`);

  await tf.setBackend('wasm');
  const model = await loadTfjsModel(args.model);
  const floatOut = tfjsPredict(model, imageRows(test));
  const floatPred = argmaxRows(floatOut.flat(), test.count, 10);
  const floatAcc = accuracy(floatPred, test.labels);
  log(`float32 (TensorFlow.js, wasm): ${(100 * floatAcc).toFixed(2)}%`);

  const base = loadConfig(args.config);
  const rows: string[][] = [];
  const designs: [string, Dataflow][] = [];
  const dfBase = compileGraph(graph, { config: base });
  designs.push([`${args.config}`, dfBase]);
  const width = Number(args.width);
  const tuned = profiledConfig(graph, dfBase, base, calib.images, calib.count, width);
  designs.push([`results ap_fixed<${width},I,RND,SAT>, I from the profile of ${calib.count} training images`, compileGraph(graph, { config: tuned })]);
  for (const [label, df] of designs) {
    const run = simulateClasses(df, test.images, test.count);
    const acc = accuracy(run.predictions, test.labels);
    let agree = 0;
    for (let i = 0; i < test.count; i++) if (run.predictions[i] === floatPred[i]) agree++;
    rows.push([label, `${(100 * acc).toFixed(2)}%`, `${(100 * (acc - floatAcc)).toFixed(2)}`, `${((100 * agree) / test.count).toFixed(2)}%`, (test.count / run.seconds).toFixed(0)]);
    log(`fixed, ${label}: ${(100 * acc).toFixed(2)}% (${(test.count / run.seconds).toFixed(0)} inferences/s in the simulator)`);
  }
  log('\n| design | test accuracy | vs float (points) | agrees with float | simulator inferences/s |');
  log('|---|---|---|---|---|');
  log(`| float32 (TensorFlow.js) | ${(100 * floatAcc).toFixed(2)}% | 0.00 | 100.00% | |`);
  for (const r of rows) log(`| ${r.join(' | ')} |`);
  for (const [, df] of designs.slice(1)) {
    log('\nper-layer result types chosen by the profile:');
    for (const n of df.nodes) log(`  ${n.name} (${n.op}): ${n.type.signed ? 'ap_fixed' : 'ap_ufixed'}<${n.type.width},${n.type.int}>`);
  }

  // the emitted TypeScript golden model (backend ts) against the simulator, bit for bit
  const k = Math.min(Number(args['ts-check']), test.count);
  if (k > 0) {
    const df = designs[designs.length - 1]?.[1] ?? dfBase;
    const t0 = performance.now();
    const golden = await loadTsModel(emitTs(df));
    const loadSec = (performance.now() - t0) / 1000;
    const raw = quantizeInputsFlat(df, test.images.subarray(0, k * 784), k);
    const t1 = performance.now();
    const out = golden.inferBatch(raw, k);
    const tsSec = (performance.now() - t1) / 1000;
    const want = simulateRaw(df, Array.from({ length: k }, (_, r) => Array.from(raw.subarray(r * 784, (r + 1) * 784), (v) => BigInt(v))));
    let mismatches = 0;
    want.forEach((row, r) => row.forEach((v, j) => (mismatches += BigInt(out[r * row.length + j] ?? NaN) === v ? 0 : 1)));
    log(`\nemitted TypeScript golden model: generated and loaded in ${loadSec.toFixed(2)} s, ${(k / tsSec).toFixed(0)} inferences/s, ${mismatches} mismatching codes vs the simulator on ${k} test images`);
  }
}

await main();
