/**
 * `fixflow verify`: run the equivalence ladder on a model: the simulator
 * against the specialized TypeScript model, the HLS C simulation (g++) and
 * the Verilog in Verilator and Icarus, equal integers on every vector.
 */
import { randomVectors } from '../../../sim/random-vectors.js';
import { checkRawInputs, quantizeInputs } from '../../../sim/simulate.js';
import { CompileError } from '../../core/diagnostics.js';
import { shapeSize } from '../../ir/graph/types.js';
import { LADDER_BACKENDS, runLadder, type LadderBackend, type RungResult } from '../../ladder.js';
import { textTable } from '../../report/summary.js';
import { verilogOptions } from '../backends.js';
import { compileModel, type ModelArgs } from '../compile-model.js';
import { readVectors, type VectorKind } from '../vector-files.js';

export interface VerifyArgs extends ModelArgs {
  readonly backend?: string;
  readonly io?: string;
  readonly inputs?: string;
  readonly inputKind?: string;
  readonly random?: string;
  readonly seed?: string;
  readonly simulators?: string;
  readonly backpressure?: boolean;
  readonly json?: boolean;
  readonly fifoDepth?: string;
}

function backends(v: string | undefined): LadderBackend[] {
  if (v === undefined || v === 'all') return [...LADDER_BACKENDS];
  return v.split(',').map((b) => {
    if (!(LADDER_BACKENDS as readonly string[]).includes(b)) throw new CompileError('FF014', `--backend must be all or a list of ${LADDER_BACKENDS.join(', ')}, got '${b}'`, { field: '--backend' });
    return b as LadderBackend;
  });
}

function positive(v: string | undefined, flag: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new CompileError('FF014', `${flag} must be a positive integer, got '${v}'`, { field: flag });
  return n;
}

function ioStyles(v: string | undefined): ('parallel' | 'stream')[] {
  if (v === undefined || v === 'both') return ['parallel', 'stream'];
  if (v === 'parallel' || v === 'stream') return [v];
  throw new CompileError('FF014', `--io must be parallel, stream or both, got '${v}'`, { field: '--io' });
}

function simulators(v: string | undefined): ('verilator' | 'icarus')[] | undefined {
  if (v === undefined) return undefined;
  return v.split(',').map((s) => {
    if (s !== 'verilator' && s !== 'icarus') throw new CompileError('FF014', `--simulators takes verilator and/or icarus, got '${s}'`, { field: '--simulators' });
    return s;
  });
}

export function ladderTable(rows: readonly RungResult[]): string {
  return textTable(
    ['rung', 'vectors', 'mismatches', 'latency', 'II', 'seconds', 'note'],
    rows.map((r) => [
      r.rung,
      r.vectors,
      r.stalled ? `${r.mismatches} (stalled)` : r.mismatches,
      r.latency ? (r.latency.min === r.latency.max ? String(r.latency.min) : `${r.latency.min}..${r.latency.max}`) : '',
      r.ii ?? '',
      r.seconds.toFixed(2),
      r.note ?? '',
    ]),
  );
}

export async function runVerify(model: string, args: VerifyArgs, out: (s: string) => void): Promise<void> {
  const chosen = backends(args.backend);
  const hlsIo = ioStyles(args.io);
  const sims = simulators(args.simulators);
  const { dataflow } = await compileModel(model, args);
  let vectors: bigint[][];
  let source: string;
  if (args.inputs !== undefined) {
    if (args.random !== undefined) throw new CompileError('FF014', 'give --inputs or --random, not both', { field: '--random' });
    const kind: VectorKind = args.inputKind === 'raw' ? 'raw' : 'float';
    const width = dataflow.nodes.filter((n) => n.op === 'input').reduce((a, n) => a + shapeSize(n.shape), 0);
    const vec = readVectors(args.inputs, kind, width);
    vectors = vec.raw ?? quantizeInputs(dataflow, vec.floats ?? [], args.inputs);
    checkRawInputs(dataflow, vectors, args.inputs);
    source = args.inputs;
  } else {
    const n = positive(args.random, '--random', 200);
    const seed = positive(args.seed, '--seed', 1);
    vectors = randomVectors(dataflow, n, seed);
    source = `${n} random vectors (seed ${seed}, corners first)`;
  }
  if (vectors.length === 0) throw new CompileError('FF010', 'no test vectors', { file: args.inputs });
  const progress = (m: string): void => {
    process.stderr.write(`  ${m}\n`);
  };
  const rows = await runLadder(dataflow, vectors, {
    backends: chosen,
    hlsIo,
    ...(sims ? { simulators: sims } : {}),
    backpressure: args.backpressure ?? true,
    verilog: verilogOptions({ fifoDepth: args.fifoDepth }),
    onProgress: args.json ? undefined : progress,
  });
  const failed = rows.filter((r) => r.mismatches > 0 || r.stalled);
  if (args.json) out(JSON.stringify({ design: dataflow.name, vectors: source, ok: failed.length === 0, rungs: rows }, null, 1) + '\n');
  else {
    out(`design ${dataflow.name}: ${source}\n`);
    out(ladderTable(rows));
    out(failed.length === 0 ? `bit-exact: every rung equals the simulator on all ${vectors.length} vectors\n` : '');
  }
  const bad = failed[0];
  if (bad) {
    const what = bad.stalled ? 'stalled (deadlock or FIFO too small)' : `differs from the simulator on ${bad.mismatches} of ${bad.vectors} vectors (first: vector ${(bad.firstMismatch ?? 0) + 1})`;
    throw new CompileError(bad.stalled ? 'FF022' : 'FF017', `${bad.rung} ${what}`, { field: bad.rung });
  }
}
