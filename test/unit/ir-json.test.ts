import { describe, expect, it } from 'vitest';
import { CompileError } from '../../src/core/diagnostics.js';
import { dataflowFromJson, dataflowToJson } from '../../src/ir/dataflow/json.js';
import { printDataflow } from '../../src/ir/dataflow/print.js';
import { verifyDataflow } from '../../src/ir/dataflow/verify.js';
import { graphFromJson, graphToJson } from '../../src/ir/graph/json.js';
import { printGraph } from '../../src/ir/graph/print.js';
import { verifyGraph } from '../../src/ir/graph/verify.js';
import { lowerGraph } from '../../src/lower/lower.js';
import { mlpGraph } from '../helpers/models.js';

const graph = mlpGraph({ sizes: [6, 5, 4, 3], hidden: 'tanh', head: 'softmax', batchnorm: true, sparsity: 0.3, seed: 11 });

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof CompileError) return e.code;
    throw e;
  }
  return undefined;
}

describe('IR JSON', () => {
  it('graph: save → load gives an equal IR', () => {
    const text = graphToJson(graph);
    expect(graphFromJson(text)).toEqual(graph);
    expect(graphToJson(graphFromJson(text))).toBe(text);
  });
  it('dataflow: save → load gives an equal IR, wide codes included', () => {
    for (const cfg of [{}, { model: { default: 'ap_fixed<60,20,RND,SAT>' } }]) {
      const df = lowerGraph(graph, cfg);
      const text = dataflowToJson(df);
      expect(dataflowFromJson(text)).toEqual(df);
      expect(dataflowToJson(dataflowFromJson(text))).toBe(text);
    }
  });
  it('refuses another version with FF013 and malformed documents with FF002', () => {
    const df = lowerGraph(graph);
    const doc = JSON.parse(dataflowToJson(df));
    expect(codeOf(() => dataflowFromJson(JSON.stringify({ ...doc, version: 99 })))).toBe('FF013');
    expect(codeOf(() => dataflowFromJson('{"format": "fixflow-dataflow"'))).toBe('FF002');
    expect(codeOf(() => dataflowFromJson(JSON.stringify({ ...doc, nodes: [{ op: 'conv9d' }] })))).toBe('FF002');
    const bad = structuredClone(doc);
    bad.nodes[1].weights[0] = 1e9; // outside ap_fixed<16,6>
    expect(codeOf(() => dataflowFromJson(JSON.stringify(bad)))).toBe('FF012');
  });
  it('printers are readable and name every layer', () => {
    const df = lowerGraph(graph);
    const text = printDataflow(df);
    for (const n of df.nodes) expect(text).toContain(`${n.name} = ${n.op}(`);
    expect(text).toContain('acc ap_fixed<');
    expect(printGraph(graph)).toContain('"dense_1" = dense("input_1")');
  });
});

describe('verifiers', () => {
  it('graph: dangling edge, cycle order, duplicate name, shape mismatch, NaN', () => {
    const nodes = [...graph.nodes];
    const d1 = nodes[1];
    if (d1?.op !== 'dense') throw new Error('fixture');
    expect(codeOf(() => verifyGraph({ ...graph, nodes: [nodes[0]!, { ...d1, inputs: ['nope'] }, ...nodes.slice(2)] }))).toBe('FF020');
    expect(codeOf(() => verifyGraph({ ...graph, nodes: [nodes[0]!, { ...d1, inputs: [nodes[2]!.name] }, ...nodes.slice(2)] }))).toBe('FF020');
    expect(codeOf(() => verifyGraph({ ...graph, nodes: [nodes[0]!, d1, { ...d1 }, ...nodes.slice(2)] }))).toBe('FF012');
    expect(codeOf(() => verifyGraph({ ...graph, nodes: [nodes[0]!, { ...d1, kernel: d1.kernel.slice(1) }, ...nodes.slice(2)] }))).toBe('FF004');
    expect(codeOf(() => verifyGraph({ ...graph, nodes: [nodes[0]!, { ...d1, kernel: [NaN, ...d1.kernel.slice(1)] }, ...nodes.slice(2)] }))).toBe('FF005');
    expect(codeOf(() => verifyGraph({ ...graph, outputs: ['ghost'] }))).toBe('FF020');
  });
  it('dataflow: unsafe identifier and out-of-range code', () => {
    const df = lowerGraph(graph);
    verifyDataflow(df);
    const n1 = df.nodes[1];
    if (n1?.op !== 'dense') throw new Error('fixture');
    expect(codeOf(() => verifyDataflow({ ...df, nodes: [df.nodes[0]!, { ...n1, name: 'a; drop' }, ...df.nodes.slice(2)] }))).toBe('FF012');
    expect(codeOf(() => verifyDataflow({ ...df, nodes: [df.nodes[0]!, { ...n1, bias: n1.bias.map(() => 1n << 40n) }, ...df.nodes.slice(2)] }))).toBe('FF012');
  });
});
