/** chooseEngine: the interpreter for few inputs, the specialized model once its fixed cost is amortized. */
import { describe, expect, it } from 'vitest';
import { chooseEngine } from '../../src/backends/ts/choose-engine.js';
import { lowerGraph } from '../../src/lower/lower.js';
import { mlpGraph } from './helpers/mlp-graph.js';

describe('chooseEngine', () => {
  const jet = lowerGraph(mlpGraph([16, 64, 32, 32, 5], { head: 'softmax' }), { model: { default: 'ap_fixed<16,6>' } });
  const wide = lowerGraph(mlpGraph([16, 32, 8]), { model: { default: 'ap_fixed<40,20>' } });

  it('picks the interpreter for a handful of inputs and the specialized model for many', () => {
    const few = chooseEngine(jet, 10);
    expect(few.engine).toBe('interpreter');
    expect(few.reason).toMatch(/^interpreter: 10 inputs/);
    const many = chooseEngine(jet, 1_000_000);
    expect(many.engine).toBe('specialized');
    expect(many.reason).toMatch(/^specialized model: about \d+\.\d+x faster per input/);
    expect(many.estimate.specializedMs).toBeLessThan(many.estimate.interpreterMs);
  });

  it('switches exactly at the break-even number of inputs', () => {
    const { breakEvenInputs } = chooseEngine(jet, 1).estimate;
    expect(Number.isFinite(breakEvenInputs)).toBe(true);
    expect(chooseEngine(jet, breakEvenInputs + 1).engine).toBe('specialized');
    expect(chooseEngine(jet, Math.max(0, breakEvenInputs - 1)).engine).toBe('interpreter');
  });

  it('counts a loaded compiler and BigInt layers', () => {
    expect(chooseEngine(jet, 1, { warm: true }).estimate.compileMs).toBeLessThan(chooseEngine(jet, 1).estimate.compileMs);
    // layers wider than 52 bits run on the interpreter's BigInt reference: the model pays off much sooner per MAC
    const perMac = (df: typeof jet): number => {
      const e = chooseEngine(df, 1000, { warm: true }).estimate;
      const macs = df.nodes.reduce((a, n) => a + (n.op === 'dense' ? n.weights.filter((w) => w !== 0n).length : 0), 0);
      return e.interpreterMs / macs;
    };
    expect(perMac(wide)).toBeGreaterThan(50 * perMac(jet));
    expect(chooseEngine(wide, 0).engine).toBe('interpreter');
  });
});
