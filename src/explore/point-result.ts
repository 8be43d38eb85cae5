/** What a sweep stores for a point. */
export interface PointResult {
  /** simulated fixed-point accuracy on the validation set */
  readonly accuracy: number;
  readonly luts: number;
  readonly ffs: number;
  readonly dsps: number;
  readonly brams: number;
  /** cycles, exact (the backend's schedule) */
  readonly latency: number;
  readonly ii: number;
  /** 'interpreter' or 'specialized' (the TypeScript backend) */
  readonly engine: string;
  readonly seconds: number;
  /** Yosys-measured figures, when the sweep asked for them */
  readonly yosys?: { readonly luts: number; readonly ffs: number; readonly dsps: number; readonly brams: number };
}

/** A point that could not be built (e.g. a rank above the layer's size): kept, so it is not retried. */
export interface PointFailure {
  readonly error: string;
  readonly code?: string;
}

export type PointOutcome = { readonly ok: true; readonly result: PointResult } | { readonly ok: false; readonly failure: PointFailure };
