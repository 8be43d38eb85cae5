/**
 * QAT on a conv graph (BatchNorm folded first): the forward of every
 * quantized conv, depthwise conv and Dense equals the simulator's codes,
 * before and after training; max pooling and flatten keep the codes.
 */
import { describe, expect, it } from 'vitest';
import { foldBatchnorms } from '../../src/compress/conv/fold-batchnorm.js';
import { evaluateGraph } from '../../src/compress/graph-eval.js';
import type { PrecisionConfigObject } from '../../src/compress/quantize/precision-config.js';
import { qatDenseCodes, qatGraph, qatHooks } from '../../src/compress/quantize/qat.js';
import { qatTypes } from '../../src/compress/quantize/qat-types.js';
import { fitGraphNet } from '../../src/compress/train/fit.js';
import { GraphNet } from '../../src/compress/train/graph-net.js';
import type { Graph } from '../../src/ir/graph/types.js';
import { lowerGraph } from '../../src/lower/lower.js';
import { quantizeInputs, simulateRaw } from '../../sim/simulate.js';
import { Builder } from '../conv/builder.js';
import { randomInputs } from '../helpers/models.js';
import { expectCode, maxAbsDiff } from './helpers.js';

/** in [6, 6, 2] → conv 3×3 s1 same → BN → ReLU → max pool 2 → depthwise 2×2 (M = 2, valid, stride 2 × 1) → ReLU → flatten → dense 3. */
function net(): Graph {
  const b = new Builder(31);
  const x = b.input('in', [6, 6, 2]);
  let h = b.relu('r1', b.batchnorm('bn1', b.conv('c1', x, { filters: 4, k: [3, 3] })));
  h = b.pool('mp', h, 'max', [2, 2]);
  h = b.relu('r2', b.depthwise('dw', h, [2, 2], [2, 1], 'valid', 2));
  return b.graph('qat_cnn', [b.dense('fc', b.flatten('flat', h), 3)]) as unknown as Graph;
}

function truncate(graph: Graph, node: string): Graph {
  const k = graph.nodes.findIndex((n) => n.name === node);
  return { ...graph, nodes: graph.nodes.slice(0, k + 1), outputs: [node] };
}

function simulatedCodes(graph: Graph, config: PrecisionConfigObject, layer: string, rows: number[][]): bigint[] {
  const df = lowerGraph(truncate(graph, layer), config);
  return simulateRaw(df, quantizeInputs(df, rows)).flat();
}

const CONFIGS: Record<string, PrecisionConfigObject> = {
  'RND/SAT 8-bit': { model: { default: 'ap_fixed<8,3,RND,SAT>' }, layerName: { c1: { weight: 'ap_fixed<6,1,RND,SAT>' } } },
  'TRN/WRAP defaults': { model: { default: 'ap_fixed<10,4>' } },
  'narrow saturating accumulator': { model: { default: 'ap_fixed<8,3,RND,SAT>' }, layerType: { Conv2D: { accum: 'ap_fixed<12,4,TRN,SAT>' } } },
};

describe('conv QAT forward == simulator', () => {
  const graph = foldBatchnorms(net());
  const rows = randomInputs(24, 72, 5, 2);
  const x = Float32Array.from(rows.flat());

  it('folding BatchNorm keeps the float function', () => {
    const before = evaluateGraph(net(), { n: rows.length, data: x }).get('fc') ?? [];
    const after = evaluateGraph(graph, { n: rows.length, data: x }).get('fc') ?? [];
    expect(graph.nodes.some((n) => n.op === 'batchnorm')).toBe(false);
    expect(maxAbsDiff(after, before)).toBeLessThan(1e-12);
  });

  it.each(Object.entries(CONFIGS))('%s', (_, config) => {
    const types = qatTypes(graph, config);
    const net = new GraphNet(graph);
    try {
      const check = (g: Graph): void => {
        const codes = qatDenseCodes(net, types, x, rows.length);
        for (const layer of ['c1', 'dw', 'fc']) {
          const ours = codes.get(layer);
          expect(ours).toBeDefined();
          expect(ours).toEqual(simulatedCodes(g, config, layer, rows));
        }
        expect(new Set(codes.get('fc')).size).toBeGreaterThan(4);
      };
      check(graph);
      const before = JSON.stringify(qatGraph(net, types));
      const labels = Int32Array.from(rows, (r) => ((r[0] ?? 0) > 0 ? 1 : 0) + ((r[1] ?? 0) > 0 ? 1 : 0));
      fitGraphNet(net, { n: rows.length, inSize: 72, x, labels }, { epochs: 3, batchSize: 8, learningRate: 0.02, hooks: qatHooks(types) });
      const trained = qatGraph(net, types);
      expect(JSON.stringify(trained)).not.toBe(before);
      check(trained);
    } finally {
      net.dispose();
    }
  });

  it('average pooling and an unfolded BatchNorm are refused (FF019)', () => {
    const b = new Builder(2);
    const x = b.input('in', [4, 4, 2]);
    const g = b.graph('avg', [b.pool('ap', b.conv('c', x, { filters: 2, k: [1, 1] }), 'avg', [2, 2])]) as unknown as Graph;
    expectCode(() => qatTypes(g, {}), 'FF019', { layer: 'ap', field: 'kind' });
    expectCode(() => qatTypes(net(), {}), 'FF019', { layer: 'bn1' });
  });
});
