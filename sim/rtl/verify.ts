/**
 * verifyVerilog: the RTL rungs of the equivalence ladder. The emitted design
 * runs in Verilator and in Icarus on the same vectors, once at full speed and
 * once with random back-pressure and input gaps; every output must equal the
 * simulator's integers, in order, with tlast on the last one. Reports the
 * latency (cycles from an accepted input to its output) and the measured II.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompileError } from '../../src/core/diagnostics.js';
import type { Dataflow } from '../../src/ir/dataflow/types.js';
import { simulateRaw } from '../simulate.js';
import { defaultCacheDir } from './build-cache.js';
import { readManifest } from './manifest.js';
import { packSample, unpackSample } from './packing.js';
import { buildIcarus, buildVerilator, runBuild, type RtlBuild, type SimulatorName } from './simulators.js';

export interface VerifyProgress {
  readonly simulator: SimulatorName;
  readonly phase: 'build' | 'built' | 'run' | 'done';
  readonly message: string;
}

export interface VerifyOptions {
  /** default: both */
  readonly simulators?: readonly SimulatorName[];
  /** also run with random back-pressure and input gaps (default true) */
  readonly backpressure?: boolean;
  /** percentages for the back-pressure run (defaults 30 and 20) */
  readonly readyDropPercent?: number;
  readonly validGapPercent?: number;
  readonly seed?: number;
  readonly cacheDir?: string;
  /** Verilator build jobs (default 1: the machine is shared) */
  readonly jobs?: number;
  /** expected output rows; default simulateRaw(df, vectors) */
  readonly expected?: readonly (readonly bigint[])[];
  readonly timeoutMs?: number;
  readonly onProgress?: (p: VerifyProgress) => void;
}

export interface Mismatch {
  /** index of the vector */
  readonly vector: number;
  readonly kind: 'value' | 'tlast' | 'missing';
  readonly expected: readonly bigint[];
  readonly got: readonly bigint[];
}

export interface LatencyStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

export interface SimRun {
  readonly simulator: SimulatorName;
  readonly mode: 'full-speed' | 'backpressure';
  readonly outputs: number;
  readonly mismatchCount: number;
  /** the first 20 */
  readonly mismatches: readonly Mismatch[];
  readonly stalled: boolean;
  readonly latency: LatencyStats;
  /** largest interval between consecutive accepted inputs (full speed: the II) */
  readonly ii: number;
  readonly cycles: number;
  /** output cycle of each vector */
  readonly outCycles: readonly number[];
  readonly runMs: number;
}

export interface VerifyReport {
  readonly design: string;
  readonly top: string;
  readonly vectors: number;
  /** the backend's own figures */
  readonly expectedLatency: number;
  readonly expectedIi: number;
  readonly builds: readonly { simulator: SimulatorName; cached: boolean; ms: number }[];
  readonly runs: readonly SimRun[];
  /** zero mismatches and no stall in every run */
  readonly ok: boolean;
}

function stats(values: readonly number[]): LatencyStats {
  if (values.length === 0) return { min: 0, max: 0, mean: 0 };
  return { min: Math.min(...values), max: Math.max(...values), mean: values.reduce((a, v) => a + v, 0) / values.length };
}

