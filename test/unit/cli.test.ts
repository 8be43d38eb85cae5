import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readNpy } from '../../src/cli/npy.js';
import { dataflowFromJson } from '../../src/ir/dataflow/json.js';
import { quantizeInputs, simulateRaw, outputsToReal } from '../../sim/simulate.js';

const JET = fileURLToPath(new URL('../../examples/jet-mlp/model.json', import.meta.url));
afterEach(() => vi.restoreAllMocks());

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, out, err };
}

describe('fixflow CLI', () => {
  it('compile is deterministic: two runs give byte-identical files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-cli-'));
    expect((await run(['compile', JET, '-o', join(dir, 'a')])).code).toBe(0);
    expect((await run(['compile', JET, '-o', join(dir, 'b')])).code).toBe(0);
    const files = readdirSync(join(dir, 'a')).sort();
    expect(files).toContain('dataflow.json');
    for (const f of files) expect(readFileSync(join(dir, 'b', f))).toEqual(readFileSync(join(dir, 'a', f)));
  });

  it('simulate: CSV, JSON and .npy give the simulator’s values; raw in, raw out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-cli-'));
    const rows = Array.from({ length: 5 }, (_v, r) => Array.from({ length: 16 }, (_w, c) => Math.sin(r * 16 + c)));
    writeFileSync(join(dir, 'in.csv'), 'f0,f1\n' + rows.map((r) => r.join(',')).join('\n'));
    writeFileSync(join(dir, 'in.json'), JSON.stringify(rows));
    expect((await run(['compile', JET, '-o', join(dir, 'design')])).code).toBe(0);
    const df = dataflowFromJson(readFileSync(join(dir, 'design', 'dataflow.json'), 'utf8'));
    const raw = simulateRaw(df, quantizeInputs(df, rows));
    const real = outputsToReal(df, raw);
    const csv = await run(['simulate', join(dir, 'design', 'dataflow.json'), '--inputs', join(dir, 'in.csv')]);
    expect(csv.code).toBe(0);
    expect(csv.out.trim().split('\n').map((l) => l.split(',').map(Number))).toEqual(real);
    expect((await run(['simulate', JET, '--inputs', join(dir, 'in.json'), '-o', join(dir, 'out.npy'), '--output-kind', 'raw'])).code).toBe(0);
    const npy = readNpy(readFileSync(join(dir, 'out.npy')), 'out.npy');
    expect(npy.shape).toEqual([5, 5]);
    expect(npy.data.map((v) => BigInt(v))).toEqual(raw.flat());
    writeFileSync(join(dir, 'raw.csv'), quantizeInputs(df, rows).map((r) => r.join(',')).join('\n'));
    const viaRaw = await run(['simulate', JET, '--inputs', join(dir, 'raw.csv'), '--input-kind', 'raw', '--output-kind', 'raw']);
    expect(viaRaw.out.trim().split('\n').map((l) => l.split(',').map((v) => BigInt(v)))).toEqual(raw);
  });

  it('inspect --json reports parameters, MACs and error bounds; --dump-after prints the IR', async () => {
    const r = await run(['inspect', JET, '--json']);
    const j = JSON.parse(r.out);
    expect(j.macs).toBe(j.layers.reduce((a: number, l: { macs: number }) => a + l.macs, 0));
    expect(j.macs).toBeLessThanOrEqual(16 * 64 + 64 * 32 + 32 * 32 + 32 * 5);
    expect(j.macs).toBeGreaterThan(4000);
    expect(j.errorBounds.length).toBe(j.layers.length);
    const d = await run(['inspect', JET, '--dump-after', 'fold-batchnorm']);
    expect(d.out).toContain('graph jet_mlp');
    const l = await run(['inspect', JET, '--dump-after', 'lower']);
    expect(l.out).toContain('dataflow jet_mlp');
  });

  it('profile shows overflows of a too-narrow type', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-cli-'));
    writeFileSync(join(dir, 'in.json'), JSON.stringify(Array.from({ length: 20 }, (_v, r) => Array.from({ length: 16 }, (_w, c) => 3 * Math.sin(r + c)))));
    writeFileSync(join(dir, 'cfg.json'), JSON.stringify({ model: { result: 'ap_fixed<6,1,RND,SAT>' } }));
    const r = await run(['simulate', JET, '--inputs', join(dir, 'in.json'), '-c', join(dir, 'cfg.json'), '--profile']);
    expect(r.code).toBe(0);
    const fc1 = r.out.split('\n').find((l) => l.startsWith('fc1 ') && l.includes('result'));
    expect(fc1).toMatch(/\s[1-9]\d* \(\d+\.\d+%\)/);
  });
});
