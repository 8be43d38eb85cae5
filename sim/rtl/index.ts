/** RTL simulation runners: Verilator and Icarus against the simulator. */
export { assertVerified, verifyVerilog, type Mismatch, type SimRun, type VerifyOptions, type VerifyProgress, type VerifyReport } from './verify.js';
export { formatVectors, parseVectors, readVectorsFile } from './vectors-file.js';
export { requireTool, whichTool, type Tool } from './tools.js';
