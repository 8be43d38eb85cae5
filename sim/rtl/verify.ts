/**
 * verifyVerilog: the RTL rungs of the equivalence ladder. The emitted design
 * runs in Verilator and in Icarus on the same vectors, once at full speed and
 * once with random back-pressure and input gaps; every output must equal the
 * simulator's integers, in order, with tlast on the last one. Reports the
 * latency (cycles from an accepted input to its output) and the measured II.
 *
 * Streaming (convolutional) designs take an image as one beat per pixel
 * (the vector's codes in raster order, all channels of a pixel per beat) and
 * give one beat per output pixel, tlast on each image's last pixel; a vector
 * is then an image, its latency runs from its first pixel in to its last
 * pixel out, and the II is the interval between the first pixels of
 * consecutive images (cycles per image). A run that stops moving for a while
 * is stopped and reported as a stall, naming the FIFOs that were full.
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
  /** after a stall of a streaming design: the FIFOs that were full */
  readonly fullFifos: readonly string[];
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
  const stream = manifest.stream;
  const inBeats = stream?.inPixels ?? 1;
  const outBeats = stream?.outPixels ?? 1;
  const framing = stream ? { frame: inBeats, idle: 500 + 4 * (manifest.ii + manifest.latency), countOut: n * outBeats } : {};
  const timeoutMs = opts.timeoutMs ?? 600_000;

  const work = mkdtempSync(join(tmpdir(), 'fixflow-verify-'));
  try {
    const inFile = join(work, 'in.hex');
    const words = vectors.flatMap((row) => {
      if (!stream) return [packSample(row, manifest.inputs, manifest.inBits)];
      const c = row.length / inBeats;
      if (!Number.isInteger(c)) throw new CompileError('FF010', `a sample has ${row.length} codes, not a whole number of ${inBeats} pixels`);
      return Array.from({ length: inBeats }, (_v, p) => packSample(row.slice(p * c, (p + 1) * c), manifest.inputs, manifest.inBits));
    });
    writeFileSync(inFile, words.join('\n') + '\n');
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
        const stim = { inFile, count: n * inBeats, backpressure: m.backpressure, gaps: m.gaps, seed: opts.seed ?? 1, maxCycles, ...framing };
        const trace = await runBuild(build, manifest, stim, outFile, timeoutMs);
        const mismatches: Mismatch[] = [];
        let count = 0;
        const note = (mm: Mismatch): void => {
          count++;
          if (mismatches.length < 20) mismatches.push(mm);
        };
        for (let k = 0; k < n; k++) {
          const want = expected[k] ?? [];
          const beats = trace.outputs.slice(k * outBeats, (k + 1) * outBeats);
          if (beats.length < outBeats) {
            note({ vector: k, kind: 'missing', expected: want, got: [] });
            continue;
          }
          const got = beats.flatMap((b) => unpackSample(b.hex, manifest.outputs));
          const lastOk = beats.every((b, q) => b.last === (stream ? q === outBeats - 1 : k === n - 1));
          if (got.length !== want.length || got.some((v, i) => v !== want[i])) note({ vector: k, kind: 'value', expected: want, got });
          else if (!lastOk) note({ vector: k, kind: 'tlast', expected: want, got });
        }
        if (trace.outputs.length > n * outBeats) note({ vector: n, kind: 'value', expected: [], got: unpackSample(trace.outputs[n * outBeats]?.hex ?? '0', manifest.outputs) });
        const starts = trace.accepted.filter((_c, i) => i % inBeats === 0);
        const lat = Array.from({ length: Math.min(n, Math.floor(trace.outputs.length / outBeats)) }, (_v, k) => {
          const o = trace.outputs[(k + 1) * outBeats - 1] as { cycle: number };
          return o.cycle - (starts[k] ?? o.cycle);
        });
        const gaps = starts.slice(1).map((c, k) => c - (starts[k] ?? c));
        const fullFifos = fifosFull(trace.fifoFull, stream?.fifos ?? []);
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
          fullFifos,
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

/** Names of the FIFOs whose bit is set in the harness's F line (bit i = fifos[i]). */
function fifosFull(hex: string | undefined, fifos: readonly { name: string; depth: number; minDepth: number }[]): string[] {
  if (hex === undefined || !/^[0-9a-fA-F]+$/.test(hex)) return [];
  const bits = BigInt(`0x${hex}`);
  return fifos.filter((_f, i) => ((bits >> BigInt(i)) & 1n) === 1n).map((f) => `${f.name} (depth ${f.depth}, schedule minimum ${f.minDepth})`);
}

/** Throw FF022 for a stalled run, FF017 for mismatches, naming the first. */
export function assertVerified(report: VerifyReport): void {
  const stalled = report.runs.find((r) => r.stalled);
  if (stalled) {
    const full = stalled.fullFifos.length > 0 ? `; full FIFOs: ${stalled.fullFifos.join(', ')}` : '';
    throw new CompileError('FF022', `${stalled.simulator} (${stalled.mode}): stalled after ${stalled.outputs} output beats of ${report.vectors} vectors (no transfer for a while, or the cycle limit)${full}`, { field: report.top });
  }
  const bad = report.runs.find((r) => r.mismatchCount > 0);
  if (bad) {
    const m = bad.mismatches[0];
    const what = m ? `vector ${m.vector + 1}: ${m.kind === 'value' ? `expected [${m.expected.join(' ')}], got [${m.got.join(' ')}]` : m.kind}` : '';
    throw new CompileError('FF017', `${bad.simulator} (${bad.mode}) differs from the simulator on ${bad.mismatchCount} of ${report.vectors} vectors; first: ${what}`, { field: report.top });
  }
}
