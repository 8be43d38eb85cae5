/**
 * Building and running the emitted design in Verilator and in Icarus, each
 * with its harness from sim/rtl/harness. Builds are cached by content hash.
 */
import { copyFileSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { contentHash, cachedBuild } from './build-cache.js';
import { run } from './exec.js';
import type { RtlManifest } from './manifest.js';
import { requireTool } from './tools.js';
import { parseTrace, type Trace } from './trace.js';

export type SimulatorName = 'verilator' | 'icarus';

export interface RtlBuild {
  readonly simulator: SimulatorName;
  readonly dir: string;
  readonly cached: boolean;
  readonly ms: number;
}

export interface Stimulus {
  /** file of hex tdata words, one per line */
  readonly inFile: string;
  readonly count: number;
  /** percent of cycles with tready low */
  readonly backpressure: number;
  /** percent of cycles where a new tvalid is held back */
  readonly gaps: number;
  /** streaming designs: beats per image (tlast on the last beat of each image); 0: tlast on the last word only */
  readonly frame?: number;
  /** report a stall after this many cycles without a transfer (0: only max_cycles) */
  readonly idle?: number;
  /** output words expected (default count) */
  readonly countOut?: number;
  readonly seed: number;
  readonly maxCycles: number;
}

const HARNESS_DIR = new URL('./harness/', import.meta.url);

/** Width of the top's fx_fifo_full port (streaming designs with FIFOs), else 0. */
const fifoBits = (m: RtlManifest): number => m.stream?.fifos.length ?? 0;
const harness = (name: string): string => readFileSync(new URL(name, HARNESS_DIR), 'utf8');

function writeSources(dir: string, files: ReadonlyMap<string, string>, manifest: RtlManifest): string[] {
  return manifest.files.map((f) => {
    const p = join(dir, 'src', f);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, files.get(f) ?? '');
    return p;
  });
}

const versions = new Map<string, string>();
async function toolVersion(tool: string, args: string[]): Promise<string> {
  const hit = versions.get(tool);
  if (hit !== undefined) return hit;
  const r = await run(tool, args, { what: `${tool} version` });
  const v = `${r.stdout}${r.stderr}`.trim().split('\n')[0] ?? '';
  versions.set(tool, v);
  return v;
}

/** Verilator's own runtime (verilated.o, verilated_threads.o), compiled once per Verilator version. */
async function verilatorRuntime(verilator: string, version: string, cacheDir: string, jobs: number): Promise<string> {
  const key = `vl-runtime-${contentHash(['verilator-runtime', version, ...MAKE_VARS])}`;
  const { dir } = await cachedBuild(cacheDir, key, 'verilated_threads.o', async (tmp) => {
    const v = join(tmp, 'fx_rt.v');
    writeFileSync(v, 'module fx_rt (input wire a, output wire b);\n  assign b = a;\nendmodule\n');
    await run(verilator, ['--cc', '--prefix', 'Vrt', '-Mdir', join(tmp, 'obj'), v], { cwd: tmp, what: 'verilator runtime' });
    await run('make', ['-s', '-C', join(tmp, 'obj'), '-f', 'Vrt.mk', '-j', String(jobs), ...MAKE_VARS, ...RUNTIME_OBJS], { cwd: tmp, what: 'verilator runtime build' });
    for (const o of RUNTIME_OBJS) copyFileSync(join(tmp, 'obj', o), join(tmp, o));
  });
  return dir;
}

/** One compilation unit for the model (fast to build), light optimisation. */
const MAKE_VARS = ['VM_PARALLEL_BUILDS=0', 'OPT_FAST=-O1', 'OPT_SLOW=-O0', 'OPT_GLOBAL=-O1'];
const RUNTIME_OBJS = ['verilated.o', 'verilated_threads.o'];

