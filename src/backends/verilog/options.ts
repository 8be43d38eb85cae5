/**
 * Knobs of the Verilog backend. None of them changes a value: they trade
 * registers, LUTs and DSPs against each other.
 */
import { CompileError } from '../../core/diagnostics.js';
import type { Dataflow } from '../../ir/dataflow/types.js';

export type ConstMult = 'dsp' | 'lut';

export interface LayerKnobs {
  /** constant multiplications: `*` operators that synthesis maps to DSPs, or shift-and-add networks on LUTs */
  readonly constMult?: ConstMult;
  /** a weight with at most this many non-zero signed digits becomes shifts and adds (0: never) */
  readonly shiftAddTerms?: number;
}

export interface VerilogOptions extends LayerKnobs {
  /** logic levels (an adder-tree level is one) between pipeline registers */
  readonly stageLevels?: number;
  /** levels charged for one multiplier when scheduling registers */
  readonly mulLevels?: number;
  /** name of the top module (default `<design>_top`) */
  readonly topName?: string;
  /** per-layer knobs, keyed by the dataflow node name */
  readonly layers?: Readonly<Record<string, LayerKnobs>>;
  /**
   * streaming designs: FIFO depths that replace the ones computed from the
   * schedule, keyed by FIFO name (`<layer>_in<k>`, see the manifest). A depth
   * below the computed minimum deadlocks; the harness detects and reports it.
   */
  readonly fifoDepths?: Readonly<Record<string, number>>;
}

export interface ResolvedOptions {
  readonly stageLevels: number;
  readonly mulLevels: number;
  readonly topName: string | undefined;
  readonly fifoDepths: Readonly<Record<string, number>>;
  knobs(layer: string): Required<LayerKnobs>;
}

export const DEFAULT_OPTIONS = {
  stageLevels: 6,
  mulLevels: 2,
  constMult: 'dsp' as ConstMult,
  shiftAddTerms: 2,
};

function positiveInt(v: unknown, field: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > 64) {
    throw new CompileError('FF007', `${field} must be an integer in ${min}..64, got ${String(v)}`, { field });
  }
  return v;
}

function checkKnobs(k: LayerKnobs, where: string): void {
  if (k.constMult !== undefined && k.constMult !== 'dsp' && k.constMult !== 'lut') {
    throw new CompileError('FF007', `${where}constMult must be 'dsp' or 'lut', got '${String(k.constMult)}'`, { field: `${where}constMult` });
  }
  if (k.shiftAddTerms !== undefined) positiveInt(k.shiftAddTerms, `${where}shiftAddTerms`, 0);
}

export function resolveOptions(df: Dataflow, opts: VerilogOptions = {}): ResolvedOptions {
  const stageLevels = opts.stageLevels === undefined ? DEFAULT_OPTIONS.stageLevels : positiveInt(opts.stageLevels, 'stageLevels', 1);
  const mulLevels = opts.mulLevels === undefined ? DEFAULT_OPTIONS.mulLevels : positiveInt(opts.mulLevels, 'mulLevels', 0);
  if (opts.topName !== undefined && !/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(opts.topName)) {
    throw new CompileError('FF007', `topName must be a Verilog identifier (letters, digits, _), got '${opts.topName}'`, { field: 'topName' });
  }
  checkKnobs(opts, '');
  const names = new Set(df.nodes.map((n) => n.name));
  for (const [layer, k] of Object.entries(opts.layers ?? {})) {
    if (!names.has(layer)) throw new CompileError('FF008', `Verilog options name layer '${layer}', which the design does not have`, { layer, field: `layers.${layer}` });
    checkKnobs(k, `layers.${layer}.`);
  }
  const base: Required<LayerKnobs> = {
    constMult: opts.constMult ?? DEFAULT_OPTIONS.constMult,
    shiftAddTerms: opts.shiftAddTerms ?? DEFAULT_OPTIONS.shiftAddTerms,
  };
  const fifoDepths: Record<string, number> = {};
  for (const [name, d] of Object.entries(opts.fifoDepths ?? {})) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 1 << 20) {
      throw new CompileError('FF007', `fifoDepths.${name} must be an integer in 1..${1 << 20}, got ${String(d)}`, { field: `fifoDepths.${name}` });
    }
    fifoDepths[name] = d;
  }
  return {
    stageLevels,
    mulLevels,
    topName: opts.topName,
    fifoDepths,
    knobs: (layer) => ({ ...base, ...(opts.layers?.[layer] ?? {}) }),
  };
}
