import { describe, expect, it } from 'vitest';
import { lowerGraph } from '../../src/lower/lower.js';
import { createParallelSimulator } from '../../sim/parallel.js';
import { createSimulator, quantizeInputsFlat } from '../../sim/simulate.js';
import { mlpGraph } from '../helpers/models.js';

describe('parallel batches', () => {
  it('two worker threads give the same integers, in input order, as one thread', async () => {
    const df = lowerGraph(mlpGraph({ sizes: [16, 32, 8, 5], hidden: 'relu', head: 'softmax', seed: 21 }));
    const B = 1001;
    const floats = Float32Array.from({ length: B * 16 }, (_v, i) => Math.sin(i * 0.37) * 3);
    const raw = quantizeInputsFlat(df, floats, B);
    const one = createSimulator(df).runBatch(raw, B);
    const par = createParallelSimulator(df, 2);
    try {
      expect(par.threads).toBe(2);
      const two = await par.run(raw.slice(), B);
      expect(Array.from(two)).toEqual(Array.from(one as Float64Array));
    } finally {
      await par.close();
    }
  });
});
