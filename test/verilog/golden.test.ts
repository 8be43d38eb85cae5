/**
 * Golden files: the emitted Verilog of one small design, byte for byte.
 * UPDATE_GOLDEN=1 rewrites test/golden/verilog/small/expected/.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitVerilog } from '../../src/backends/verilog/emit.js';
import type { Dataflow } from '../../src/ir/dataflow/types.js';
import { verifyVerilog } from '../../sim/rtl/verify.js';
import { DfChain, randomVectors } from './helpers/df-builder.js';
import { skipWithout, TEST_CACHE } from './helpers/tool-gate.js';

const EXPECTED = new URL('../golden/verilog/small/expected/', import.meta.url).pathname;

function goldenDesign(): Dataflow {
  return new DfChain('golden_small', 'ap_fixed<6,2>', 4, 21)
    .dense('fc1', { out: 4, weights: 'pruned', type: 'ap_fixed<8,3>' })
    .relu('relu1', 'ap_ufixed<6,2,RND,SAT>')
    .dense('fc2', { out: 3, weights: 'pow2', rf: 2, type: 'ap_fixed<8,3,TRN,SAT>' })
    .table('sig', 'sigmoid', 16, -4, 4, 'ap_ufixed<6,0>', 'ap_ufixed<6,0>')
    .output()
    .build();
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

describe('golden Verilog', () => {
  const files = emitVerilog(goldenDesign());

  it('matches test/golden/verilog/small/expected byte for byte', () => {
    if (process.env.UPDATE_GOLDEN === '1') {
      rmSync(EXPECTED, { recursive: true, force: true });
      for (const [k, v] of files) {
        mkdirSync(dirname(join(EXPECTED, k)), { recursive: true });
        writeFileSync(join(EXPECTED, k), v);
      }
    }
    const onDisk = listFiles(EXPECTED).map((p) => relative(EXPECTED, p)).sort();
    expect(onDisk).toEqual([...files.keys()].sort());
    for (const [k, v] of files) expect(v, k).toBe(readFileSync(join(EXPECTED, k), 'utf8'));
  });

  it.skipIf(skipWithout('iverilog', 'vvp'))('the golden design is bit-exact in Icarus', async () => {
    const df = goldenDesign();
    const r = await verifyVerilog(df, files, randomVectors(df, 200), { simulators: ['icarus'], cacheDir: TEST_CACHE });
    expect(r.runs.map((x) => x.mismatchCount)).toEqual([0, 0]);
    expect(r.ok).toBe(true);
    // the same files again: the build comes from the content-hash cache
    const again = await verifyVerilog(df, files, randomVectors(df, 20), { simulators: ['icarus'], cacheDir: TEST_CACHE, backpressure: false });
    expect(again.builds.map((b) => b.cached)).toEqual([true]);
  });
});
