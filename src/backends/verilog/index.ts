/** The Verilog backend's public surface. */
export { emitVerilog, emitVerilogDesign, MANIFEST_FILE, type VerilogDesign } from './emit.js';
export { DEFAULT_OPTIONS as VERILOG_DEFAULTS, type ConstMult, type LayerKnobs, type VerilogOptions } from './options.js';
