/**
 * What the HLS emitter writes for the conv-family ops: only nonzero weights
 * as terms (shifts for ±2^k), guards on padded taps only where a window can
 * reach the padding, folding pragmas, library calls in both io styles, and
 * FIFO depths from the schedule (a residual's skip stream holds the long
 * branch's lag; a fan-out splits the stream).
 */
import { describe, expect, it } from 'vitest';
import { CompileError } from '../../src/core/diagnostics.js';
import { emitHls } from '../../src/backends/hls/emit-hls.js';
import { convStats } from '../../src/backends/hls/emit-conv.js';
import type { DfConv } from '../../src/ir/dataflow/conv-types.js';
import type { Dataflow } from '../../src/ir/dataflow/types.js';
import type { Graph } from '../../src/ir/graph/types.js';
import { compileGraph } from '../../src/pipeline.js';
import { Builder } from '../conv/builder.js';
import { invertedResidual } from '../conv/blocks.js';
import { convOpsDesign } from './helpers/conv-designs.js';

/** The text of each layer's section of layers.h, by layer name. */
function sections(layers: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of layers.split(/^\/\/ ---- /m).slice(1)) out.set(part.slice(0, part.indexOf(':')), part);
  return out;
}

function depthOf(top: string, stream: string): number {
  const m = new RegExp(`HLS STREAM variable=${stream} depth=(\\d+)`).exec(top);
  if (!m) throw new Error(`no depth for ${stream}`);
  return Number(m[1]);
}

