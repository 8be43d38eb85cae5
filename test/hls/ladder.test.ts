/**
 * The csim rung of the equivalence ladder: for every op, both io styles and
 * reuse factor 1 and > 1, the emitted HLS project compiled with g++
 * (-Wall -Wextra -Werror) gives the simulator's integers on every vector.
 */
import { describe, expect, it } from 'vitest';
import { emitHls } from '../../src/backends/hls/emit-hls.js';
import type { Dataflow, DfOp } from '../../src/ir/dataflow/types.js';
import { findGxx } from '../../sim/csim/gxx.js';
import { verifyCsim } from '../../sim/csim/verify-csim.js';
import { simulateRaw } from '../../sim/simulate.js';
import { lowerGraph } from '../../src/lower/lower.js';
import { mlpGraph } from '../helpers/models.js';
import { randomVectors } from './helpers/designs.js';
import { allOpsDesign, modesDesign, wideDesign } from './helpers/ladder-designs.js';

const skip = findGxx() === null && !process.env.CI;
const ALL_OPS: readonly DfOp[] = ['input', 'dense', 'scale_shift', 'relu', 'clip', 'leaky_relu', 'cast', 'table', 'softmax', 'reshape'];
const VECTORS = 400;

interface Rung {
  readonly label: string;
  readonly df: Dataflow;
  readonly io: 'parallel' | 'stream';
}

const rungs: Rung[] = [
  ...[1, 4].flatMap((rf) => (['parallel', 'stream'] as const).map((io) => ({ label: `all ops, rf ${rf}`, df: allOpsDesign(rf), io }))),
  { label: 'wide types, rf 1', df: wideDesign(1), io: 'parallel' },
  { label: 'wide types, rf 3', df: wideDesign(3), io: 'stream' },
  { label: '28 mode pairs', df: modesDesign(), io: 'parallel' },
  { label: '28 mode pairs', df: modesDesign(), io: 'stream' },
  // designs as the lowering pass writes them (tables, folded and standalone batch norm, sparsity)
  { label: 'lowered MLP, sigmoid + softmax', df: loweredMlp('sigmoid', 'softmax'), io: 'parallel' },
  { label: 'lowered MLP, leaky relu + sigmoid', df: loweredMlp('leaky_relu', 'sigmoid'), io: 'stream' },
];

function loweredMlp(hidden: 'sigmoid' | 'leaky_relu', head: 'softmax' | 'sigmoid'): Dataflow {
  const g = mlpGraph({ sizes: [10, 12, 8, 4], seed: 5, hidden, head, sparsity: 0.4, batchnorm: true, name: `mlp_${hidden}` });
  return lowerGraph(g, { model: { default: 'ap_fixed<12,4>', reuseFactor: 2 } });
}

describe('the ladder designs', () => {
  it('use every op of the dataflow IR', () => {
    const used = new Set(rungs.flatMap((r) => r.df.nodes.map((n) => n.op)));
    expect([...used].sort()).toEqual([...ALL_OPS].sort());
  });

  it('exercise the outputs (the simulator does not give one constant row)', () => {
    for (const r of rungs) {
      const rows = simulateRaw(r.df, randomVectors(r.df, 50, 1)).map((row) => row.join(','));
      expect(new Set(rows).size, r.label).toBeGreaterThan(10);
    }
  });
});

describe.skipIf(skip)('csim == simulator, bit for bit', () => {
  it.each(rungs.map((r) => [r.label, r.io, r] as const))('%s, io_%s: zero mismatches', async (_l, _io, r) => {
    const files = emitHls(r.df, { io: r.io });
    const verdict = await verifyCsim(r.df, files, randomVectors(r.df, VECTORS, 99), { opt: '-O0' });
    expect(verdict.vectors).toBe(VECTORS);
    expect(verdict.examples).toEqual([]);
    expect(verdict.mismatches).toBe(0);
  });
});
