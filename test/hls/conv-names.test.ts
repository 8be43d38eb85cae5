/**
 * Hostile layer names on conv-family layers (a conv, a pool, an add and a
 * concat reading a fan-out): the lowering sanitizes the identifiers
 * (src/core/naming.ts), comments escape the source names, and the project
 * still compiles and equals the simulator.
 */
import { describe, expect, it } from 'vitest';
import { emitHls } from '../../src/backends/hls/emit-hls.js';
import type { Graph } from '../../src/ir/graph/types.js';
import { compileGraph } from '../../src/pipeline.js';
import { findGxx } from '../../sim/csim/gxx.js';
import { verifyCsim } from '../../sim/csim/verify-csim.js';
import { Builder } from '../conv/builder.js';
import { randomVectors } from './helpers/designs.js';

const skip = findGxx() === null && !process.env.CI;

const EVIL_CONV = 'conv */ #include <cstdlib> \n int evil1 = system("rm -rf /tmp/x"); /*';
const EVIL_POOL = 'pool\\\nint evil2 = 1; // ??/';
const EVIL_ADD = 'x; } namespace std { int evil3; } //';
const EVIL_CAT = 'fx_cat $[exec evil4] {evil5}';

function hostile(): Graph {
  const b = new Builder(8);
  const x = b.input('image', [5, 5, 3]);
  const c = b.conv(EVIL_CONV, x, { filters: 3, k: [3, 3], sparsity: 0.2 });
  const p = b.pool(EVIL_POOL, c, 'max', [2, 2], [1, 1], 'same');
  const a = b.sum(EVIL_ADD, [x, p]);
  return b.graph('model"); system("evil6', [b.concat(EVIL_CAT, [a, c])]) as unknown as Graph;
}

describe('hostile names on conv-family layers', () => {
  const df = compileGraph(hostile(), { config: { model: { default: 'ap_fixed<10,4,RND>' } } });
  const streamFiles = emitHls(df, { io: 'stream' });

  it('appear only sanitized or escaped, in both io styles', () => {
    for (const files of [emitHls(df, { io: 'parallel' }), streamFiles]) {
      for (const [path, content] of files) {
        for (const needle of ['system(', '#include <cstdlib>', 'evil2 = 1', 'namespace std {', 'int evil3;', '[exec evil4]', '{evil5}', '??/', '"evil6']) {
          expect(content.includes(needle), `${path} contains ${needle}`).toBe(false);
        }
        expect(/\/\/[^\n]*\\\n/.test(content), path).toBe(false);
      }
    }
    const sourceNames = df.nodes.map((n) => n.source);
    expect(sourceNames).toContain(EVIL_CONV);
    expect(df.nodes.map((n) => n.name).every((n) => /^[A-Za-z][A-Za-z0-9_]*$/.test(n))).toBe(true);
  });

  it.skipIf(skip)('still compiles and equals the simulator (io_stream, with the fan-out)', async () => {
    const verdict = await verifyCsim(df, streamFiles, randomVectors(df, 60, 4), { opt: '-O0' });
    expect(verdict.vectors).toBe(60);
    expect(verdict.examples).toEqual([]);
    expect(verdict.mismatches).toBe(0);
  });
});
