import { describe, expect, it } from 'vitest';
import { GRAPH_IR_VERSION, type Graph } from '../../src/ir/graph/types.js';
import { compileGraph } from '../../src/pipeline.js';
import { errorBounds } from '../../src/report/error-bound.js';

const graph: Graph = {
  version: GRAPH_IR_VERSION,
  name: 'pixels',
  nodes: [
    { op: 'input', name: 'x', inputs: [], shape: [3] },
    { op: 'dense', name: 'fc', inputs: ['x'], shape: [2], units: 2, kernel: [0.5, -0.25, 1, 0.75, -1, 0.125], bias: [0, 0.5] },
  ],
  outputs: ['fc'],
};

describe('stated error bound at an unsigned input', () => {
  const df = compileGraph(graph, { config: { layerType: { Input: { result: 'ap_ufixed<10,1,RND,SAT>' } } } });
  it('pixels in [0, 1] fit ap_ufixed<10,1>: the bound is half an ulp, no overflow flagged', () => {
    const b = errorBounds(graph, df, { min: 0, max: 1 });
    expect(b[0]).toMatchObject({ layer: 'x', error: 2 ** -10, overflowPossible: false });
    expect(b[1]?.overflowPossible).toBe(false);
    expect(Number.isFinite(b[1]?.error)).toBe(true);
  });
  it('inputs up to 2 exceed it (max 2 − 2^-9) and are flagged; so are negative ones', () => {
    expect(errorBounds(graph, df, { min: 0, max: 2 })[0]?.overflowPossible).toBe(true);
    expect(errorBounds(graph, df, { min: -0.001, max: 1 })[0]?.overflowPossible).toBe(true);
  });
});
