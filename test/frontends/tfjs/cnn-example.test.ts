/**
 * The bundled MobileNet-style CNN (examples/cnn): it imports with every
 * BatchNorm after a convolution, its float graph computes what TensorFlow.js
 * computes on real test images, and (cut down to 300 images for CI) its
 * simulated fixed point under examples/cnn/config.yaml agrees with float as
 * `examples/cnn/eval-cnn.ts` reports on all 10,000.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../../sim/float-reference.js';
import { accuracy, argmaxRows, simulateClasses } from '../../../src/cli/accuracy.js';
import { FASHION_MNIST_DIR, imageRows, readFashionMnist } from '../../../src/datasets/fashion-mnist.js';
import { importTfjs, loadTfjsModel, tfjsPredict } from '../../../src/frontends/tfjs/index.js';
import { verifyGraph } from '../../../src/ir/graph/verify.js';
import { loadConfig } from '../../../src/lower/config.js';
import { compileGraph } from '../../../src/pipeline.js';
import { maxFloatError } from './helpers/float-compare.js';

const CNN = 'examples/cnn/model/model.json';

describe.skipIf(!existsSync(FASHION_MNIST_DIR) && !process.env.CI)('examples/cnn', () => {
  it('imports as conv0 + three depthwise-separable blocks (each conv followed by BatchNorm and ReLU), GAP and a softmax head', async () => {
    const g = await importTfjs(CNN);
    verifyGraph(g);
    const ops = g.nodes.map((n) => n.op);
    expect(ops.filter((o) => o === 'conv').length).toBe(4);
    expect(ops.filter((o) => o === 'depthwise_conv').length).toBe(3);
    expect(ops.filter((o) => o === 'batchnorm').length).toBe(7);
    expect(ops.slice(-3)).toEqual(['global_pool', 'dense', 'softmax']);
    for (const n of g.nodes) if (n.op === 'batchnorm') expect(['conv', 'depthwise_conv']).toContain(g.nodes.find((m) => m.name === n.inputs[0])?.op);
  });

  it('float graph == TensorFlow.js on 100 test images; fixed point (config.yaml) within 2 points of float on 300', async () => {
    const g = await importTfjs(CNN);
    const test = readFashionMnist('test', { limit: 300 });
    const rows = imageRows(test);
    const ref = tfjsPredict(await loadTfjsModel(CNN), rows);
    expect(maxFloatError(evaluateGraph(g, rows.slice(0, 100)), ref.slice(0, 100))).toBeLessThan(1e-4);
    const floatAcc = accuracy(argmaxRows(ref.flat(), test.count, 10), test.labels);
    const df = compileGraph(g, { config: loadConfig('examples/cnn/config.yaml') });
    const fixedAcc = accuracy(simulateClasses(df, test.images, test.count).predictions, test.labels);
    expect(floatAcc).toBeGreaterThan(0.8);
    expect(Math.abs(fixedAcc - floatAcc)).toBeLessThanOrEqual(0.02);
  });
});
