/**
 * Conv-family designs for the HLS ladder, built as graphs (test/conv/builder.ts)
 * and lowered by the real pipeline: one design that uses every conv-family op
 * in many variants (1D and 2D, strides, 'same' / asymmetric / no padding,
 * groups, depthwise with a multiplier, a narrow saturating accumulator, max and
 * average pooling with both divisors, global pooling, Add of three inputs of
 * different types, Concatenate of mixed types and of one tensor twice,
 * fan-out), and the example blocks merged into one design, so each
 * io style costs one g++ build.
 */
import type { Graph } from '../../../src/ir/graph/types.js';
import type { Dataflow, DfNode } from '../../../src/ir/dataflow/types.js';
import { compileGraph } from '../../../src/pipeline.js';
import type { PrecisionConfig } from '../../../src/lower/config.js';
import { Builder } from '../../conv/builder.js';
import { ALL_BLOCKS } from '../../conv/blocks.js';

function convOpsGraph(): Graph {
  const b = new Builder(41, 1 / 64);
  const x = b.input('in_2d', [6, 7, 4]);
  const c1 = b.relu('c1_relu', b.conv('c1_same', x, { filters: 6, k: [3, 3], sparsity: 0.35 }));
  const c2 = b.conv('c2_s2_groups', c1, { filters: 4, k: [3, 3], strides: [2, 2], padding: 'valid', groups: 2, sparsity: 0.2 });
  const dw = b.depthwise('dw_s2_mult', x, [3, 3], [2, 2], 'same', 2);
  const asym = b.conv('c_asym', x, { filters: 3, k: [2, 3], padding: { before: [2, 0], after: [0, 1] }, bias: false });
  const narrow = b.conv('c_narrow', c1, { filters: 5, k: [1, 1], strides: [1, 2], padding: 'valid' });
  const mp = b.pool('max_same', c1, 'max', [3, 3], [2, 2], 'same');
  // signed input and leading padding: a padded tap must never win
  const ms = b.pool('max_signed', x, 'max', [3, 3], [2, 2], 'same');
  const apv = b.pool('avg_valid_div', c1, 'avg', [3, 3], [1, 1], 'same');
  const apw = b.pool('avg_window_div', x, 'avg', [2, 3], [1, 2], 'same', true);
  const gmax = b.globalPool('gmax', c2, 'max');
  // a 3x3 kernel on a 2-row input, and output rows whose windows lie wholly in the padding (bias only)
  const big = b.conv('c_big_kernel', c2, { filters: 2, k: [3, 3], padding: 'same' });
  const allPad = b.conv('c_pad_rows', c2, { filters: 2, k: [1, 2], padding: { before: [2, 1], after: [1, 0] } });
  const gavg = b.globalPool('gavg_keep', dw, 'avg', true);
  const pad = b.zeroPad('pad2d', c2, { before: [1, 0], after: [2, 1] });
  const up = b.upsample('up2d', pad, [2, 3]);
  const sh = b.shuffle('shuffle2d', dw, 4);
  const res = b.sum('add3', [c1, apv, b.relu('c1b_relu', b.conv('c1b', c1, { filters: 6, k: [1, 1] }))]);
  const cat = b.concat('cat_mixed', [mp, sh, mp]);
  const y = b.input('in_1d', [9, 3]);
  const p1 = b.zeroPad('pad1d', y, { before: [2], after: [1] });
  const k1 = b.conv('conv1d_s2', p1, { filters: 4, k: [3], strides: [2], padding: 'valid', sparsity: 0.3 });
  const m1 = b.pool('max1d', k1, 'max', [3], [1], 'same');
  const u1 = b.upsample('up1d', m1, [2]);
  const a1 = b.pool('avg1d', u1, 'avg', [3], [2], 'same');
  const d1 = b.depthwise('dw1d', u1, [3], [1], 'same');
  const s1 = b.sum('add1d', [u1, d1]);
  return b.graph('conv_ops', [big, allPad, ms, asym, narrow, apw, gmax, gavg, up, res, cat, a1, s1, b.globalPool('gavg1d', s1, 'avg')]) as unknown as Graph;
}

/** Every conv-family op, lowered with reuse factor `rf` (types differ per layer, one accumulator saturates). */
export function convOpsDesign(rf: number): Dataflow {
  const cfg: PrecisionConfig = {
    model: { default: 'ap_fixed<10,4,RND>', reuseFactor: rf },
    layerName: {
      in_2d: { result: 'ap_fixed<8,3>' },
      c1_relu: { result: 'ap_ufixed<8,3,RND,SAT>' },
      c_narrow: { accum: 'ap_fixed<9,3,TRN,SAT>', product: 'ap_fixed<9,3,RND,SAT>', result: 'ap_fixed<8,2,RND_CONV,SAT_SYM>' },
      c1b_relu: { result: 'ap_ufixed<7,2,RND,SAT>' },
      add3: { result: 'ap_fixed<9,4,RND,SAT>' },
      avg_valid_div: { result: 'ap_fixed<12,4,RND>' },
      max_same: { result: 'ap_ufixed<8,3,RND,SAT>' },
      cat_mixed: { result: 'ap_fixed<9,3,TRN,SAT>' },
      in_1d: { result: 'ap_fixed<7,2>' },
    },
  };
  const df = compileGraph(convOpsGraph(), { config: cfg });
  return { ...df, name: `conv_ops_rf${rf}` };
}

/** The blocks (test/conv/blocks.ts), each lowered by compileGraph, merged into one design (names prefixed b<k>_, inputs first). */
export function blocksDesign(config: PrecisionConfig): Dataflow {
  const parts = ALL_BLOCKS.map(([, build]) => compileGraph(build() as unknown as Graph, { config }));
  return mergeDesigns('conv_blocks', parts);
}

export function mergeDesigns(name: string, parts: readonly Dataflow[]): Dataflow {
  const renamed = parts.map((df, k) => {
    const rn = (s: string): string => `b${k}_${s}`;
    return { nodes: df.nodes.map((n): DfNode => ({ ...n, name: rn(n.name), inputs: n.inputs.map(rn) })), outputs: df.outputs.map(rn) };
  });
  const nodes = [...renamed.flatMap((p) => p.nodes.filter((n) => n.op === 'input')), ...renamed.flatMap((p) => p.nodes.filter((n) => n.op !== 'input'))];
  return { version: parts[0]?.version ?? 1, name, nodes, outputs: renamed.flatMap((p) => p.outputs) } as Dataflow;
}
