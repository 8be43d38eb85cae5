/**
 * Outputs are written atomically to a fresh folder: everything goes to a
 * temporary sibling first, which is renamed into place only when complete.
 * An existing folder is replaced only with --force.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CompileError } from '../core/diagnostics.js';

export function writeOutputDir(dir: string, files: ReadonlyMap<string, string | Uint8Array>, force: boolean): string {
  const target = resolve(dir);
  if (existsSync(target) && !force) {
    throw new CompileError('FF011', `output folder exists; choose another or pass --force to replace it`, { file: target });
  }
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    for (const [rel, content] of [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (rel.includes('..') || rel.startsWith('/')) throw new Error(`refusing to write outside the output folder: ${rel}`);
      const path = join(tmp, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
    }
    if (existsSync(target)) {
      const old = join(parent, `.${basename(target)}.old-${process.pid}`);
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, target);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return target;
}

/** Write one file atomically (temp file + rename); refuse to overwrite without force. */
export function writeOutputFile(file: string, content: string | Uint8Array, force: boolean): void {
  const target = resolve(file);
  if (existsSync(target) && !force) throw new CompileError('FF011', 'output file exists; pass --force to replace it', { file: target });
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, target);
}
