/**
 * The C simulation runner: builds an emitted HLS project's test bench with
 * g++ (cached by content hash), feeds it raw test vectors and reads back the
 * raw output codes.
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompileError } from '../../src/core/diagnostics.js';
import { castRawRef } from '../../src/fixed/cast-ref.js';
import { fracBits, type FixedType } from '../../src/fixed/fixed-type.js';
import type { Dataflow } from '../../src/ir/dataflow/types.js';
import { shapeSize } from '../../src/ir/graph/types.js';
import { buildProgram, runProgram } from './gxx.js';

export interface CsimOptions {
  /** optimisation flag for the build (default -O2) */
  readonly opt?: '-O0' | '-O1' | '-O2' | '-O3';
  /** build afresh, bypassing the build cache (to time the build) */
  readonly noCache?: boolean;
}

export interface CsimResult {
  /** raw output codes, one row per vector, df.outputs concatenated */
  readonly outputs: bigint[][];
  readonly cached: boolean;
  /** g++ build time in seconds (0 when the build was cached) */
  readonly buildSeconds: number;
  /** time spent inside the top function, as the test bench measured it */
  readonly topSeconds: number;
}

function portTypes(df: Dataflow, names: readonly string[]): FixedType[] {
  return names.flatMap((name) => {
    const n = df.nodes.find((x) => x.name === name);
    if (!n) throw new CompileError('FF020', `node '${name}' does not exist`);
    return Array.from({ length: shapeSize(n.shape) }, () => n.type);
  });
}

/** The top function's name, from the project's single tb/<top>_test.cpp. */
export function projectTop(files: ReadonlyMap<string, string>): string {
  const tops = [...files.keys()].flatMap((p) => {
    const m = /^tb\/([A-Za-z0-9_]+)_test\.cpp$/.exec(p);
    return m?.[1] ? [m[1]] : [];
  });
  if (tops.length !== 1 || tops[0] === undefined) throw new CompileError('FF014', `expected one test bench tb/<top>_test.cpp in the HLS project, found ${tops.length}`);
  return tops[0];
}

export function encodeInputs(df: Dataflow, vectors: readonly (readonly bigint[])[]): string {
  const types = portTypes(
    df,
    df.nodes.filter((n) => n.op === 'input').map((n) => n.name),
  );
  return vectors
    .map((v, r) => {
      if (v.length !== types.length) throw new CompileError('FF010', `test vector ${r + 1} has ${v.length} values, the design takes ${types.length}`);
      return `${v
        .map((x, i) => {
          const t = types[i] as FixedType;
          return BigInt.asUintN(t.width, castRawRef(x, fracBits(t), t)).toString(16);
        })
        .join(' ')}\n`;
    })
    .join('');
}

export function decodeOutputs(df: Dataflow, text: string, expectRows: number): bigint[][] {
  const types = portTypes(df, df.outputs);
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== expectRows) throw new CompileError('FF016', `C simulation wrote ${lines.length} output vectors, expected ${expectRows}`);
  return lines.map((line, r) => {
    const toks = line.trim().split(/\s+/);
    if (toks.length !== types.length) throw new CompileError('FF016', `C simulation output ${r + 1} has ${toks.length} values, expected ${types.length}`);
    return toks.map((h, i) => {
      const t = types[i] as FixedType;
      const u = BigInt(`0x${h}`);
      return t.signed && u >= 1n << BigInt(t.width - 1) ? u - (1n << BigInt(t.width)) : u;
    });
  });
}

/** Build (or reuse) the project's test bench and run it on `vectors`. Throws FF015 without g++, FF016 when the build or run fails. */
export async function runCsim(df: Dataflow, files: ReadonlyMap<string, string>, vectors: readonly (readonly bigint[])[], opts: CsimOptions = {}): Promise<CsimResult> {
  const top = projectTop(files);
  const sources = new Map([...files].filter(([p]) => !p.startsWith('tb_data/') && (p.endsWith('.h') || p.endsWith('.cpp'))));
  const prog = await buildProgram(
    { files: sources, sources: [`firmware/${top}.cpp`, `tb/${top}_test.cpp`], includeDirs: ['firmware', 'firmware/fixflow_ap'], flags: [opts.opt ?? '-O2'], noCache: opts.noCache },
    `C simulation of ${top}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'fixflow-csim-'));
  try {
    const inPath = join(dir, 'in.dat');
    const outPath = join(dir, 'out.dat');
    writeFileSync(inPath, encodeInputs(df, vectors));
    const log = await runProgram(prog.binary, [inPath, outPath], `C simulation of ${top}`);
    const m = /fixflow csim: (\d+) vectors, ([0-9.eE+-]+) s/.exec(log);
    if (!m || Number(m[1]) !== vectors.length) throw new CompileError('FF016', `C simulation of ${top} ran ${m?.[1] ?? 'no'} vectors, expected ${vectors.length}`);
    const outputs = decodeOutputs(df, readFileSync(outPath, 'utf8'), vectors.length);
    return { outputs, cached: prog.cached, buildSeconds: prog.buildSeconds, topSeconds: Number(m[2]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (opts.noCache) rmSync(prog.dir, { recursive: true, force: true });
  }
}
