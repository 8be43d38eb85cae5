import { describe, expect, it } from 'vitest';
import type { Graph } from '../../src/ir/graph/types.js';
import { compileGraph } from '../../src/pipeline.js';
import { summarizeDesign } from '../../src/report/summary.js';
import { Builder } from '../conv/builder.js';

describe('design summary of conv layers', () => {
  it('counts parameters, and MACs over every output position with padding taps skipped', () => {
    const b = new Builder(11);
    const x = b.input('x', [4, 4, 1]);
    const same = b.conv('same3x3', x, { filters: 1, k: [3, 3], padding: 'same' });
    const valid = b.conv('valid2x2s2', same, { filters: 2, k: [2, 2], strides: [2, 2] });
    const df = compileGraph(b.graph('g', [valid]) as Graph, { config: {} });
    const s = summarizeDesign(df);
    const l1 = s.layers.find((l) => l.name === 'same3x3');
    const l2 = s.layers.find((l) => l.name === 'valid2x2s2');
    const nz = (name: string): number => {
      const n = df.nodes.find((m) => m.name === name);
      return n?.op === 'conv' ? n.weights.filter((w) => w !== 0n).length : -1;
    };
    expect(nz('same3x3')).toBe(9);
    // 4 corners × 4 taps + 8 edges × 6 taps + 4 inner × 9 taps
    expect(l1?.macs).toBe(100);
    expect(l1?.params).toBe(10);
    // 2×2 outputs, every tap inside, 2 filters × 4 taps
    expect(l2?.macs).toBe(4 * nz('valid2x2s2'));
    expect(s.macs).toBe(100 + 4 * nz('valid2x2s2'));
  });
});
