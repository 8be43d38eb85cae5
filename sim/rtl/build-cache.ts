/**
 * Content-addressed build cache: a build's directory is named by the hash of
 * everything that goes into it (tool version, flags, every source), so a
 * re-run with the same design reuses the binary. Builds happen in a private
 * temporary directory and are renamed into place, so concurrent runs never
 * see half-built results.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function defaultCacheDir(): string {
  return resolve(process.env.FIXFLOW_CACHE_DIR ?? join(process.cwd(), '.cache', 'fixflow-rtl'));
}

export function contentHash(parts: readonly (string | readonly [string, string])[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    if (typeof p === 'string') h.update(`s${p.length}:${p}`);
    else h.update(`f${p[0].length}:${p[0]}${p[1].length}:${p[1]}`);
  }
  return h.digest('hex').slice(0, 24);
}

/**
 * The directory holding the build for `key`, building it with `build(dir)`
 * when absent. Returns whether it came from the cache.
 */
export async function cachedBuild(cacheDir: string, key: string, marker: string, build: (dir: string) => Promise<void>): Promise<{ dir: string; cached: boolean }> {
  const dir = join(cacheDir, key);
  if (existsSync(join(dir, marker))) return { dir, cached: true };
  mkdirSync(cacheDir, { recursive: true });
  const tmp = mkdtempSync(join(cacheDir, `.tmp-${key}-`));
  try {
    await build(tmp);
    if (!existsSync(join(tmp, marker))) throw new Error(`internal: build did not produce ${marker}`);
    try {
      renameSync(tmp, dir);
    } catch {
      // another run finished the same build first: use it
      if (!existsSync(join(dir, marker))) throw new Error(`cannot move the build into ${dir}`);
    }
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
  }
  return { dir, cached: false };
}
