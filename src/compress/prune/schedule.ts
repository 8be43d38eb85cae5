/**
 * The gradual pruning schedule of Zhu & Gupta (2017), "To prune, or not to
 * prune": sparsity rises from s_i to s_f over n pruning steps as
 *   s_t = s_f + (s_i − s_f) · (1 − (t − t0) / (n·Δt))^power,  power = 3,
 * updated every Δt training steps from t0 on.
 */
import { checkInteger, checkRange, invalidRequest } from '../request-error.js';

export interface PolynomialSchedule {
  readonly initialSparsity: number;
  readonly finalSparsity: number;
  /** t0: first step that prunes */
  readonly beginStep: number;
  /** t0 + n·Δt: the step from which sparsity stays final */
  readonly endStep: number;
  /** Δt: steps between mask updates */
  readonly frequency: number;
  readonly power?: number;
}

export function checkSchedule(s: PolynomialSchedule): void {
  checkRange(s.initialSparsity, 0, 1, 'initialSparsity', undefined, { hi: true });
  checkRange(s.finalSparsity, 0, 1, 'finalSparsity', undefined, { hi: true });
  checkInteger(s.beginStep, 0, Number.MAX_SAFE_INTEGER, 'beginStep');
  checkInteger(s.frequency, 1, Number.MAX_SAFE_INTEGER, 'frequency');
  if (!Number.isInteger(s.endStep) || s.endStep < s.beginStep) {
    throw invalidRequest(`endStep must be an integer ≥ beginStep (${s.beginStep}), got ${s.endStep}`, undefined, 'endStep');
  }
  if (s.power !== undefined) checkRange(s.power, 0, 16, 'power', undefined, { lo: true });
}

/** Target sparsity at training step `step` (held between updates). */
export function polynomialSparsity(s: PolynomialSchedule, step: number): number {
  if (step < s.beginStep) return 0;
  if (step >= s.endStep) return s.finalSparsity;
  const t = s.beginStep + Math.floor((step - s.beginStep) / s.frequency) * s.frequency;
  const frac = (t - s.beginStep) / (s.endStep - s.beginStep);
  return s.finalSparsity + (s.initialSparsity - s.finalSparsity) * (1 - frac) ** (s.power ?? 3);
}

/** True when the mask is recomputed at `step`: every Δt from t0, and at the end step. */
export function isPruningStep(s: PolynomialSchedule, step: number): boolean {
  return step >= s.beginStep && step <= s.endStep && ((step - s.beginStep) % s.frequency === 0 || step === s.endStep);
}
