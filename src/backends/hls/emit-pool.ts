/**
 * Pooling (max, average; windowed and global) on the library's sliding
 * window with the library's pool kernels (fx_pool.h). Average pooling's
 * reciprocals are emitted indexed by the divisor n (0 .. window size), so the
 * kernel reads recip[n]; entries for divisors that never occur are 0 and
 * never read.
 */
import { shapeSize } from '../../ir/graph/types.js';
import type { DfPool } from '../../ir/dataflow/conv-types.js';
import { cppArrayInit } from './cpp-constant.js';
import { badNode, inTypedef, requireInput, typedef, ucount, type LayerCode, type LayerInput } from './layer-code.js';
import { windowConfig, windowPlane } from './window-geometry.js';

export function emitPool(node: DfPool, inputOrNull: LayerInput | null): LayerCode {
  const input = requireInput(node, inputOrNull);
  const p = windowPlane(node);
  if (input.size !== p.inH * p.inW * p.chan) throw badNode(node, 'inShape', `input has ${input.size} elements, inShape [${node.inShape.join(', ')}] has ${p.inH * p.inW * p.chan}`);
  if (shapeSize(node.shape) !== p.outH * p.outW * p.chan) throw badNode(node, 'shape', `shape [${node.shape.join(', ')}] is not ${p.outH}·${p.outW}·${p.chan}`);
  const window = p.kH * p.kW;
  const config = [inTypedef(input), typedef('out_t', node.type), ...windowConfig(p, p.chan), ucount('reuse_factor', 1)];
  const nIn = p.inH * p.inW * p.chan;
  const nOut = p.outH * p.outW * p.chan;
  const summary = `${node.kind} pool ${p.kH}x${p.kW} stride ${p.sH}x${p.sW}, [${p.inH}, ${p.inW}, ${p.chan}] -> [${p.outH}, ${p.outW}, ${p.chan}]`;
  const functions = (fn: string): LayerCode['body'] => ({
    kind: 'functions',
    helpers: [],
    parallel: [`inline void compute(const config::in_t x[${nIn}], config::out_t y[${nOut}]) {`, '  FX_PRAGMA(HLS INLINE)', `  fx_nn::window_parallel<config>(x, y, ${fn});`, '}'],
    stream: ['inline void compute_stream(hls::stream<config::in_t>& xs, hls::stream<config::out_t>& ys) {', `  fx_nn::window_stream<config>(xs, ys, ${fn});`, '}'],
  });
  if (node.kind === 'max') return { summary, config, constants: [], body: functions('fx_nn::max_pool_fn<config>()') };
  const avg = node.average;
  if (!avg) throw badNode(node, 'average', 'average pooling needs its sum type and reciprocals');
  if (avg.counts.length !== avg.recips.length) throw badNode(node, 'average.recips', `${avg.counts.length} counts but ${avg.recips.length} reciprocals`);
  const byCount = Array.from({ length: window + 1 }, () => 0n);
  avg.counts.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 1 || n > window) throw badNode(node, 'average.counts', `divisor ${n} is not in 1..${window}`);
    byCount[n] = avg.recips[i] ?? 0n;
  });
  return {
    summary: `${summary}, divisor ${avg.divisor}`,
    config: [...config, typedef('sum_t', avg.sumType), typedef('recip_t', avg.recipType), `  static const bool count_window = ${avg.divisor === 'window'};`],
    constants: [
      `// recip[n] = 1/n as recip_t for every divisor n that occurs (counts ${avg.counts.join(', ')}); other entries are never read.`,
      `static const config::recip_t recip[${window + 1}] = {`,
      ...cppArrayInit(byCount, avg.recipType),
      '};',
    ],
    body: functions('fx_nn::avg_pool_fn<config>(recip)'),
  };
}
