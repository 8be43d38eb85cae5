/**
 * sim/float-reference.ts against answers worked out by hand. (It is also
 * checked against numpy on every fixture model in keras-import.test.ts and
 * qkeras.test.ts, and against independent formulas in the ONNX tests.)
 */
import { describe, expect, it } from 'vitest';
import { evaluateGraph } from '../../../sim/float-reference.js';
import { parseType } from '../../../src/fixed/fixed-type.js';
import { GRAPH_IR_VERSION, type Graph, type GraphNode } from '../../../src/ir/graph/types.js';

function graph(nodes: GraphNode[], outputs: string[]): Graph {
  return { version: GRAPH_IR_VERSION, name: 'g', nodes, outputs };
}

const input = (name: string, shape: number[]): GraphNode => ({ op: 'input', name, inputs: [], shape });

describe('evaluateGraph', () => {
  it('Dense with a row-major [in][units] kernel, then BatchNorm', () => {
    const g = graph(
      [
        input('x', [2]),
        // kernel [[1, 2], [3, 4]]: y0 = 1·x0 + 3·x1 + 0.5, y1 = 2·x0 + 4·x1 − 1
        { op: 'dense', name: 'd', inputs: ['x'], shape: [2], units: 2, kernel: [1, 2, 3, 4], bias: [0.5, -1] },
        { op: 'batchnorm', name: 'bn', inputs: ['d'], shape: [2], gamma: [2, 1], beta: [0, 1], mean: [7.5, 1], variance: [3.99, 0], epsilon: 0.01 },
      ],
      ['d', 'bn'],
    );
    // x = [1, 2]: d = [7.5, 9]; bn = [(7.5−7.5)·2/2 + 0, (9−1)·1/0.1 + 1] = [0, 81]
    const [row] = evaluateGraph(g, [[1, 2]]);
    expect(row?.slice(0, 2)).toEqual([7.5, 9]);
    expect(row?.[2]).toBe(0);
    expect(row?.[3]).toBeCloseTo(81, 12);
  });

  it('activations, clip, leaky ReLU and softmax over the last axis', () => {
    const g = graph(
      [
        input('x', [2, 2]),
        { op: 'activation', name: 'r', inputs: ['x'], shape: [2, 2], fn: 'relu' },
        { op: 'activation', name: 's', inputs: ['x'], shape: [2, 2], fn: 'sigmoid' },
        { op: 'activation', name: 't', inputs: ['x'], shape: [2, 2], fn: 'tanh' },
        { op: 'clip', name: 'c', inputs: ['x'], shape: [2, 2], min: -0.5, max: 1 },
        { op: 'leaky_relu', name: 'l', inputs: ['x'], shape: [2, 2], alpha: 0.25 },
        { op: 'softmax', name: 'sm', inputs: ['x'], shape: [2, 2] },
        { op: 'reshape', name: 'flat', inputs: ['sm'], shape: [4] },
      ],
      ['r', 's', 't', 'c', 'l', 'flat'],
    );
    const x = [0, -2, Math.log(3), 2];
    const [y] = evaluateGraph(g, [x]);
    const part = (k: number): number[] => (y ?? []).slice(4 * k, 4 * k + 4);
    expect(part(0)).toEqual([0, 0, Math.log(3), 2]);
    expect(part(1)[0]).toBe(0.5);
    expect(part(1)[1]).toBeCloseTo(1 / (1 + Math.exp(2)), 15);
    expect(part(2)[0]).toBe(0);
    expect(part(2)[3]).toBeCloseTo(Math.tanh(2), 15);
    expect(part(3)).toEqual([0, -0.5, 1, 1]);
    expect(part(4)).toEqual([0, -0.5, Math.log(3), 2]);
    // softmax rows: [0, −2] → [1/(1+e^−2), e^−2/(1+e^−2)]; [ln 3, 2] → [3/(3+e²), e²/(3+e²)]
    const sm = part(5);
    expect(sm[0]).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    expect(sm[2]).toBeCloseTo(3 / (3 + Math.exp(2)), 15);
    expect((sm[0] ?? 0) + (sm[1] ?? 0)).toBeCloseTo(1, 15);
  });

  it('applies quant.result with the type rounding and overflow modes', () => {
    const t = parseType('ap_fixed<4,2,RND_CONV,SAT>'); // step 0.25, range [−2, 1.75]
    const g = graph([input('x', [6]), { op: 'activation', name: 'q', inputs: ['x'], shape: [6], fn: 'linear', quant: { result: t } }], ['q']);
    // 0.375 = 1.5 steps → 2 (even); 0.625 = 2.5 steps → 2; −0.375 → −2 steps; 5 → 1.75; −3 → −2; 0.3 → 0.25
    expect(evaluateGraph(g, [[0.375, 0.625, -0.375, 5, -3, 0.3]])).toEqual([[0.5, 0.5, -0.5, 1.75, -2, 0.25]]);
    const trn = parseType('ap_ufixed<3,1>'); // TRN, WRAP: step 0.25, codes 0..7
    const w = graph([input('x', [3]), { op: 'activation', name: 'q', inputs: ['x'], shape: [3], fn: 'relu', quant: { result: trn } }], ['q']);
    expect(evaluateGraph(w, [[0.3, 2.1, -1]])).toEqual([[0.25, 0, 0]]); // 2.1 → code 8 wraps to 0
  });

  it('casts weights to quant.weight / quant.bias', () => {
    const g = graph(
      [
        input('x', [1]),
        { op: 'dense', name: 'd', inputs: ['x'], shape: [1], units: 1, kernel: [0.3], bias: [0.7], quant: { weight: parseType('ap_fixed<4,1,RND>'), bias: parseType('ap_fixed<3,1>') } },
      ],
      ['d'],
    );
    // 0.3 → 0.25 (step 1/8, RND: 2.4 steps → 2); 0.7 → 0.5 (step 1/4, TRN)
    expect(evaluateGraph(g, [[2]])).toEqual([[0.25 * 2 + 0.5]]);
  });

  it('concatenates several inputs (node order) and outputs (output order)', () => {
    const g = graph(
      [input('a', [1]), input('b', [2]), { op: 'activation', name: 'rb', inputs: ['b'], shape: [2], fn: 'relu' }],
      ['rb', 'a'],
    );
    expect(evaluateGraph(g, [[5, -1, 3], [-5, 1, -3]])).toEqual([
      [0, 3, 5],
      [1, 0, -5],
    ]);
    expect(() => evaluateGraph(g, [[1, 2]])).toThrow(expect.objectContaining({ code: 'FF010' }));
    expect(() => evaluateGraph(g, [[1, NaN, 2]])).toThrow(expect.objectContaining({ code: 'FF010' }));
  });
});
