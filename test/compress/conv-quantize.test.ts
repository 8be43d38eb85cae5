/**
 * Post-training calibration on a conv graph: conv, depthwise and separable
 * layers get weight and bias types from their kernels, pooling gets none
 * (its weight type would be the average's reciprocal), and the lowered design
 * simulates close to the float graph.
 */
import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../src/compress/graph-eval.js';
import { measureGraph } from '../../src/compress/model-size.js';
import { calibratePrecision } from '../../src/compress/quantize/calibrate.js';
import { parseType, fracBits } from '../../src/fixed/fixed-type.js';
import type { Graph } from '../../src/ir/graph/types.js';
import { compileGraph } from '../../src/pipeline.js';
import { quantizeInputs, simulateRaw } from '../../sim/simulate.js';
import { Builder } from '../conv/builder.js';
import { randomInputs } from '../helpers/models.js';
import { maxAbsDiff } from './helpers.js';

function net(): Graph {
  const b = new Builder(12);
  const x = b.input('in', [6, 6, 2]);
  let h = b.relu('r1', b.conv('c1', x, { filters: 4, k: [3, 3] }));
  h = b.pool('ap', h, 'avg', [2, 2]);
  h = b.relu('r2', b.depthwise('dw', h, [3, 3]));
  h = b.separable('sep', h, 3, [1, 1]);
  return b.graph('q', [b.dense('fc', b.globalPool('gap', h), 2)]) as unknown as Graph;
}

describe('calibration of conv graphs', () => {
  it('types every conv-family kernel at the requested width; the design simulates close to float', () => {
    const g = net();
    const rows = randomInputs(40, 72, 4, 1);
    const batch = { n: rows.length, data: rows.flat() };
    const { config } = calibratePrecision(g, batch, { method: 'mse', weightBits: 8, activationBits: 12 });
    for (const l of ['c1', 'dw', 'sep', 'fc']) expect(parseType(config.layerName?.[l]?.weight ?? '').width).toBe(8);
    expect(config.layerName?.ap?.weight).toBeUndefined();
    expect(config.layerName?.ap?.result).toBeDefined();
    const size = measureGraph(g, config);
    const nb = 4 + 4 + 3 + 2;
    expect(size.weightBits).toBe(8 * (size.nonzeroParameters - nb) + nb * parseType(config.layerName?.c1?.bias ?? '').width);
    const df = compileGraph(g, { config });
    const out = simulateRaw(df, quantizeInputs(df, rows));
    const outNode = df.nodes.find((n) => n.name === df.outputs[0]);
    if (outNode === undefined) throw new Error('no output');
    const sim = out.flat().map((v) => Number(v) * 2 ** -fracBits(outNode.type));
    const ref = evaluateGraph(g, batch).get('fc') ?? new Float64Array(0);
    const scale = Math.max(...Array.from(ref, Math.abs));
    expect(maxAbsDiff(sim, ref)).toBeLessThan(0.1 * scale);
    expect(maxAbsDiff(sim, ref)).toBeGreaterThan(0);
  });

  it('a BatchNorm after a conv: weight types fit the folded kernel the lowering quantizes', () => {
    const b = new Builder(13);
    const x = b.input('in', [5, 5, 2]);
    const h = b.relu('r', b.batchnorm('bn', b.conv('c', x, { filters: 3, k: [3, 3] })));
    const g0 = b.graph('bnq', [b.dense('fc', b.flatten('flat', h), 2)]) as unknown as Graph;
    // γ = 40: the folded kernel is about 40 times the stored one
    const g: Graph = { ...g0, nodes: g0.nodes.map((n) => (n.op === 'batchnorm' ? { ...n, gamma: n.gamma.map(() => 40) } : n)) };
    const rows = randomInputs(30, 50, 6, 1);
    const batch = { n: rows.length, data: rows.flat() };
    const { config } = calibratePrecision(g, batch, { method: 'minmax', weightBits: 10, activationBits: 14 });
    const kernel = g.nodes.find((n) => n.name === 'c');
    const maxW = kernel?.op === 'conv' ? Math.max(...kernel.kernel.map(Math.abs)) : 0;
    const wt = parseType(config.layerName?.c?.weight ?? '');
    // the type must hold about 40 · max|w|, far beyond the stored kernel's range
    expect(2 ** (wt.int - 1)).toBeGreaterThan(20 * maxW);
    const df = compileGraph(g, { config });
    const outNode = df.nodes.find((n) => n.name === df.outputs[0]);
    if (outNode === undefined) throw new Error('no output');
    const sim = simulateRaw(df, quantizeInputs(df, rows)).flat().map((v) => Number(v) * 2 ** -fracBits(outNode.type));
    const ref = evaluateGraph(g, batch).get('fc') ?? new Float64Array(0);
    expect(maxAbsDiff(sim, ref)).toBeLessThan(0.05 * Math.max(...Array.from(ref, Math.abs)));
  });
});
