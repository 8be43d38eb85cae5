/**
 * Golden emitted files for one small design, compared byte for byte
 * (UPDATE_GOLDEN=1 rewrites them). The library files the project ships are
 * compared with hw/include instead of being duplicated here.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emitHls } from '../../src/backends/hls/emit-hls.js';
import { hwIncludeDir } from '../../sim/csim/paths.js';
import { simulateRaw } from '../../sim/simulate.js';
import { DesignBuilder, fx, ufx } from './helpers/designs.js';

const GOLDEN = fileURLToPath(new URL('../golden/hls/small_mlp/expected/', import.meta.url));
const COPIED = /^firmware\/(fixflow|fixflow_ap)\//;

function smallDesign() {
  const b = new DesignBuilder('small_mlp', 3);
  const x = b.input('input_1', [4], fx(8, 3));
  const d1 = b.dense('dense_1', x, { out: 3, weightType: fx(6, 1), type: fx(10, 4, 'RND', 'SAT'), sparsity: 0.25, pow2: 0.3, rf: 2 });
  const r = b.relu('relu_1', d1, ufx(8, 3, 'RND', 'SAT'));
  const d2 = b.dense('dense_2', r, { out: 3, weightType: fx(6, 1), type: fx(12, 5) });
  const s = b.softmax('softmax', d2, ufx(10, 1, 'RND', 'SAT'));
  return b.build([s]);
}

function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(root, full));
    }
  };
  walk(root);
  return out;
}

const VECTORS = [
  [1n, -2n, 3n, 127n],
  [-128n, 0n, 64n, -1n],
];

describe.each(['parallel', 'stream'] as const)('golden HLS project, io_%s', (io) => {
  const emit = () => emitHls(smallDesign(), { io, vectors: VECTORS, expected: simulateRaw(smallDesign(), VECTORS) });
  const files = emit();
  const root = join(GOLDEN, io);
  const generated = [...files.entries()].filter(([p]) => !COPIED.test(p));

  if (process.env.UPDATE_GOLDEN === '1') {
    rmSync(root, { recursive: true, force: true });
    for (const [p, content] of generated) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), content);
    }
  }

  it('has exactly the golden set of generated files', () => {
    expect(generated.map(([p]) => p).sort()).toEqual(listFiles(root).sort());
  });

  it.each(generated.map(([p]) => [p] as const))('%s is byte-identical to its golden copy', (p) => {
    expect(files.get(p)).toBe(readFileSync(join(root, p), 'utf8'));
  });

  it('ships hw/include unchanged', () => {
    const copied = [...files.keys()].filter((p) => COPIED.test(p));
    expect(copied.length).toBeGreaterThan(5);
    for (const p of copied) expect(files.get(p), p).toBe(readFileSync(join(hwIncludeDir(), p.replace(/^firmware\//, '')), 'utf8'));
  });

  it('is deterministic', () => {
    const again = emit();
    expect([...again.entries()]).toEqual([...files.entries()]);
  });
});
