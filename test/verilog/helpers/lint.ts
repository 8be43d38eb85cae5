/** verilator --lint-only -Wall over a set of emitted files (written to a temporary folder). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function writeFiles(dir: string, files: ReadonlyMap<string, string>): void {
  for (const [k, v] of files) {
    mkdirSync(dirname(join(dir, k)), { recursive: true });
    writeFileSync(join(dir, k), v);
  }
}

/** '' when clean, else Verilator's complaints. */
export function lintEmitted(files: ReadonlyMap<string, string>, top: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fx-lint-'));
  try {
    writeFiles(dir, files);
    const list = (files.get('filelist.f') ?? '').split('\n').filter((l) => l !== '');
    execFileSync('verilator', ['--lint-only', '-Wall', '--top-module', top, ...list], { cwd: dir, stdio: 'pipe' });
    return '';
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
