/**
 * The example blocks (test/conv/blocks.ts: SqueezeNet fire,
 * MobileNetV1 depthwise-separable, MobileNetV2 inverted residual with skip,
 * ShuffleNet units at stride 1 and 2, 1D ops, 2D movement) lowered by
 * compileGraph and merged into one design: csim == simulator in both io
 * styles, at the precision the conv tests use and at a narrow saturating one.
 */
import { describe, expect, it } from 'vitest';
import { emitHls } from '../../src/backends/hls/emit-hls.js';
import { findGxx } from '../../sim/csim/gxx.js';
import { verifyCsim } from '../../sim/csim/verify-csim.js';
import { simulateRaw } from '../../sim/simulate.js';
import { ALL_BLOCKS } from '../conv/blocks.js';
import { blocksDesign, mergeDesigns } from './helpers/conv-designs.js';
import { randomVectors } from './helpers/designs.js';

const skip = findGxx() === null && !process.env.CI;
const VECTORS = 200;
const wide = blocksDesign({ model: { default: 'ap_fixed<18,7,RND>' } });
const narrow = blocksDesign({ model: { default: 'ap_fixed<8,3,RND,SAT>', accum: 'ap_fixed<14,6,TRN,SAT>' } });

describe('the merged blocks design', () => {
  it('holds every block, each with its own input and outputs', () => {
    expect(wide.nodes.filter((n) => n.op === 'input').length).toBe(ALL_BLOCKS.length);
    expect(new Set(wide.outputs.map((o) => o.split('_')[0])).size).toBe(ALL_BLOCKS.length);
  });

  it('the narrow variant accumulates in a saturating 14-bit type', () => {
    const convs = narrow.nodes.flatMap((n) => (n.op === 'conv' ? [n] : []));
    expect(convs.length).toBeGreaterThan(15);
    expect(convs.every((n) => n.accType.width === 14 && n.accType.overflow === 'SAT')).toBe(true);
  });

  it('gives varied outputs', () => {
    for (const df of [wide, narrow]) {
      const rows = simulateRaw(df, randomVectors(df, 30, 2)).map((r) => r.join(','));
      expect(new Set(rows).size).toBe(30);
    }
  });
});

describe.skipIf(skip)('example blocks: csim == simulator, bit for bit', () => {
  // one g++ build per io style: io_stream also carries the narrow variant
  it.each([
    ['ap_fixed<18,7,RND>', 'parallel', wide],
    ['ap_fixed<18,7,RND> and ap_fixed<8,3,RND,SAT>', 'stream', mergeDesigns('conv_blocks_2', [wide, narrow])],
  ] as const)('%s, io_%s: zero mismatches', async (_t, io, df) => {
    const verdict = await verifyCsim(df, emitHls(df, { io }), randomVectors(df, VECTORS, 21), { opt: '-O0' });
    expect(verdict.vectors).toBe(VECTORS);
    expect(verdict.examples).toEqual([]);
    expect(verdict.mismatches).toBe(0);
  });
});