export async function verifyVerilog(df: Dataflow, files: ReadonlyMap<string, string>, vectors: readonly (readonly bigint[])[], opts: VerifyOptions = {}): Promise<VerifyReport> {
  if (vectors.length === 0) throw new CompileError('FF010', 'no test vectors');
  const manifest = readManifest(files);
  const expected = opts.expected ?? simulateRaw(df, vectors);
  if (expected.length !== vectors.length) throw new CompileError('FF014', `${expected.length} expected rows for ${vectors.length} vectors`);
  const sims = opts.simulators ?? ['verilator', 'icarus'];
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const progress = opts.onProgress ?? (() => undefined);
  const n = vectors.length;
  const maxCycles = 1000 + (manifest.latency + 2) * 8 + n * manifest.ii * 16;
  const timeoutMs = opts.timeoutMs ?? 600_000;

  const work = mkdtempSync(join(tmpdir(), 'fixflow-verify-'));
  try {
    const inFile = join(work, 'in.hex');
    writeFileSync(inFile, vectors.map((row) => packSample(row, manifest.inputs, manifest.inBits)).join('\n') + '\n');
    const modes = [
      { mode: 'full-speed' as const, backpressure: 0, gaps: 0 },
      ...(opts.backpressure === false ? [] : [{ mode: 'backpressure' as const, backpressure: opts.readyDropPercent ?? 30, gaps: opts.validGapPercent ?? 20 }]),
    ];
    const builds: RtlBuild[] = [];
    const runs: SimRun[] = [];
    for (const sim of sims) {
      progress({ simulator: sim, phase: 'build', message: `building ${manifest.top} with ${sim}` });
      const build = sim === 'verilator' ? await buildVerilator(files, manifest, cacheDir, opts.jobs ?? 1) : await buildIcarus(files, manifest, cacheDir);
      builds.push(build);
      progress({ simulator: sim, phase: 'built', message: `${sim} build ${build.cached ? 'from cache' : `done in ${(build.ms / 1000).toFixed(1)} s`}` });
      for (const m of modes) {
        progress({ simulator: sim, phase: 'run', message: `${sim}: ${n} vectors, ${m.mode}` });
        const outFile = join(work, `${sim}-${m.mode}.txt`);
        const trace = await runBuild(build, manifest, { inFile, count: n, backpressure: m.backpressure, gaps: m.gaps, seed: opts.seed ?? 1, maxCycles }, outFile, timeoutMs);
        const mismatches: Mismatch[] = [];
        let count = 0;
        const note = (mm: Mismatch): void => {
          count++;
          if (mismatches.length < 20) mismatches.push(mm);
        };
        for (let k = 0; k < n; k++) {
          const want = expected[k] ?? [];
          const out = trace.outputs[k];
          if (!out) {
            note({ vector: k, kind: 'missing', expected: want, got: [] });
            continue;
          }
          const got = unpackSample(out.hex, manifest.outputs);
          if (got.length !== want.length || got.some((v, i) => v !== want[i])) note({ vector: k, kind: 'value', expected: want, got });
          else if (out.last !== (k === n - 1)) note({ vector: k, kind: 'tlast', expected: want, got });
        }
        if (trace.outputs.length > n) note({ vector: n, kind: 'value', expected: [], got: unpackSample(trace.outputs[n]?.hex ?? '0', manifest.outputs) });
        const lat = trace.outputs.slice(0, n).map((o, k) => o.cycle - (trace.accepted[k] ?? o.cycle));
        const gaps = trace.accepted.slice(1).map((c, k) => c - (trace.accepted[k] ?? c));
        runs.push({
          simulator: sim,
          mode: m.mode,
          outputs: trace.outputs.length,
          mismatchCount: count,
          mismatches,
          stalled: trace.stalled,
          latency: stats(lat),
          ii: gaps.length > 0 ? Math.max(...gaps) : manifest.ii,
          cycles: trace.cycles,
          outCycles: trace.outputs.map((o) => o.cycle),
          runMs: trace.ms,
        });
      }
      progress({ simulator: sim, phase: 'done', message: `${sim}: done` });
    }
    return {
      design: manifest.design,
      top: manifest.top,
      vectors: n,
      expectedLatency: manifest.latency,
      expectedIi: manifest.ii,
      builds: builds.map((b) => ({ simulator: b.simulator, cached: b.cached, ms: b.ms })),
      runs,
      ok: runs.every((r) => r.mismatchCount === 0 && !r.stalled),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Throw FF022 for a stalled run, FF017 for mismatches, naming the first. */
export function assertVerified(report: VerifyReport): void {
  const stalled = report.runs.find((r) => r.stalled);
  if (stalled) {
    throw new CompileError('FF022', `${stalled.simulator} (${stalled.mode}): ${stalled.outputs} of ${report.vectors} outputs before the cycle limit`, { field: report.top });
  }
  const bad = report.runs.find((r) => r.mismatchCount > 0);
  if (bad) {
    const m = bad.mismatches[0];
    const what = m ? `vector ${m.vector + 1}: ${m.kind === 'value' ? `expected [${m.expected.join(' ')}], got [${m.got.join(' ')}]` : m.kind}` : '';
    throw new CompileError('FF017', `${bad.simulator} (${bad.mode}) differs from the simulator on ${bad.mismatchCount} of ${report.vectors} vectors; first: ${what}`, { field: report.top });
  }
}
