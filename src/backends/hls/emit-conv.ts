/**
 * Convolution (1D/2D, grouped, depthwise): the library's sliding window
 * (fx_window.h) feeds a per-pixel kernel emitted here, which lists for each
 * output channel only its nonzero weights in the IR's order (ky, kx, ci
 * ascending), as dense does: ±2^k weights become shift terms, the rest
 * multiplications; zero weights emit nothing. Taps in the padding are
 * skipped (`if (ok[tap])`), so a padded position never reaches the
 * accumulator. The pixel kernel pipelines with II = reuse factor and at most
 * ceil(multiplications / reuse factor) multipliers.
 */
import { shapeSize } from '../../ir/graph/types.js';
import { fracBits } from '../../fixed/fixed-type.js';
import type { DfConv } from '../../ir/dataflow/conv-types.js';
import { foldPragmas, macConstants, multiplierLimit, powerOfTwo } from './emit-dense.js';
import { badNode, inTypedef, requireInput, typedef, ucount, type LayerCode, type LayerInput } from './layer-code.js';
import { hasPadding, windowConfig, windowPlane } from './window-geometry.js';

export interface ConvStats {
  readonly taps: number;
  readonly nonzero: number;
  readonly multipliers: number;
  readonly shifts: number;
}

export function convStats(node: DfConv): ConvStats {
  let nonzero = 0;
  let shifts = 0;
  for (const w of node.weights) {
    if (w === 0n) continue;
    nonzero++;
    if (powerOfTwo(w) !== null) shifts++;
  }
  return { taps: node.weights.length, nonzero, multipliers: nonzero - shifts, shifts };
}

export function emitConv(node: DfConv, inputOrNull: LayerInput | null): LayerCode {
  const input = requireInput(node, inputOrNull);
  const p = windowPlane(node);
  const O = node.outChannels;
  const G = node.groups;
  if (!Number.isInteger(G) || G < 1 || p.chan % G !== 0 || O % G !== 0) throw badNode(node, 'groups', `groups = ${G} must divide ${p.chan} input and ${O} output channels`);
  const Cg = p.chan / G;
  const Og = O / G;
  const taps = p.kH * p.kW * Cg;
  if (node.weights.length !== O * taps) throw badNode(node, 'weights', `has ${node.weights.length} weights, expected ${O}·${taps}`);
  if (node.bias.length !== O) throw badNode(node, 'bias', `has ${node.bias.length} biases, expected ${O}`);
  if (input.size !== p.inH * p.inW * p.chan) throw badNode(node, 'inShape', `input has ${input.size} elements, inShape [${node.inShape.join(', ')}] has ${p.inH * p.inW * p.chan}`);
  if (shapeSize(node.shape) !== p.outH * p.outW * O) throw badNode(node, 'shape', `shape [${node.shape.join(', ')}] is not ${p.outH}·${p.outW}·${O}`);
  const rf = node.reuseFactor;
  if (!Number.isInteger(rf) || rf < 1) throw badNode(node, 'reuseFactor', `reuse factor must be a positive integer, got ${rf}`);

  const padded = hasPadding(p);
  const fw = fracBits(node.weightType);
  const mults: bigint[] = [];
  const terms: string[] = [];
  for (let o = 0; o < O; o++) {
    const g = Math.floor(o / Og);
    terms.push(`    acc = b[${o}];`);
    for (let ky = 0; ky < p.kH; ky++) {
      for (let kx = 0; kx < p.kW; kx++) {
        const tap = ky * p.kW + kx;
        for (let ci = 0; ci < Cg; ci++) {
          const w = node.weights[((o * p.kH + ky) * p.kW + kx) * Cg + ci] ?? 0n;
          if (w === 0n) continue;
          const xi = `x[${tap * p.chan + g * Cg + ci}]`;
          const k = powerOfTwo(w);
          let term: string;
          if (k !== null) {
            term = `fx_nn::mac_shift<config, ${k - fw}, ${w < 0n}>(acc, ${xi});`;
          } else {
            term = `fx_nn::mac<config>(acc, ${xi}, w[${mults.length}]);`;
            mults.push(w);
          }
          terms.push(padded ? `    if (ok[${tap}]) ${term}` : `    ${term}`);
        }
      }
    }
    terms.push(`    y[${o}] = acc;`);
  }
  const stats = convStats(node);
  const pragmas = foldPragmas(stats.multipliers, rf, '    ');
  const constants = macConstants(node, mults, 'pixel()');

  const nIn = p.inH * p.inW * p.chan;
  const nOut = p.outH * p.outW * O;
  const kind = G === 1 ? '' : G === p.chan && Cg === 1 ? ' depthwise' : ` ${G} groups`;
  return {
    summary:
      `conv${kind} ${p.kH}x${p.kW} stride ${p.sH}x${p.sW}, [${p.inH}, ${p.inW}, ${p.chan}] -> [${p.outH}, ${p.outW}, ${O}], reuse factor ${rf}, ` +
      `${stats.nonzero} nonzero weights (${stats.multipliers} multiplications, ${stats.shifts} shifts)`,
    config: [
      inTypedef(input),
      typedef('out_t', node.type),
      typedef('weight_t', node.weightType),
      typedef('bias_t', node.biasType),
      typedef('product_t', node.productType),
      typedef('accum_t', node.accType),
      ...windowConfig(p, O),
      ucount('n_groups', G),
      ucount('reuse_factor', rf),
      ucount('n_nonzero', stats.nonzero),
      ucount('n_mult', stats.multipliers),
      ucount('multiplier_limit', multiplierLimit(stats.multipliers, rf)),
    ],
    constants,
    body: {
      kind: 'functions',
      helpers: [
        '// One output pixel, all channels: x is the window (tap-major, channels inner), ok marks the taps inside the image.',
        'struct pixel {',
        '  void operator()(const config::in_t x[config::k_h * config::k_w * config::n_chan], const bool ok[config::k_h * config::k_w], config::out_t y[config::n_out]) const {',
        ...pragmas,
        ...(padded ? [] : ['    (void)ok;']),
        '    config::accum_t acc;',
        ...terms,
        '  }',
        '};',
        '',
      ],
      parallel: [
        `inline void compute(const config::in_t x[${nIn}], config::out_t y[${nOut}]) {`,
        '  FX_PRAGMA(HLS INLINE)',
        '  fx_nn::window_parallel<config>(x, y, pixel());',
        '}',
      ],
      stream: ['inline void compute_stream(hls::stream<config::in_t>& xs, hls::stream<config::out_t>& ys) {', '  fx_nn::window_stream<config>(xs, ys, pixel());', '}'],
    },
  };
}
