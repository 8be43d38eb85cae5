import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../../sim/float-reference.js';
import { importModel } from '../../../src/frontends/detect-format.js';
import { importKerasH5, importKerasJson } from '../../../src/frontends/keras/import-keras.js';
import { verifyGraph } from '../../../src/ir/graph/verify.js';
import type { Graph, GraphNode } from '../../../src/ir/graph/types.js';
import { expectedOf, fixture, fixtureText, maxDiff, SHARED, SKIP_SHARED } from './fixture-paths.js';
import { compileGraph } from '../../../src/pipeline.js';
import { runLadder } from '../../../src/ladder.js';
import { quantizeInputs } from '../../../sim/simulate.js';

const FLOAT_TOL = 1e-9;

function ops(g: Graph): string[] {
  return g.nodes.map((n) => `${n.op}:${n.name}:[${n.shape.join(',')}]`);
}

function node(g: Graph, name: string): GraphNode {
  const n = g.nodes.find((x) => x.name === name);
  if (!n) throw new Error(`no node ${name}`);
  return n;
}

describe('Keras importer: convolution family', () => {
  it('keras2_conv2d.h5: every 2D layer, evaluated equal to numpy', async () => {
    const g = await importKerasH5(fixture('keras2_conv2d.h5'), 'cnn2.h5');
    verifyGraph(g);
    expect(ops(g)).toEqual([
      'input:img:[7,6,2]',
      'conv:c1:[4,3,4]',
      'activation:c1_relu:[4,3,4]',
      'depthwise_conv:dw:[4,3,8]',
      'separable_conv:sep:[4,3,8]',
      'add:sum:[4,3,8]',
      'batchnorm:bn:[4,3,8]',
      'zero_pad:pad:[5,4,8]',
      'pool:mp:[3,2,8]',
      'pool:ap:[3,2,8]',
      'upsample:up:[3,2,8]',
      'concat:cat:[3,2,16]',
      'global_pool:gap:[16]',
      'dense:out:[3]',
      'softmax:out_softmax:[3]',
    ]);
    const e = expectedOf('keras2_conv2d');
    expect(maxDiff(evaluateGraph(g, e.inputs), e.outputs)).toBeLessThan(FLOAT_TOL);
  });

  it('keras2_conv1d: causal Conv1D, ZeroPadding1D, UpSampling1D, 1D pools, evaluated equal to numpy', async () => {
    const g = await importKerasJson(fixtureText('keras2_conv1d.json'), fixture('keras2_conv1d_weights.h5'), 'cnn1.json', 'cnn1.h5');
    verifyGraph(g);
    const c1 = node(g, 'c1');
    expect(c1.op === 'conv' && c1.padding).toEqual({ before: [2], after: [0] });
    expect(ops(g).slice(3)).toEqual(['zero_pad:pad:[11,3]', 'pool:mp:[5,3]', 'upsample:up:[10,3]', 'pool:ap:[5,3]', 'global_pool:gmp:[3]']);
    const e = expectedOf('keras2_conv1d');
    expect(maxDiff(evaluateGraph(g, e.inputs), e.outputs)).toBeLessThan(FLOAT_TOL);
  });

  it('QConv2D and QDepthwiseConv2D: quantized weights with exact types, outputs equal to the QKeras formulas', async () => {
    const g = await importKerasJson(fixtureText('qkeras_conv.json'), fixture('qkeras_conv_weights.h5'), 'q.json', 'q.h5');
    verifyGraph(g);
    const qc = node(g, 'qc');
    const qdw = node(g, 'qdw');
    expect(qc.op).toBe('conv');
    expect(qdw.op).toBe('depthwise_conv');
    expect(qc.quant?.weight).toMatchObject({ width: 4, int: 1, signed: true });
    expect(qc.quant?.bias).toMatchObject({ width: 6 });
    expect(qdw.quant?.weight).toMatchObject({ width: 4, int: 1, signed: true });
    if (qc.op === 'conv') for (const w of qc.kernel) expect(Number.isInteger(w * 8)).toBe(true);
    const e = expectedOf('qkeras_conv');
    expect(maxDiff(evaluateGraph(g, e.inputs), e.outputs)).toBeLessThan(FLOAT_TOL);
  });

  it('QSeparableConv2D: its two halves with their own weight types, equal to the QKeras formulas, through the ladder', async () => {
    const g = await importKerasJson(fixtureText('qkeras_separable.json'), fixture('qkeras_separable_weights.h5'), 's.json', 's.h5');
    verifyGraph(g);
    expect(ops(g)).toEqual(['input:sep_in:[6,5,2]', 'depthwise_conv:qsep_depthwise:[3,5,4]', 'conv:qsep:[3,5,3]', 'activation:qsep_relu:[3,5,3]', 'reshape:flat:[45]']);
    const dw = node(g, 'qsep_depthwise');
    const pw = node(g, 'qsep');
    expect(dw.quant?.weight).toMatchObject({ width: 5, int: 2, signed: true });
    expect(pw.quant?.weight).toMatchObject({ width: 4, int: 1, signed: true });
    expect(pw.quant?.bias).toMatchObject({ width: 6 });
    if (dw.op === 'depthwise_conv') {
      expect(dw.bias).toBeNull();
      for (const w of dw.kernel) expect(Number.isInteger(w * 8)).toBe(true);
    }
    if (pw.op === 'conv') expect(pw.kernelSize).toEqual([1, 1]);
    const e = expectedOf('qkeras_separable');
    expect(maxDiff(evaluateGraph(g, e.inputs), e.outputs)).toBeLessThan(FLOAT_TOL);
    // lowered with the two weight types kept exactly; simulator == generated TS model on the real inputs
    const df = compileGraph(g, { config: { model: { default: 'ap_fixed<12,5,RND>' } } });
    const weightTypes = df.nodes.filter((n) => n.op === 'conv').map((n) => (n.op === 'conv' ? `${n.name}:${n.weightType.width},${n.weightType.int}` : ''));
    expect(weightTypes).toEqual(['qsep_depthwise:5,2', 'qsep:4,1']);
    const rows = await runLadder(df, quantizeInputs(df, e.inputs), { backends: ['ts'] });
    expect(rows.map((r) => [r.rung, r.mismatches])).toEqual([
      ['simulator (reference)', 0],
      ['ts specialized model', 0],
    ]);
  });

  it('refuses dilation and a bilinear UpSampling2D with FF006 naming the file, layer and field', async () => {
    const text = fixtureText('keras2_conv1d.json');
    const dilated = text.replace('"dilation_rate": [\n      1\n     ]', '"dilation_rate": [2]');
    expect(dilated).not.toBe(text);
    await expect(importKerasJson(dilated, fixture('keras2_conv1d_weights.h5'), 'cnn1.json', 'cnn1.h5')).rejects.toMatchObject({
      code: 'FF006',
      file: 'cnn1.json',
      layer: 'c1',
      field: 'dilation_rate',
    });
    const causal = text.replace('"padding": "causal"', '"padding": "reflect"');
    await expect(importKerasJson(causal, fixture('keras2_conv1d_weights.h5'), 'cnn1.json', 'cnn1.h5')).rejects.toMatchObject({
      code: 'FF006',
      layer: 'c1',
      field: 'padding',
    });
  });

  it.skipIf(SKIP_SHARED)('imports the real KERAS_conv1d_small (Keras 2 JSON + weights) of ../shared/models', async () => {
    const g = await importModel(`${SHARED}KERAS_conv1d_small.json`);
    verifyGraph(g);
    expect(g.nodes.filter((n) => n.op === 'conv').map((n) => n.shape)).toEqual([
      [10, 3],
      [10, 2],
      [10, 1],
    ]);
    const out = evaluateGraph(g, [new Array<number>(40).fill(0.5)]);
    expect(out[0]?.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });
});
