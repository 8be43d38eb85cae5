/**
 * Bad input at the command line: each case builds its input in a temp
 * folder, runs `fixflow` in-process, and snapshots the one-line message
 * (test/errors/<case>/expected.txt) and the exit code. No stack traces.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const JET = fileURLToPath(new URL('../../examples/jet-mlp/model.json', import.meta.url));
let dir = '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fixflow-err-'));
});
afterEach(() => vi.restoreAllMocks());

async function run(args: string[]): Promise<{ code: number; err: string; out: string }> {
  let err = '';
  let out = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, err: err.split(dir).join('<tmp>').split(JET).join('<jet>/model.json'), out };
}

function copyJet(): string {
  const d = join(dir, 'model');
  mkdirSync(d);
  for (const f of ['model.json', 'weights.bin']) writeFileSync(join(d, f), readFileSync(join(JET, '..', f)));
  return join(d, 'model.json');
}

function csv(rows: number, cols: number, cell = (r: number, c: number) => String(((r + 1) * (c + 2)) % 7 / 4 - 0.8)): string {
  const f = join(dir, 'in.csv');
  writeFileSync(f, Array.from({ length: rows }, (_v, r) => Array.from({ length: cols }, (_w, c) => cell(r, c)).join(',')).join('\n'));
  return f;
}

const cases: Record<string, { exit: number; args: () => string[] }> = {
  'config-unknown-layer': {
    exit: 3,
    args: () => {
      const c = join(dir, 'cfg.yml');
      writeFileSync(c, 'layerName:\n  fc9:\n    weight: ap_fixed<8,3>\n');
      return ['inspect', JET, '-c', c];
    },
  },
  'config-width-zero': {
    exit: 3,
    args: () => {
      const c = join(dir, 'cfg.json');
      writeFileSync(c, JSON.stringify({ layerName: { fc1: { weight: 'ap_fixed<0,0>' } } }));
      return ['inspect', JET, '-c', c];
    },
  },
  'config-width-over-limit': {
    exit: 3,
    args: () => {
      const c = join(dir, 'cfg.json');
      writeFileSync(c, JSON.stringify({ model: { result: 'ap_fixed<200,10>' } }));
      return ['inspect', JET, '-c', c];
    },
  },
  'config-unknown-field': {
    exit: 3,
    args: () => {
      const c = join(dir, 'cfg.json');
      writeFileSync(c, JSON.stringify({ model: { precison: 'ap_fixed<8,3>' } }));
      return ['inspect', JET, '-c', c];
    },
  },
  'inputs-wrong-columns': { exit: 3, args: () => ['simulate', JET, '--inputs', csv(2, 15)] },
  'inputs-non-numeric': { exit: 3, args: () => ['simulate', JET, '--inputs', csv(2, 16, (r, c) => (r === 1 && c === 3 ? 'abc' : '0.5'))] },
  'inputs-raw-out-of-range': { exit: 3, args: () => ['simulate', JET, '--input-kind', 'raw', '--inputs', csv(1, 16, () => '40000')] },
  'output-folder-exists': {
    exit: 4,
    args: () => {
      mkdirSync(join(dir, 'out'));
      writeFileSync(join(dir, 'out', 'keep.txt'), 'precious');
      return ['compile', JET, '-o', join(dir, 'out')];
    },
  },
  'model-malformed-json': {
    exit: 3,
    args: () => {
      const m = copyJet();
      writeFileSync(m, readFileSync(m, 'utf8').slice(0, 200));
      return ['inspect', m];
    },
  },
  'model-unsupported-layer': {
    exit: 3,
    args: () => {
      const m = copyJet();
      writeFileSync(m, readFileSync(m, 'utf8').replace('"class_name":"Dense"', '"class_name":"GRU"').replace('"class_name": "Dense"', '"class_name": "GRU"'));
      return ['inspect', m];
    },
  },
  'model-missing-shard': {
    exit: 3,
    args: () => {
      const m = copyJet();
      writeFileSync(join(dir, 'model', 'weights.bin'), new Uint8Array(100));
      return ['inspect', m];
    },
  },
  'unknown-model-extension': { exit: 3, args: () => ['inspect', join(dir, 'model.pt')] },
  'dump-after-unknown-pass': { exit: 2, args: () => ['inspect', JET, '--dump-after', 'optimise'] },
};

describe('CLI bad input: coded errors, no stack traces', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(name, async () => {
      const r = await run(c.args());
      expect(r.code).toBe(c.exit);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
      if (c.exit !== 2) expect(r.err).toMatch(/^error FF\d{3}: /);
      await expect(r.err).toMatchFileSnapshot(`./${name}/expected.txt`);
    });
  }

  it('a refused output folder is left untouched, and --force replaces it atomically', async () => {
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'precious');
    expect((await run(['compile', JET, '-o', out])).code).toBe(4);
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('precious');
    expect((await run(['compile', JET, '-o', out, '--force'])).code).toBe(0);
    expect(existsSync(join(out, 'keep.txt'))).toBe(false);
    expect(readdirSync(out).sort()).toEqual(['dataflow.json', 'dataflow.txt', 'summary.json', 'summary.txt']);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).toEqual([]);
  });

  it('a failed compile leaves no half-written output', async () => {
    const c = join(dir, 'cfg.json');
    writeFileSync(c, JSON.stringify({ layerName: { fc1: { accum: 'ap_fixed<8,2>', reuseFactor: 0 } } }));
    const r = await run(['compile', JET, '-c', c, '-o', join(dir, 'never')]);
    expect(r.code).toBe(3);
    expect(existsSync(join(dir, 'never'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
