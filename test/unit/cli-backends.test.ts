/**
 * The commands around the backends, end to end through `main`: compile
 * --backend, verify (the ladder), synth, report, compress, simulate --fast,
 * on a tiny model so the tool builds stay short. Tools must be present in CI.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { graphFromJson, graphToJson } from '../../src/ir/graph/json.js';
import { GRAPH_IR_VERSION, type Graph } from '../../src/ir/graph/types.js';
import { fireModule } from '../conv/blocks.js';
import { skipWithout } from '../verilog/helpers/tool-gate.js';

afterEach(() => vi.restoreAllMocks());

const skipTools = skipWithout('g++', 'verilator', 'iverilog', 'yosys');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, out, err };
}

/** 4 → 3 (relu) → 2, with a few zero and power-of-two weights. */
function tinyGraph(): Graph {
  const k1 = [0.5, -0.25, 0, 0.75, 0.125, -1, 0.3, 0, -0.6, 0.9, 0.2, -0.45];
  const k2 = [1, -0.5, 0.25, 0.7, -0.8, 0];
  return {
    version: GRAPH_IR_VERSION,
    name: 'tiny',
    nodes: [
      { op: 'input', name: 'x', inputs: [], shape: [4] },
      { op: 'dense', name: 'fc1', inputs: ['x'], shape: [3], units: 3, kernel: k1, bias: [0.1, -0.2, 0] },
      { op: 'activation', name: 'relu1', inputs: ['fc1'], shape: [3], fn: 'relu' },
      { op: 'dense', name: 'fc2', inputs: ['relu1'], shape: [2], units: 2, kernel: k2, bias: [0, 0.05] },
    ],
    outputs: ['fc2'],
  };
}

function setup(): { dir: string; model: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ff-cli-be-'));
  const model = join(dir, 'tiny.json');
  writeFileSync(model, graphToJson(tinyGraph()));
  writeFileSync(join(dir, 'cfg.yaml'), "model:\n  default: 'ap_fixed<10,4,RND,SAT>'\n");
  return { dir, model };
}

