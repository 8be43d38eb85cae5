/**
 * JSON of the conv ops: dataflow nodes round-trip through their schemas to
 * equal nodes (raw codes and types included), graph nodes parse, and
 * lowering is deterministic (same graph and config → byte-identical JSON).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CONV_DF_SCHEMAS, convDfNodeToJson } from '../../src/ir/dataflow/conv-json.js';
import { describeConvDfNode } from '../../src/ir/dataflow/conv-print.js';
import { isConvDfNode, type ConvDfNode } from '../../src/ir/dataflow/conv-types.js';
import { CONV_GRAPH_SCHEMAS } from '../../src/ir/graph/conv-json.js';
import { describeConvGraphNode } from '../../src/ir/graph/conv-print.js';
import { isConvGraphNode } from '../../src/ir/graph/conv-types.js';
import { ALL_BLOCKS } from './blocks.js';
import { lowerMixed, type MixedDataflow } from './harness.js';

const dfNode = z.discriminatedUnion('op', [...CONV_DF_SCHEMAS]);
const graphNode = z.discriminatedUnion('op', [...CONV_GRAPH_SCHEMAS]);

function convNodes(df: MixedDataflow): ConvDfNode[] {
  return df.nodes.filter((n): n is ConvDfNode => isConvDfNode(n));
}

function text(df: MixedDataflow): string {
  return JSON.stringify(convNodes(df).map(convDfNodeToJson), null, 1);
}

const WIDE = { model: { default: 'ap_fixed<64,4,RND_CONV,SAT_SYM>', weight: 'ap_fixed<20,4,RND>' } };

describe.each(ALL_BLOCKS)('%s', (_name, build) => {
  it('dataflow conv nodes round-trip through JSON, wide raw codes as strings', () => {
    for (const config of [{}, WIDE]) {
      const df = lowerMixed(build(), config);
      const nodes = convNodes(df);
      expect(nodes.length).toBeGreaterThan(0);
      const back = JSON.parse(text(df)) as unknown[];
      expect(back.map((j) => dfNode.parse(j))).toEqual(nodes);
      if (config === WIDE) expect(text(df)).toMatch(/"-?\d{17,}"/);
    }
  });

  it('lowering is deterministic', () => {
    expect(text(lowerMixed(build(), WIDE))).toBe(text(lowerMixed(build(), WIDE)));
  });

  it('graph conv nodes parse with their schemas; printers describe every node', () => {
    const g = build();
    for (const n of g.nodes.filter(isConvGraphNode)) {
      expect(graphNode.parse(JSON.parse(JSON.stringify(n)))).toEqual(n);
      expect(typeof describeConvGraphNode(n)).toBe('string');
    }
    for (const n of convNodes(lowerMixed(g))) expect(describeConvDfNode(n)).not.toMatch(/undefined|NaN/);
  });
});

describe('schemas reject bad documents', () => {
  it('unknown fields, bad padding, bad codes', () => {
    const df = lowerMixed(ALL_BLOCKS[0]?.[1]() ?? (() => { throw new Error('no block'); })());
    const c = convDfNodeToJson(convNodes(df)[0] as ConvDfNode);
    expect(dfNode.safeParse({ ...c, extra: 1 }).success).toBe(false);
    expect(dfNode.safeParse({ ...c, weights: ['1.5'] }).success).toBe(false);
    expect(dfNode.safeParse({ ...c, accType: 'ap_fixed<0,1>' }).success).toBe(false);
    expect(graphNode.safeParse({ op: 'pool', name: 'p', inputs: ['x'], shape: [1, 1], kind: 'max', poolSize: [2], strides: [1], padding: 'full', countIncludePad: false }).success).toBe(false);
  });
});
