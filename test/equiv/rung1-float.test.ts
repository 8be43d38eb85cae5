/**
 * The ladder's first rung: the float model ≈ the simulator, within the
 * stated quantization bound (src/report/error-bound.ts), for every op, on
 * seeded random inputs; and the bound is tight enough to mean something.
 */
import { describe, expect, it } from 'vitest';
import type { PrecisionConfig } from '../../src/lower/config.js';
import { compileGraph } from '../../src/pipeline.js';
import { errorBounds } from '../../src/report/error-bound.js';
import { evaluateGraph } from '../../sim/float-reference.js';
import { outputsToReal, quantizeInputs, simulateRaw } from '../../sim/simulate.js';
import { mlpGraph, randomInputs, type MlpSpec } from '../helpers/models.js';

function rung1(spec: MlpSpec, config: PrecisionConfig, maxBound: number): void {
  const graph = mlpGraph(spec);
  const df = compileGraph(graph, { config });
  const inputs = randomInputs(200, spec.sizes[0] ?? 1, (spec.seed ?? 1) + 100, 1);
  const floatOut = evaluateGraph(graph, inputs);
  const fixed = outputsToReal(df, simulateRaw(df, quantizeInputs(df, inputs)));
  const bounds = errorBounds(graph, df, { min: -1, max: 1 });
  const outBound = bounds.find((b) => b.layer === df.outputs[0]);
  expect(outBound?.overflowPossible).toBe(false);
  const bound = outBound?.error ?? 0;
  expect(bound).toBeLessThan(maxBound);
  let worst = 0;
  floatOut.forEach((row, r) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - (fixed[r]?.[j] ?? NaN))))));
  expect(worst).toBeLessThanOrEqual(bound);
  expect(worst).toBeGreaterThan(0); // fixed point is not float: a zero error means the check is not looking
}

describe('rung 1: float reference ≈ simulator within the stated bound', () => {
  const wide: PrecisionConfig = { model: { default: 'ap_fixed<18,6>' } };
  it('Dense + ReLU', () => rung1({ sizes: [16, 12, 8], hidden: 'relu', seed: 1 }, wide, 0.05));
  it('Dense + ReLU6 (clip), pruned', () => rung1({ sizes: [16, 12, 8], hidden: 'relu6', sparsity: 0.5, seed: 2 }, wide, 0.05));
  it('LeakyReLU', () => rung1({ sizes: [10, 8, 4], hidden: 'leaky_relu', seed: 3 }, wide, 0.05));
  it('sigmoid and tanh tables', () => {
    rung1({ sizes: [10, 8, 4], hidden: 'sigmoid', seed: 4 }, wide, 0.05);
    rung1({ sizes: [10, 8, 4], hidden: 'tanh', head: 'sigmoid', seed: 5 }, wide, 0.05);
  });
  it('standalone and folded BatchNorm', () => {
    rung1({ sizes: [10, 8, 4], hidden: 'relu', batchnorm: true, seed: 6 }, wide, 0.05);
    rung1({ sizes: [10, 8, 4], hidden: 'relu', foldableBatchnorm: true, seed: 7 }, wide, 0.05);
  });
  it('softmax (stable, table-based)', () => rung1({ sizes: [10, 8, 5], hidden: 'relu', head: 'softmax', seed: 8 }, wide, 0.1));
  it('narrow rounded saturating types: bound still holds', () =>
    rung1({ sizes: [8, 6, 4], hidden: 'relu', seed: 9 }, { model: { default: 'ap_fixed<12,5,RND,SAT>' } }, 0.5));
});
