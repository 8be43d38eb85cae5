/**
 * Iterative prune-and-fine-tune (Zhu & Gupta 2017): train while the target
 * sparsity follows the polynomial schedule; at each pruning step the masks
 * are recomputed from the current weights by magnitude (per layer or
 * global), and after every optimizer step the masked weights are set back
 * to zero, so pruned weights stay pruned until the next mask update.
 */
import * as tf from '@tensorflow/tfjs';
import type { Graph } from '../../ir/graph/types.js';
import type { LabelledData } from '../train/dataset.js';
import { fitGraphNet, type FitOptions } from '../train/fit.js';
import { GraphNet } from '../train/graph-net.js';
import { applyMasks, magnitudeMasks, type PruneResult } from './magnitude.js';
import { checkSchedule, isPruningStep, polynomialSparsity, type PolynomialSchedule } from './schedule.js';

export interface IterativePruneOptions {
  readonly schedule: PolynomialSchedule;
  readonly scope?: 'layer' | 'global';
  readonly layers?: readonly string[];
  readonly fit: Omit<FitOptions, 'afterStep'>;
}

export function pruneIteratively(graph: Graph, data: LabelledData, opts: IterativePruneOptions): PruneResult & { steps: number } {
  checkSchedule(opts.schedule);
  const net = new GraphNet(graph);
  const masks = new Map<string, tf.Tensor>();
  const setMasks = (sparsity: number): void => {
    const current = net.toGraph();
    const m = magnitudeMasks(current, { sparsity, scope: opts.scope ?? 'layer', ...(opts.layers !== undefined ? { layers: opts.layers } : {}) });
    for (const [name, mask] of m) {
      const v = net.kernelVar(name);
      masks.get(name)?.dispose();
      masks.set(name, tf.tensor(Float32Array.from(mask), v.shape));
    }
  };
  const applyToWeights = (): void => {
    for (const [name, mask] of masks) {
      const v = net.kernelVar(name);
      tf.tidy(() => v.assign(tf.mul(v, mask)));
    }
  };
  try {
    if (isPruningStep(opts.schedule, 0)) {
      setMasks(polynomialSparsity(opts.schedule, 0));
      applyToWeights();
    }
    const { steps } = fitGraphNet(net, data, {
      ...opts.fit,
      afterStep: (step) => {
        if (isPruningStep(opts.schedule, step)) setMasks(polynomialSparsity(opts.schedule, step));
        applyToWeights();
      },
    });
    const finalSparsity = polynomialSparsity(opts.schedule, steps);
    setMasks(finalSparsity);
    const masked = net.toGraph();
    const m = magnitudeMasks(masked, { sparsity: finalSparsity, scope: opts.scope ?? 'layer', ...(opts.layers !== undefined ? { layers: opts.layers } : {}) });
    return { ...applyMasks(masked, m), steps };
  } finally {
    for (const m of masks.values()) m.dispose();
    net.dispose();
  }
}
