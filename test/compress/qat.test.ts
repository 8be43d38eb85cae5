/**
 * QAT's forward is the hardware's arithmetic: the raw codes of every
 * quantized Dense equal the simulator's on the lowered design, integer for
 * integer, before and after training steps, for several quantization and
 * overflow modes and narrow accumulators.
 */
import { describe, expect, it } from 'vitest';
import { fracBits, parseType } from '../../src/fixed/fixed-type.js';
import type { Graph } from '../../src/ir/graph/types.js';
import { lowerGraph } from '../../src/lower/lower.js';
import { simulateRaw, quantizeInputs } from '../../sim/simulate.js';
import { qatDenseCodes, qatGraph, qatHooks } from '../../src/compress/quantize/qat.js';
import { qatTypes } from '../../src/compress/quantize/qat-types.js';
import type { PrecisionConfigObject } from '../../src/compress/quantize/precision-config.js';
import { GraphNet } from '../../src/compress/train/graph-net.js';
import { fitGraphNet } from '../../src/compress/train/fit.js';
import { mlpGraph, randomInputs } from '../helpers/models.js';
import { expectCode } from './helpers.js';

/** The graph cut after `node`, whose output is that node. */
function truncate(graph: Graph, node: string): Graph {
  const k = graph.nodes.findIndex((n) => n.name === node);
  return { ...graph, nodes: graph.nodes.slice(0, k + 1), outputs: [node] };
}

function simulatedCodes(graph: Graph, config: PrecisionConfigObject, layer: string, rows: number[][]): bigint[] {
  const df = lowerGraph(truncate(graph, layer), config);
  return simulateRaw(df, quantizeInputs(df, rows)).flat();
}

const CONFIGS: Record<string, PrecisionConfigObject> = {
  'RND/SAT 8-bit': {
    model: { default: 'ap_fixed<8,3,RND,SAT>' },
    layerName: { input_1: { result: 'ap_fixed<8,2,RND,SAT>' }, dense_1: { weight: 'ap_fixed<6,1,RND,SAT>' } },
  },
  'TRN/WRAP defaults': { model: { default: 'ap_fixed<10,4>' } },
  'RND_CONV/SAT_SYM, unsigned relu': {
    model: { default: 'ap_fixed<9,4,RND_CONV,SAT_SYM>' },
    layerType: { ReLU: { result: 'ap_ufixed<8,3,RND,SAT>' } },
  },
  'narrow saturating accumulator': {
    model: { default: 'ap_fixed<8,3,RND,SAT>' },
    layerType: { Dense: { accum: 'ap_fixed<14,4,TRN,SAT>', weight: 'ap_fixed<6,1,RND_INF,SAT>' } },
  },
  'narrow product and wrapping accumulator': {
    model: { default: 'ap_fixed<8,3,RND,SAT>' },
    layerType: { Dense: { product: 'ap_fixed<10,3,RND,SAT>', accum: 'ap_fixed<12,4>' } },
  },
};

describe('QAT forward == simulator on the quantized layers', () => {
  const graph = mlpGraph({ sizes: [12, 9, 7, 4], seed: 5, head: 'softmax', sparsity: 0.2 });
  const rows = randomInputs(64, 12, 9, 3);
  const x = Float32Array.from(rows.flat());

  it.each(Object.entries(CONFIGS))('%s', (_, config) => {
    const types = qatTypes(graph, config);
    const net = new GraphNet(graph);
    try {
      const check = (g: Graph): void => {
        const codes = qatDenseCodes(net, types, x, rows.length);
        for (const layer of ['dense_1', 'dense_2', 'dense_3']) {
          const ours = codes.get(layer);
          expect(ours).toBeDefined();
          expect(ours).toEqual(simulatedCodes(g, config, layer, rows));
        }
        // a layer's codes are not all equal: the comparison means something
        expect(new Set(codes.get('dense_3')).size).toBeGreaterThan(4);
      };
      check(graph);
      const before = JSON.stringify(qatGraph(net, types));
      // train a few steps; the exported grid-valued graph lowers to the same codes
      const labels = Int32Array.from(rows, (r) => ((r[0] ?? 0) > 0 ? 1 : 0) + ((r[1] ?? 0) > 0 ? 2 : 0));
      fitGraphNet(net, { n: rows.length, inSize: 12, x, labels }, { epochs: 3, batchSize: 16, learningRate: 0.01, hooks: qatHooks(types) });
      const trained = qatGraph(net, types);
      expect(JSON.stringify(trained)).not.toBe(before); // the straight-through gradient moved the weights
      check(trained);
      const d1 = trained.nodes.find((n) => n.name === 'dense_1');
      const step = 2 ** -fracBits(types.dense.get('dense_1')?.weight ?? parseType('ap_fixed<8,3>'));
      expect(d1?.op === 'dense' && d1.kernel.every((w) => Number.isInteger(w / step))).toBe(true);
    } finally {
      net.dispose();
    }
  });

  it('types QAT cannot hold exactly, or ops it cannot reproduce, are FF019', () => {
    expectCode(() => qatTypes(graph, { model: { default: 'ap_fixed<30,8>' } }), 'FF019', { layer: 'input_1', field: 'result' });
    const bn = mlpGraph({ sizes: [4, 3, 2], batchnorm: true });
    expectCode(() => qatTypes(bn, {}), 'FF019', { layer: 'bn_standalone' });
    const sig = mlpGraph({ sizes: [4, 3, 2], hidden: 'sigmoid' });
    expectCode(() => qatTypes(sig, {}), 'FF019', { layer: 'dense_1_sigmoid', field: 'fn' });
  });
});
