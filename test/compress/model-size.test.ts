import { describe, expect, it } from 'vitest';
import { castNumber } from '../../src/fixed/arith.js';
import { parseType } from '../../src/fixed/fixed-type.js';
import { measureGraph } from '../../src/compress/model-size.js';
import { pruneMagnitude } from '../../src/compress/prune/magnitude.js';
import { mlpGraph } from '../helpers/models.js';

describe('measureGraph', () => {
  const g = mlpGraph({ sizes: [16, 8, 4], seed: 1, head: 'softmax' });

  it('float32 baseline: every parameter at 32 bits, MACs = kernel sizes', () => {
    const s = measureGraph(g);
    expect(s.parameters).toBe(16 * 8 + 8 + 8 * 4 + 4);
    expect(s.float32Bits).toBe(32 * s.parameters);
    expect(s.weightBits).toBe(s.float32Bits);
    expect(s.denseMacs).toBe(16 * 8 + 8 * 4);
    expect(s.macs).toBe(s.denseMacs);
  });

  it('pruned and typed: non-zero weights at the weight width, biases at the bias width, index bits per non-zero', () => {
    const p = pruneMagnitude(g, { sparsity: 0.75 }).graph;
    const cfg = { model: { default: 'ap_fixed<8,3>' }, layerType: { Dense: { weight: 'ap_fixed<4,1>' } }, layerName: { dense_2: { bias: 'ap_fixed<10,4>' } } };
    const s = measureGraph(p, cfg);
    // weights that quantize to code 0 in ap_fixed<4,1> count as pruned too
    const w4 = parseType('ap_fixed<4,1>');
    const codes = (name: string): bigint[] => p.nodes.flatMap((n) => (n.op === 'dense' && n.name === name ? n.kernel.map((w) => castNumber(w, w4)) : []));
    const nz1 = codes('dense_1').filter((c) => c !== 0n).length;
    const nz2 = codes('dense_2').filter((c) => c !== 0n).length;
    expect(nz1).toBeLessThanOrEqual(32);
    expect(nz1 + nz2).toBeGreaterThan(20);
    expect(s.macs).toBe(nz1 + nz2);
    expect(s.weightBits).toBe((nz1 + nz2) * 4 + 8 * 8 + 4 * 10);
    expect(s.indexedWeightBits).toBe(s.weightBits + nz1 * 4 + nz2 * 3);
    // without types, exactly the non-zero floats count
    expect(measureGraph(p).macs).toBe(40);
    expect(measureGraph(p).nonzeroParameters).toBe(40 + 12);
  });
});
