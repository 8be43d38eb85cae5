/**
 * Yosys figures as report input. Typed structurally (no import of the synthesis
 * runner), so any object with per-layer and total LUT/FF/DSP/BRAM counts fits,
 * such as the SynthReport of src/report/yosys/synth.ts.
 */
import type { DesignResources, LayerResources } from './report-input.js';

export interface SynthCounts {
  readonly luts: number;
  readonly ffs: number;
  readonly dsps: number;
  readonly brams: number;
}

export interface SynthLike {
  /** `layer` is the dataflow node's name */
  readonly layers: readonly { readonly layer: string; readonly resources: SynthCounts }[];
  readonly total: SynthCounts;
}

function figures(c: SynthCounts): { lut: number; ff: number; dsp: number; bram: number } {
  return { lut: c.luts, ff: c.ffs, dsp: c.dsps, bram: c.brams };
}

export function yosysResources(r: SynthLike): { resources: LayerResources[]; designResources: DesignResources[] } {
  return {
    resources: r.layers.map((l) => ({ layer: l.layer, source: 'yosys', ...figures(l.resources) })),
    designResources: [{ source: 'yosys', ...figures(r.total) }],
  };
}
