/**
 * The ladder's first rung for the convolution family: on the example
 * blocks (test/conv/blocks.ts) and on a real imported Conv1D model, the float
 * model ≈ the simulator within the stated quantization bound
 * (src/report/error-bound.ts), and the bound is tight enough to mean something.
 */
import { describe, expect, it } from 'vitest';
import { importModel } from '../../src/frontends/detect-format.js';
import type { Graph } from '../../src/ir/graph/types.js';
import { shapeSize } from '../../src/ir/graph/types.js';
import type { PrecisionConfig } from '../../src/lower/config.js';
import { compileGraph } from '../../src/pipeline.js';
import { errorBounds } from '../../src/report/error-bound.js';
import { evaluateGraph } from '../../sim/float-reference.js';
import { outputsToReal, quantizeInputs, simulateRaw } from '../../sim/simulate.js';
import { ALL_BLOCKS } from '../conv/blocks.js';
import { SHARED, SKIP_SHARED } from '../frontends/keras/fixture-paths.js';
import { randomInputs } from '../helpers/models.js';

function rung1(graph: Graph, config: PrecisionConfig, maxBound: number, seed: number): void {
  const df = compileGraph(graph, { config });
  const width = graph.nodes.filter((n) => n.op === 'input').reduce((a, n) => a + shapeSize(n.shape), 0);
  const inputs = randomInputs(100, width, seed, 1);
  const floatOut = evaluateGraph(graph, inputs);
  const fixed = outputsToReal(df, simulateRaw(df, quantizeInputs(df, inputs)));
  const bounds = errorBounds(graph, df, { min: -1, max: 1 });
  // the bound of each output element, outputs concatenated in order
  const perElement = df.outputs.flatMap((o) => {
    const b = bounds.find((x) => x.layer === o);
    const n = df.nodes.find((x) => x.name === o);
    expect(b?.overflowPossible).toBe(false);
    return new Array<number>(n ? shapeSize(n.shape) : 0).fill(b?.error ?? NaN);
  });
  expect(Math.max(...perElement)).toBeLessThan(maxBound);
  let worst = 0;
  floatOut.forEach((row, r) =>
    row.forEach((v, j) => {
      const d = Math.abs(v - (fixed[r]?.[j] ?? NaN));
      expect(d).toBeLessThanOrEqual(perElement[j] ?? NaN);
      worst = Math.max(worst, d);
    }),
  );
  expect(worst).toBeGreaterThan(0); // fixed point is not float: a zero error means the check is not looking
}

// 8 integer bits: the interval bound of these blocks reaches ±50 on inputs in [−1, 1], so 6 could overflow
const WIDE: PrecisionConfig = { model: { default: 'ap_fixed<24,8>' } };
const ROUNDED: PrecisionConfig = { model: { default: 'ap_fixed<20,8,RND,SAT>' } };

describe('rung 1 (convolution family): float reference ≈ simulator within the stated bound', () => {
  it.each(ALL_BLOCKS)('%s', (_name, build) => {
    const graph = build() as Graph;
    rung1(graph, WIDE, 0.1, 31);
    rung1(graph, ROUNDED, 0.5, 32);
  });

  it.skipIf(SKIP_SHARED)('the real KERAS_conv1d_small (Conv1D ×3, Dense, softmax) of ../shared/models', async () => {
    rung1(await importModel(`${SHARED}KERAS_conv1d_small.json`), WIDE, 0.2, 33);
  });
});
