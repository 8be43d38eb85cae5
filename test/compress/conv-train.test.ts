/**
 * The training methods on conv graphs: gradual magnitude pruning of conv
 * kernels (Zhu & Gupta) and distillation from a conv teacher into a thinner
 * conv student, with a FitNets hint on a feature map.
 */
import { describe, expect, it } from 'vitest';
import { distill } from '../../src/compress/distill/distill.js';
import { pruneIteratively } from '../../src/compress/prune/iterative.js';
import type { Graph } from '../../src/ir/graph/types.js';
import { Builder } from '../conv/builder.js';
import { randomInputs } from '../helpers/models.js';

/** in [6, 6, 1] → conv 3×3 (filters) → ReLU → max pool 2 → depthwise 3×3 → global avg → dense 2. */
function cnn(filters: number, seed: number): Graph {
  const b = new Builder(seed);
  const x = b.input('in', [6, 6, 1]);
  const h = b.pool('mp', b.relu('r', b.conv('c', x, { filters, k: [3, 3] })), 'max', [2, 2]);
  return b.graph(`cnn${filters}`, [b.dense('fc', b.globalPool('gap', b.depthwise('dw', h, [3, 3])), 2)]) as unknown as Graph;
}

const rows = randomInputs(48, 36, 8, 1);
const x = Float32Array.from(rows.flat());
// class: is the top half brighter than the bottom half
const labels = Int32Array.from(rows, (r) => (r.slice(0, 18).reduce((a, v) => a + v, 0) > r.slice(18).reduce((a, v) => a + v, 0) ? 1 : 0));
const data = { n: rows.length, inSize: 36, x, labels };

describe('training conv graphs', () => {
  it('gradual magnitude pruning reaches the final sparsity in every conv kernel', () => {
    const r = pruneIteratively(cnn(6, 3), data, {
      schedule: { initialSparsity: 0, finalSparsity: 0.5, beginStep: 0, endStep: 8, frequency: 2 },
      layers: ['c', 'dw'],
      fit: { epochs: 2, batchSize: 12, learningRate: 0.01 },
    });
    expect(r.steps).toBe(8);
    for (const l of r.layers) expect(l.zeros).toBe(Math.round(0.5 * l.weights));
    expect(r.layers.map((l) => l.layer)).toEqual(['c', 'dw']);
  });

  it('distillation with a FitNets hint on a feature map trains a thinner conv student', () => {
    const teacher = cnn(8, 4);
    const student = cnn(3, 5);
    const before = JSON.stringify(student);
    const trained = distill(teacher, student, data, {
      temperature: 2,
      alpha: 0.5,
      hint: { teacherNode: 'mp', studentNode: 'mp', epochs: 1 },
      fit: { epochs: 3, batchSize: 12, learningRate: 0.01 },
    });
    expect(JSON.stringify(trained)).not.toBe(before);
    const c = trained.nodes.find((n) => n.name === 'c');
    expect(c?.op === 'conv' && c.filters === 3 && c.kernel.every(Number.isFinite)).toBe(true);
    // training (hint stage, then distillation) moved the student conv
    const c0 = student.nodes.find((n) => n.name === 'c');
    expect(c0?.op === 'conv' && c?.op === 'conv' && c.kernel.some((w, i) => w !== c0.kernel[i])).toBe(true);
  });
});
