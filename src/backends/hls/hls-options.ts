/** Options of the HLS backend, checked once. */
import { CompileError } from '../../core/diagnostics.js';
import { sanitizeIdentifier } from '../../core/naming.js';

export type HlsIo = 'parallel' | 'stream';

export interface HlsOptions {
  /** io_parallel (arrays, one pipelined function) or io_stream (hls::stream, dataflow) */
  readonly io: HlsIo;
  /** name of the top function (sanitized); default: the design's name */
  readonly top?: string;
  /** FPGA part for build_prj.tcl */
  readonly part?: string;
  /** clock period in ns for build_prj.tcl */
  readonly clockNs?: number;
  /** test vectors (raw codes, as simulateRaw takes them) to ship in tb_data/tb_input_raw.dat */
  readonly vectors?: readonly (readonly bigint[])[];
  /** the simulator's outputs for `vectors`, shipped as tb_data/tb_expected_raw.dat for a self-checking csim */
  readonly expected?: readonly (readonly bigint[])[];
}

export interface ResolvedHlsOptions {
  readonly io: HlsIo;
  readonly top: string;
  readonly part: string;
  readonly clockNs: number;
}

export const DEFAULT_PART = 'xcu250-figd2104-2L-e';
export const DEFAULT_CLOCK_NS = 5;

const PART_RE = /^[A-Za-z0-9_.-]+$/;

export function resolveHlsOptions(designName: string, opts: HlsOptions): ResolvedHlsOptions {
  const io: string = opts.io;
  if (io !== 'parallel' && io !== 'stream') throw new CompileError('FF014', `io must be 'parallel' or 'stream', got '${io}'`, { field: 'io' });
  const part = opts.part ?? DEFAULT_PART;
  if (!PART_RE.test(part)) throw new CompileError('FF014', `FPGA part '${part}' may contain only letters, digits, '_', '.' and '-'`, { field: 'part' });
  const clockNs = opts.clockNs ?? DEFAULT_CLOCK_NS;
  if (!Number.isFinite(clockNs) || clockNs <= 0) throw new CompileError('FF014', `clock period must be a positive number of ns, got ${clockNs}`, { field: 'clockNs' });
  return { io, top: sanitizeIdentifier(opts.top ?? designName), part, clockNs };
}
