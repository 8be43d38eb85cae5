/**
 * synthVerilog: Yosys synthesis of an emitted design (synth_xilinx, or
 * synth_ice40 with place and route by nextpnr-ice40), reporting LUT / FF /
 * DSP / BRAM per layer and in total, the multipliers Yosys kept, the
 * longest register-to-register path (Yosys `ltp`, in cells) and the deepest register-to-
 * register path in LUT levels, as JSON and as a table.
 */
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CompileError } from '../../core/diagnostics.js';
import { run } from '../../../sim/rtl/exec.js';
import { readManifest } from '../../../sim/rtl/manifest.js';
import { requireTool } from '../../../sim/rtl/tools.js';
import { logicDepth, type DepthReport } from './logic-depth.js';
import { placeAndRoute, type PnrResult } from './nextpnr.js';
import { addResources, classify, statModules, type Resources, type SynthTarget } from './resources.js';
import { yosysScript } from './script.js';

export interface SynthOptions {
  readonly target?: SynthTarget;
  /** synth_xilinx -family (default xc7) */
  readonly family?: string;
  /** iCE40: place and route with nextpnr (default true) */
  readonly placeAndRoute?: boolean;
  /** iCE40 device and package for nextpnr (default hx8k, ct256) */
  readonly device?: string;
  readonly package?: string;
  /** target clock for nextpnr, MHz (default 50) */
  readonly freqMHz?: number;
  /** iCE40: use SB_MAC16 DSPs (UltraPlus devices only) */
  readonly ice40Dsp?: boolean;
  /** measure the deepest path (reads the whole mapped netlist; default true) */
  readonly logicDepth?: boolean;
  readonly timeoutMs?: number;
  /** run in this folder and keep it (netlists, logs); default a temporary folder, removed */
  readonly workDir?: string;
  readonly onProgress?: (message: string) => void;
}

export interface LayerReport {
  readonly layer: string;
  readonly source: string;
  readonly op: string;
  readonly resources: Resources;
  /** `$mul` cells after constant folding, before mapping (each becomes DSPs or LUTs) */
  readonly multipliers: number;
}

export interface SynthReport {
  readonly target: SynthTarget;
  readonly top: string;
  readonly layers: readonly LayerReport[];
  /** the top module's own cells (handshake control, output registers) */
  readonly glue: Resources;
  readonly total: Resources;
  readonly multipliers: number;
  /** Yosys `ltp` on the flattened mapped design, registers excluded: cells (LUTs, carries, muxes, DSPs) on the longest register-to-register path */
  readonly ltp: number;
  /** null when not measured (logicDepth: false, or a netlist too large to read) */
  readonly depth: DepthReport | null;
  readonly pnr: PnrResult | null;
  readonly yosysMs: number;
}

/** Node strings stop at 512 MB; the depth analysis reads the netlist whole. */
const MAX_NETLIST_BYTES = 400e6;

function countMul(byType: Readonly<Record<string, number>>): number {
  return (byType.$mul ?? 0) + (byType.$macc ?? 0);
}

