/**
 * Finding and running g++ for C simulation. Builds are cached by a content
 * hash of every source, header and flag, so a re-run with the same design
 * reuses the binary.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { CompileError } from '../../src/core/diagnostics.js';

/** The flags every fixflow C simulation build uses (the emitted code must compile warning-free with them). */
export const CSIM_FLAGS: readonly string[] = ['-std=c++14', '-Wall', '-Wextra', '-Werror'];

const INSTALL_HINT =
  'g++ (C++14) is needed to run C simulation of the HLS project; install it with `apt-get install g++` (Debian/Ubuntu), ' +
  '`dnf install gcc-c++` (Fedora) or Xcode command line tools (macOS), or set FIXFLOW_CXX to a g++-compatible compiler';

let found: string | null | undefined;

function probe(cmd: string): boolean {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The compiler command (FIXFLOW_CXX or g++), or null when none runs. */
export function findGxx(): string | null {
  if (found !== undefined) return found;
  const cmd = process.env.FIXFLOW_CXX ?? 'g++';
  found = probe(cmd) ? cmd : null;
  return found;
}

/** The compiler command; throws FF015 saying how to install g++ when it is missing. */
export function requireGxx(): string {
  const cmd = findGxx();
  if (cmd === null) throw new CompileError('FF015', `${process.env.FIXFLOW_CXX ?? 'g++'} not found: ${INSTALL_HINT}`);
  return cmd;
}

/** Forget the probed compiler (tests that change FIXFLOW_CXX). */
export function resetGxxProbe(): void {
  found = undefined;
}

/** Where builds are cached: FIXFLOW_CACHE_DIR, else <os tmpdir>/fixflow-cache. */
export function cacheRoot(): string {
  return process.env.FIXFLOW_CACHE_DIR ?? join(tmpdir(), 'fixflow-cache');
}

export interface CppBuild {
  /** relative path → content of every file of the program (sources and headers) */
  readonly files: ReadonlyMap<string, string>;
  /** the translation units, relative paths within `files` */
  readonly sources: readonly string[];
  /** include directories, relative to the build folder */
  readonly includeDirs: readonly string[];
  /** extra flags after CSIM_FLAGS (e.g. -O2) */
  readonly flags?: readonly string[];
  /** build afresh in a new folder, ignoring and not filling the cache (benchmarks) */
  readonly noCache?: boolean;
}

export interface BuiltProgram {
  readonly binary: string;
  readonly dir: string;
  /** true when the binary came from the cache */
  readonly cached: boolean;
  /** seconds spent compiling (0 when cached) */
  readonly buildSeconds: number;
}

function hashBuild(cmd: string, b: CppBuild): string {
  const h = createHash('sha256');
  h.update(`cxx ${cmd}\0flags ${[...CSIM_FLAGS, ...(b.flags ?? [])].join(' ')}\0`);
  h.update(`src ${b.sources.join(' ')}\0inc ${b.includeDirs.join(' ')}\0`);
  for (const [path, content] of [...b.files.entries()].sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))) {
    h.update(`file ${path}\0${content.length}\0`);
    h.update(content);
  }
  return h.digest('hex').slice(0, 32);
}

function run(cmd: string, args: readonly string[], cwd: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, [...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, _stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stderr: String(stderr) });
    });
  });
}

/** Write the files and compile them (or reuse the cached binary). Throws FF015 / FF016. */
export async function buildProgram(b: CppBuild, what = 'C simulation'): Promise<BuiltProgram> {
  const cmd = requireGxx();
  const key = hashBuild(cmd, b);
  const dir = b.noCache ? mkdtempSync(join(tmpdir(), 'fixflow-build-')) : join(cacheRoot(), 'csim', key);
  const binary = join(dir, 'csim.bin');
  if (!b.noCache && existsSync(binary)) return { binary, dir, cached: true, buildSeconds: 0 };
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of b.files) {
    const full = join(dir, path);
    if (relative(dir, full).startsWith('..')) throw new CompileError('FF014', `file path '${path}' leaves the build folder`);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  const tmpBin = `${binary}.${process.pid}.tmp`;
  const args = [...CSIM_FLAGS, ...(b.flags ?? []), ...b.includeDirs.map((d) => `-I${d}`), ...b.sources, '-o', tmpBin];
  const t0 = performance.now();
  const { code, stderr } = await run(cmd, args, dir);
  const buildSeconds = (performance.now() - t0) / 1000;
  if (code !== 0) {
    const first = stderr.split('\n').slice(0, 30).join('\n');
    throw new CompileError('FF016', `${cmd} failed to build the ${what} (exit ${code}) in ${dir}:\n${first}`);
  }
  renameSync(tmpBin, binary);
  return { binary, dir, cached: false, buildSeconds };
}

/** Run a built program; returns stdout. Throws FF016 on a non-zero exit. */
export function runProgram(binary: string, args: readonly string[], what = 'C simulation'): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, [...args], { maxBuffer: 1024 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        reject(new CompileError('FF016', `${what} failed (${err.code ?? err.message}): ${String(stderr).split('\n').slice(0, 10).join('\n')}`));
      } else {
        resolve(String(stdout));
      }
    });
  });
}

/** Every file under `root`, as relative path → content (sorted, for hashing and copying). */
export function readTree(root: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(join(prefix, relative(root, full)), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return out;
}
