/** Exit codes of the `fixflow` command (documented in the README). */
import type { ErrorCode } from '../core/diagnostics.js';

export const EXIT = {
  ok: 0,
  /** unexpected internal error (a bug: please report it) */
  internal: 1,
  /** bad command line (unknown option, missing argument) */
  usage: 2,
  /** bad input: model, config, vectors, IR */
  input: 3,
  /** output exists and --force was not given */
  outputExists: 4,
  /** an external tool (g++, verilator, iverilog, yosys) is missing or failed */
  tool: 5,
  /** verification found a mismatch, or a simulation stalled */
  mismatch: 6,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'FF011':
      return EXIT.outputExists;
    case 'FF015':
    case 'FF016':
      return EXIT.tool;
    case 'FF017':
    case 'FF022':
      return EXIT.mismatch;
    case 'FF021':
      return EXIT.internal;
    case 'FF014':
      return EXIT.usage;
    default:
      return EXIT.input;
  }
}