export async function synthVerilog(files: ReadonlyMap<string, string>, opts: SynthOptions = {}): Promise<SynthReport> {
  const target = opts.target ?? 'xilinx';
  const yosys = requireTool('yosys');
  const pnr = target === 'ice40' && opts.placeAndRoute !== false;
  if (pnr) requireTool('nextpnr-ice40');
  const manifest = readManifest(files);
  const progress = opts.onProgress ?? (() => undefined);
  const timeoutMs = opts.timeoutMs ?? 3_600_000;
  const work = opts.workDir ?? mkdtempSync(join(tmpdir(), 'fixflow-synth-'));
  if (opts.workDir) mkdirSync(work, { recursive: true });
  try {
    for (const f of manifest.files) {
      mkdirSync(dirname(join(work, f)), { recursive: true });
      writeFileSync(join(work, f), files.get(f) ?? '');
    }
    const layerModules = manifest.layers.map((l) => l.module);
    const parts = Object.values(manifest.stream?.parts ?? {}).flat();
    writeFileSync(join(work, 'synth.ys'), yosysScript({ files: manifest.files, top: manifest.top, layers: layerModules, parts, target, family: opts.family, ice40Dsp: opts.ice40Dsp }));
    progress(`yosys: synthesizing ${manifest.top} for ${target}`);
    const y = await run(yosys, ['-q', '-l', 'yosys.log', 'synth.ys'], { cwd: work, timeoutMs, what: 'yosys' });
    const coarse = statModules(JSON.parse(readFileSync(join(work, 'coarse.json'), 'utf8')));
    const final = statModules(JSON.parse(readFileSync(join(work, 'final.json'), 'utf8')));
    const sub = new Set(layerModules);
    const layers: LayerReport[] = manifest.layers.map((l) => ({
      layer: l.name,
      source: l.source,
      op: l.op,
      resources: classify(final.get(l.module) ?? {}, target, sub),
      multipliers: countMul(coarse.get(l.module) ?? {}),
    }));
    const glue = classify(final.get(manifest.top) ?? {}, target, sub);
    const total = layers.reduce((a, l) => addResources(a, l.resources), glue);
    const ltp = await ltpLength(join(work, 'ltp.txt'));
    let depth: DepthReport | null = null;
    const netlistBytes = statSync(join(work, 'netlist.json')).size;
    if (opts.logicDepth !== false && netlistBytes < MAX_NETLIST_BYTES) {
      progress('measuring logic depth');
      depth = logicDepth(JSON.parse(readFileSync(join(work, 'netlist.json'), 'utf8')), manifest.top);
    } else if (opts.logicDepth !== false) {
      progress(`netlist of ${(netlistBytes / 1e6).toFixed(0)} MB: too large to measure the logic depth`);
    }
    let pnrResult: PnrResult | null = null;
    if (pnr) {
      progress('nextpnr-ice40: place and route');
      pnrResult = await placeAndRoute(join(work, 'netlist.json'), opts.device ?? 'hx8k', opts.package ?? 'ct256', opts.freqMHz ?? 50, timeoutMs, work);
    }
    return {
      target,
      top: manifest.top,
      layers,
      glue,
      total,
      multipliers: layers.reduce((a, l) => a + l.multipliers, countMul(coarse.get(manifest.top) ?? {})),
      ltp,
      depth,
      pnr: pnrResult,
      yosysMs: y.ms,
    };
  } finally {
    if (!opts.workDir) rmSync(work, { recursive: true, force: true });
  }
}

/** The path length `ltp` printed (read line by line: the log can be long). */
async function ltpLength(file: string): Promise<number> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    const m = /Longest topological path in \S+ \(length=(-?\d+)\)/.exec(line);
    if (m) {
      lines.close();
      return Number(m[1]);
    }
  }
  throw new CompileError('FF016', 'yosys ltp printed no path length');
}

/** The report as a fixed-width text table. */
export function formatSynthTable(r: SynthReport): string {
  const head = ['layer', 'op', 'LUT', 'FF', 'DSP', 'BRAM', 'mult'];
  const row = (name: string, op: string, x: Resources, m: number | string): string[] => [name, op, String(x.luts), String(x.ffs), String(x.dsps), String(x.brams), String(m)];
  const rows = [head, ...r.layers.map((l) => row(l.layer, l.op, l.resources, l.multipliers)), row('(control)', '', r.glue, ''), row('total', '', r.total, r.multipliers)];
  const widths = head.map((_h, i) => Math.max(...rows.map((x) => (x[i] ?? '').length)));
  const fmt = (x: string[]): string => x.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const lines = [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(fmt)];
  lines.push('');
  lines.push(`target ${r.target}; longest register-to-register path (yosys ltp): ${r.ltp} cells`);
  if (r.depth) lines.push(`deepest register-to-register path: ${r.depth.lutLevels} LUT levels${r.depth.dspLevels > 0 ? ` + ${r.depth.dspLevels} DSP` : ''} (${r.depth.from} -> ${r.depth.to})`);
  if (r.pnr) lines.push(`nextpnr-ice40 ${r.pnr.device}/${r.pnr.pkg}: Fmax ${r.pnr.fmaxMHz.toFixed(2)} MHz`);
  return lines.join('\n');
}

