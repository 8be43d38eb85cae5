/** Yosys synthesis reports of emitted Verilog. */
export { formatSynthTable, synthVerilog, type LayerReport, type SynthOptions, type SynthReport } from './synth.js';
export type { Resources, SynthTarget } from './resources.js';
export type { DepthReport } from './logic-depth.js';