describe('conv emission', () => {
  const df = convOpsDesign(3);
  const files = emitHls(df, { io: 'parallel' });
  const layers = sections(files.get('firmware/layers.h') ?? '');
  const convs = df.nodes.filter((n): n is DfConv => n.op === 'conv');

  it('emits one term per nonzero weight: a shift for each power of two, a multiplication for the rest', () => {
    let zeros = 0;
    for (const c of convs) {
      const text = layers.get(c.name) ?? '';
      const s = convStats(c);
      zeros += s.taps - s.nonzero;
      expect(text.match(/fx_nn::mac<config>/g)?.length ?? 0, c.name).toBe(s.multipliers);
      expect(text.match(/fx_nn::mac_shift</g)?.length ?? 0, c.name).toBe(s.shifts);
    }
    expect(zeros).toBeGreaterThan(20);
    expect(convs.reduce((a, c) => a + convStats(c).shifts, 0)).toBeGreaterThan(5);
  });

  it('stores only the weights that need a multiplier', () => {
    for (const c of convs) {
      const w = files.get(`firmware/weights/${c.name}.h`) ?? '';
      const m = convStats(c).multipliers;
      if (m > 0) expect(w, c.name).toContain(`static const config::weight_t w[${m}]`);
      else expect(w, c.name).not.toContain('weight_t w[');
    }
  });

  it('guards taps in the padding, and only in layers whose windows reach it', () => {
    const padded = layers.get('c1_same') ?? '';
    expect(padded).toMatch(/if \(ok\[0\]\) fx_nn::mac/);
    expect(padded).not.toContain('(void)ok;');
    const pointwise = layers.get('c_narrow') ?? '';
    expect(pointwise).toContain('(void)ok;');
    expect(pointwise).not.toMatch(/if \(ok\[/);
  });

  it('pipelines each output pixel with II = reuse factor and limits its multipliers', () => {
    const c = convs.find((n) => n.name === 'c1_same');
    const text = layers.get('c1_same') ?? '';
    expect(text).toContain('FX_PRAGMA(HLS PIPELINE II=3)');
    expect(text).toContain(`FX_PRAGMA(HLS ALLOCATION operation instances=mul limit=${Math.ceil(convStats(c as DfConv).multipliers / 3)})`);
    expect(files.get('firmware/defines.h')).toContain('static const unsigned reuse_factor = 3;');
    expect(files.get('firmware/conv_ops_rf3.cpp')).toContain('FX_PRAGMA(HLS PIPELINE II=3)');
  });

  it('calls the library in both io styles', () => {
    const stream = sections(emitHls(df, { io: 'stream' }).get('firmware/layers.h') ?? '');
    expect(layers.get('c1_same')).toContain('fx_nn::window_parallel<config>(x, y, pixel());');
    expect(stream.get('c1_same')).toContain('fx_nn::window_stream<config>(xs, ys, pixel());');
    expect(stream.get('max_same')).toContain('fx_nn::max_pool_fn<config>()');
    expect(stream.get('avg_window_div')).toContain('fx_nn::avg_pool_fn<config>(recip)');
    expect(stream.get('add3')).toContain('compute_stream(hls::stream<config::in0_t>& xs0, hls::stream<config::in1_t>& xs1, hls::stream<config::in2_t>& xs2');
    expect(stream.get('shuffle2d')).toContain('fx_nn::shuffle_stream<config>(xs, ys, perm);');
  });
});

describe('io_stream FIFO depths from the schedule', () => {
  const df = compileGraph(invertedResidual() as unknown as Graph, { config: { model: { default: 'ap_fixed<12,5,RND>' } } });
  const top = emitHls(df, { io: 'stream' }).get('firmware/mobilenet_v2.cpp') ?? '';

  it('splits the block input into the long branch and the skip', () => {
    expect(top).toMatch(/fx_nn::split_stream<144>\(input_0, fxs0_input_1, fxs1_input_1\);/);
    expect(top).toMatch(/compute_stream\(fxs1_input_1, fx_project, output_0\)/);
  });

  it("gives the skip stream the long branch's lag: one image row plus two pixels of [6, 6, 4]", () => {
    // the add reads skip pixel p when the 3x3 depthwise has read input pixel p + W + 1 (all C channels),
    // so the skip holds pixels p .. p + W + 1: (W + 2) * C elements
    expect(depthOf(top, 'fxs1_input_1')).toBe((6 + 2) * 4);
    // the long branch's own input is read as it arrives
    expect(depthOf(top, 'fxs0_input_1')).toBe(1);
  });

  it('sizes a stream for the burst its writer makes (a 1x1 conv writes a pixel of 16 channels at once)', () => {
    expect(depthOf(top, 'fx_expand')).toBe(16);
  });

  it('never asks for more than the whole tensor', () => {
    const sizes = new Map(df.nodes.map((n) => [n.name, n.shape.reduce((a, b) => a * b, 1)]));
    const found = [...top.matchAll(/HLS STREAM variable=(\w+) depth=(\d+)/g)];
    expect(found.length).toBeGreaterThan(5);
    for (const [, stream, depth] of found) {
      const name = (stream ?? '').replace(/^fx(s\d+|r\d+)?_/, '');
      expect(Number(depth), name).toBeLessThanOrEqual(sizes.get(name) ?? 0);
    }
  });
});

describe('a residual with a deeper long branch needs a deeper skip', () => {
  function residual(depth: number): Dataflow {
    const b = new Builder(3);
    const x = b.input('x', [5, 8, 2]);
    let h = x;
    for (let i = 0; i < depth; i++) h = b.conv(`c${i}`, h, { filters: 2, k: [3, 3] });
    return compileGraph(b.graph(`res${depth}`, [b.sum('add', [x, h])]) as unknown as Graph, { config: { model: { default: 'ap_fixed<10,4>' } } });
  }
  it('k 3x3 same convs in the long branch: k * (W + 1) * C + C', () => {
    const depths = [1, 2, 3].map((k) => depthOf(emitHls(residual(k), { io: 'stream' }).get(`firmware/res${k}.cpp`) ?? '', 'fxs1_x'));
    expect(depths).toEqual([1, 2, 3].map((k) => k * (8 + 1) * 2 + 2));
  });
});

describe('conv-family IR the emitter refuses (FF012, naming the layer and field)', () => {
  const df = convOpsDesign(1);
  function expectBad(edit: (n: Dataflow['nodes'][number]) => Dataflow['nodes'][number], layer: string, field: string): void {
    const bad = { ...df, nodes: df.nodes.map(edit) };
    let err: unknown = null;
    try {
      emitHls(bad, { io: 'stream' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CompileError);
    expect((err as CompileError).code).toBe('FF012');
    expect((err as CompileError).layer).toBe(layer);
    expect((err as CompileError).field).toBe(field);
  }

  it('a conv whose weights do not fit its geometry', () => {
    expectBad((n) => (n.op === 'conv' && n.name === 'c1_same' ? { ...n, weights: n.weights.slice(1) } : n), 'c1_same', 'weights');
  });

  it('a conv whose groups do not divide its channels', () => {
    expectBad((n) => (n.op === 'conv' && n.name === 'c1_same' ? { ...n, groups: 3 } : n), 'c1_same', 'groups');
  });

  it('an average pool without a reciprocal for a divisor', () => {
    expectBad((n) => (n.op === 'pool' && n.average && n.name === 'avg_valid_div' ? { ...n, average: { ...n.average, counts: [...n.average.counts.slice(0, -1), 99] } } : n), 'avg_valid_div', 'average.counts');
  });

  it('an add with a single input, and a shuffle that is not a permutation', () => {
    expectBad((n) => (n.op === 'add' && n.name === 'add3' ? { ...n, inputs: n.inputs.slice(0, 1) } : n), 'add3', 'inputs');
    expectBad((n) => (n.op === 'channel_shuffle' ? { ...n, perm: n.perm.map(() => 0) } : n), 'shuffle2d', 'perm');
  });
});
