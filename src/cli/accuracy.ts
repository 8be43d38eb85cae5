/** Classification accuracy of the simulated design and of the float reference on a labelled set. */
import { createSimulator, quantizeInputsFlat } from '../../sim/simulate.js';
import type { Dataflow } from '../ir/dataflow/types.js';
import type { TensorProfile } from '../../sim/profile.js';

export function argmaxRows(values: ArrayLike<number | bigint>, rows: number, cols: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (Number(values[r * cols + c]) > Number(values[r * cols + best])) best = c;
    out[r] = best;
  }
  return out;
}

export function accuracy(pred: Int32Array, labels: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) ok++;
  return ok / Math.max(1, pred.length);
}

export interface FixedRun {
  readonly predictions: Int32Array;
  readonly seconds: number;
  readonly profile?: TensorProfile[];
}

/** Simulate a float image set through the design; class = argmax of the (raw) outputs. */
export function simulateClasses(df: Dataflow, images: Float32Array, count: number, profile = false): FixedRun {
  const sim = createSimulator(df, { profile });
  const t0 = performance.now();
  const raw = sim.runBatch(quantizeInputsFlat(df, images, count), count);
  const seconds = (performance.now() - t0) / 1000;
  return { predictions: argmaxRows(raw, count, sim.outputSize), seconds, ...(profile ? { profile: sim.profile() } : {}) };
}