describe('compile --backend', () => {
  it('writes each backend under its own folder, deterministically', async () => {
    const { dir, model } = setup();
    for (const [backend, probe] of [
      ['hls', 'hls/build_prj.tcl'],
      ['verilog', 'verilog/rtl/tiny_top.v'],
      ['ts', 'ts/tiny.ts'],
    ] as const) {
      const a = await run(['compile', model, '--backend', backend, '-o', join(dir, `${backend}-a`)]);
      expect(a.code, a.err).toBe(0);
      await run(['compile', model, '--backend', backend, '-o', join(dir, `${backend}-b`)]);
      expect(existsSync(join(dir, `${backend}-a`, probe)), probe).toBe(true);
      const files = readdirSync(join(dir, `${backend}-a`), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      for (const e of files) {
        const rel = join(e.parentPath, e.name).slice(join(dir, `${backend}-a`).length);
        expect(readFileSync(join(dir, `${backend}-b`, rel)), rel).toEqual(readFileSync(join(dir, `${backend}-a`, rel)));
      }
    }
  });

  it('refuses --io for a backend other than hls, and an unknown backend, as usage errors', async () => {
    const { dir, model } = setup();
    const io = await run(['compile', model, '--backend', 'verilog', '--io', 'stream', '-o', join(dir, 'x')]);
    expect(io.code).toBe(2);
    expect(io.err).toMatch(/FF014.*--io applies to the hls backend only/);
    expect((await run(['compile', model, '--backend', 'vhdl', '-o', join(dir, 'y')])).code).toBe(2);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});

describe.skipIf(skipTools)('verify and synth with the real tools', () => {
  it('verify: every rung equals the simulator on random vectors and on a vector file', async () => {
    const { dir, model } = setup();
    const r = await run(['verify', model, '-c', join(dir, 'cfg.yaml'), '--random', '40', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { ok: boolean; rungs: { rung: string; vectors: number; mismatches: number }[] };
    expect(j.ok).toBe(true);
    expect(j.rungs.map((x) => x.rung)).toEqual([
      'simulator (reference)',
      'ts specialized model',
      'hls csim io_parallel (g++)',
      'hls csim io_stream (g++)',
      'verilator full-speed',
      'verilator backpressure',
      'icarus full-speed',
      'icarus backpressure',
    ]);
    for (const x of j.rungs) expect([x.vectors, x.mismatches]).toEqual([40, 0]);
    writeFileSync(join(dir, 'in.csv'), '0.5,-1,2,3.25\n-8,7.9,0,0.001\n');
    const f = await run(['verify', model, '--backend', 'ts,hls', '--io', 'parallel', '--inputs', join(dir, 'in.csv')]);
    expect(f.code, f.err).toBe(0);
    expect(f.out).toMatch(/bit-exact: every rung equals the simulator on all 2 vectors/);
  }, 300_000);

  it('synth: per-layer resources with a total, as a table and as JSON written to a folder', async () => {
    const { dir, model } = setup();
    const r = await run(['synth', model, '-c', join(dir, 'cfg.yaml'), '-o', join(dir, 'syn')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^layer\s+op\s+LUT\s+FF\s+DSP\s+BRAM/m);
    expect(r.out).toMatch(/^fc1\s/m);
    const j = JSON.parse(readFileSync(join(dir, 'syn', 'synth.json'), 'utf8')) as { total: { luts: number }; layers: { layer: string }[]; yosysMs?: number };
    expect(j.total.luts).toBeGreaterThan(0);
    expect(j.layers.map((l) => l.layer)).toEqual(expect.arrayContaining(['fc1', 'fc2']));
    expect(j.yosysMs).toBeUndefined();
  }, 300_000);
});

describe('report, compress and simulate --fast', () => {
  it('report: an HTML page from vectors and labels, with both accuracies', async () => {
    const { dir, model } = setup();
    const rows = Array.from({ length: 30 }, (_v, i) => [Math.sin(i), Math.cos(i), (i % 7) - 3, i / 10]);
    writeFileSync(join(dir, 'x.json'), JSON.stringify(rows));
    writeFileSync(join(dir, 'y.json'), JSON.stringify(rows.map((r) => [(r[0] ?? 0) > 0 ? 1 : 0])));
    const r = await run(['report', model, '--inputs', join(dir, 'x.json'), '--labels', join(dir, 'y.json'), '--classes', 'neg,pos', '-o', join(dir, 'r.html')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/float \d+\.\d\d%, fixed-point \d+\.\d\d% on 30 samples/);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('fc1');
    expect((await run(['report', model, '--inputs', join(dir, 'x.json'), '--labels', join(dir, 'y.json'), '-o', join(dir, 'r.html')])).code).toBe(4);
  });

  it('compress prune and lowrank write graphs that compile; a rank-less lowrank is refused', async () => {
    const { dir, model } = setup();
    const p = await run(['compress', 'prune', model, '--sparsity', '0.5', '-o', join(dir, 'p.json')]);
    expect(p.code, p.err).toBe(0);
    const pruned = graphFromJson(readFileSync(join(dir, 'p.json'), 'utf8'));
    const fc1 = pruned.nodes.find((n) => n.name === 'fc1');
    expect(fc1?.op === 'dense' ? fc1.kernel.filter((w) => w === 0).length : -1).toBeGreaterThanOrEqual(6);
    expect(p.out).toMatch(/^after\s+\d+\s+\d+/m);
    const l = await run(['compress', 'lowrank', model, '--layer', 'fc1', '--rank', '1', '-o', join(dir, 'l.json')]);
    expect(l.code, l.err).toBe(0);
    expect(l.out).toMatch(/fc1: rank 1/);
    expect((await run(['compile', join(dir, 'l.json'), '-o', join(dir, 'lc')])).code).toBe(0);
    const bad = await run(['compress', 'lowrank', model, '--layer', 'fc1', '-o', join(dir, 'l2.json')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/exactly one of --rank, --energy, --mac-budget/);
  });

  it('compress on a conv graph: Tucker-2 and CP factorization and filter pruning give graphs that compile', async () => {
    const { dir } = setup();
    const model = join(dir, 'fire.json');
    writeFileSync(model, graphToJson(fireModule() as Graph));
    const t = await run(['compress', 'lowrank', model, '--layer', 'expand3x3', '--rank', '2,3', '-o', join(dir, 't.json')]);
    expect(t.code, t.err).toBe(0);
    expect(t.out).toMatch(/expand3x3: tucker2 rank 2×3, relative kernel error 0\.\d{4}, MACs \d+ → \d+/);
    const c = await run(['compress', 'lowrank', model, '--layer', 'expand3x3', '--decomposition', 'cp', '--rank', '4', '-o', join(dir, 'c.json')]);
    expect(c.code, c.err).toBe(0);
    const f = await run(['compress', 'prune-filters', model, '--ratio', 'squeeze1x1=0.5', '--criterion', 'fpgm', '-o', join(dir, 'f.json')]);
    expect(f.code, f.err).toBe(0);
    expect(f.out).toMatch(/squeeze1x1: 4 → 2 filters/);
    for (const g of ['t.json', 'c.json', 'f.json']) expect((await run(['compile', join(dir, g), '-o', join(dir, `${g}.out`)])).code, g).toBe(0);
    const two = await run(['compress', 'lowrank', model, '--layer', 'expand3x3', '--decomposition', 'cp', '--rank', '2,3', '-o', join(dir, 'x.json')]);
    expect(two.code).toBe(2);
  });

  it('simulate --fast says which engine it used and gives the simulator’s outputs', async () => {
    const { dir, model } = setup();
    writeFileSync(join(dir, 'in.csv'), '0.5,-1,2,3.25\n-8,7.9,0,0.001\n');
    const slow = await run(['simulate', model, '--inputs', join(dir, 'in.csv'), '--output-kind', 'raw']);
    const fast = await run(['simulate', model, '--inputs', join(dir, 'in.csv'), '--output-kind', 'raw', '--fast']);
    expect(fast.code, fast.err).toBe(0);
    expect(fast.err).toMatch(/^engine: (interpreter|specialized model)/);
    expect(fast.out).toBe(slow.out);
  });
});