export async function buildVerilator(files: ReadonlyMap<string, string>, manifest: RtlManifest, cacheDir: string, jobs = 1): Promise<RtlBuild> {
  const verilator = requireTool('verilator');
  requireTool('g++');
  const make = requireTool('make');
  const src = harness('axis_harness.cpp');
  const version = await toolVersion(verilator, ['--version']);
  const fifoFlags = fifoBits(manifest) > 0 ? ['-CFLAGS', `-DFX_FIFOS=${fifoBits(manifest)}`] : [];
  const key = `vl-${contentHash(['verilator', version, src, manifest.top, ...fifoFlags, ...MAKE_VARS, ...manifest.files.map((f) => [f, files.get(f) ?? ''] as const)])}`;
  const t0 = performance.now();
  const { dir, cached } = await cachedBuild(cacheDir, key, 'obj/Vtop', async (tmp) => {
    const runtime = await verilatorRuntime(verilator, version, cacheDir, jobs);
    const paths = writeSources(tmp, files, manifest);
    const h = join(tmp, 'src', 'axis_harness.cpp');
    writeFileSync(h, src);
    const obj = join(tmp, 'obj');
    await run(verilator, ['--cc', '--exe', '--top-module', manifest.top, '--prefix', 'Vtop', '-o', 'Vtop', '-Mdir', obj, ...fifoFlags, ...paths, h], { cwd: tmp, what: 'verilator' });
    // the runtime objects, newer than the generated makefiles, are not rebuilt
    const now = new Date();
    for (const o of RUNTIME_OBJS) {
      copyFileSync(join(runtime, o), join(obj, o));
      utimesSync(join(obj, o), now, now);
    }
    await run(make, ['-s', '-C', obj, '-f', 'Vtop.mk', '-j', String(jobs), ...MAKE_VARS], { cwd: tmp, what: 'verilator C++ build' });
  });
  return { simulator: 'verilator', dir, cached, ms: performance.now() - t0 };
}

export async function buildIcarus(files: ReadonlyMap<string, string>, manifest: RtlManifest, cacheDir: string): Promise<RtlBuild> {
  const iverilog = requireTool('iverilog');
  requireTool('vvp');
  const tb = harness('fx_axis_tb.v');
  const version = await toolVersion(iverilog, ['-V']);
  const fifoDefs = fifoBits(manifest) > 0 ? [`-DFX_FIFOS=${fifoBits(manifest)}`] : [];
  const key = `iv-${contentHash(['icarus', version, tb, manifest.top, String(manifest.inBits), String(manifest.outBits), ...fifoDefs, ...manifest.files.map((f) => [f, files.get(f) ?? ''] as const)])}`;
  const t0 = performance.now();
  const { dir, cached } = await cachedBuild(cacheDir, key, 'sim.vvp', async (tmp) => {
    const paths = writeSources(tmp, files, manifest);
    const t = join(tmp, 'src', 'fx_axis_tb.v');
    writeFileSync(t, tb);
    const args = [
      '-g2005',
      '-o',
      join(tmp, 'sim.vvp'),
      `-DFX_TOP=${manifest.top}`,
      ...fifoDefs,
      '-s',
      'fx_axis_tb',
      '-P',
      `fx_axis_tb.IN_BITS=${manifest.inBits}`,
      '-P',
      `fx_axis_tb.OUT_BITS=${manifest.outBits}`,
      ...paths,
      t,
    ];
    await run(iverilog, args, { cwd: tmp, what: 'iverilog compile' });
  });
  return { simulator: 'icarus', dir, cached, ms: performance.now() - t0 };
}

export async function runBuild(build: RtlBuild, manifest: RtlManifest, stim: Stimulus, outFile: string, timeoutMs: number): Promise<Trace & { ms: number }> {
  const what = `${build.simulator} run`;
  let ms: number;
  if (build.simulator === 'verilator') {
    const extra = stim.frame !== undefined || stim.idle !== undefined || stim.countOut !== undefined ? [stim.frame ?? 0, stim.idle ?? 0, stim.countOut ?? stim.count] : [];
    const args = [stim.inFile, outFile, stim.count, stim.backpressure, stim.gaps, stim.seed, stim.maxCycles, manifest.inBits, manifest.outBits, ...extra].map(String);
    ms = (await run(join(build.dir, 'obj', 'Vtop'), args, { what, timeoutMs })).ms;
  } else {
    const args = ['-n', join(build.dir, 'sim.vvp'), `+in=${stim.inFile}`, `+out=${outFile}`, `+n=${stim.count}`, `+bp=${stim.backpressure}`, `+gap=${stim.gaps}`, `+seed=${stim.seed}`, `+max_cycles=${stim.maxCycles}`];
    if (stim.frame !== undefined) args.push(`+frame=${stim.frame}`);
    if (stim.idle !== undefined) args.push(`+idle=${stim.idle}`);
    if (stim.countOut !== undefined) args.push(`+n_out=${stim.countOut}`);
    ms = (await run(requireTool('vvp'), args, { what, timeoutMs })).ms;
  }
  let text: string;
  try {
    text = readFileSync(outFile, 'utf8');
  } catch {
    text = '';
  }
  return { ...parseTrace(text, what), ms };
}
