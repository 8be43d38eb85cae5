/**
 * What a compression step reports about a model: parameters, how many are
 * non-zero, the bits the hardware stores for them, and multiply-accumulates.
 *
 * Weight bits count the values the accelerator holds: every kernel entry
 * whose code in its weight type is non-zero, at the weight width, and every
 * bias at its bias width (zero codes are skipped by the dataflow IR's Dense,
 * so they cost nothing when weights are constants; a weight that quantizes
 * to zero is as pruned as one that was zero). `indexedWeightBits` adds a column index per non-zero weight,
 * ceil(log2(inSize)) bits, for designs that store sparse weights in memory.
 * Without a type, a value costs 32 bits (the float32 baseline).
 * Convolutions count the same way per kernel entry (conv/conv-size.ts); their
 * MACs are the kernel's multiplies times the output positions. Pooling, Add
 * and the data-movement ops hold no weights and are counted as no MACs.
 */
import type { Graph } from '../ir/graph/types.js';
import { assertNever } from '../core/assert-never.js';
import { denseInSize } from './graph-edit.js';
import { floatCaster } from './quantize/float-cast.js';
import { resolvePrecision, type PrecisionConfigObject } from './quantize/precision-config.js';
import { convCost } from './conv/conv-size.js';

export interface ModelSize {
  readonly parameters: number;
  readonly nonzeroParameters: number;
  /** parameters · 32 */
  readonly float32Bits: number;
  readonly weightBits: number;
  readonly indexedWeightBits: number;
  /** multiply-accumulates per sample with every weight */
  readonly denseMacs: number;
  /** multiply-accumulates per sample skipping zero weights */
  readonly macs: number;
}

const FLOAT_BITS = 32;

export function measureGraph(graph: Graph, config: PrecisionConfigObject = {}): ModelSize {
  let parameters = 0;
  let nonzero = 0;
  let weightBits = 0;
  let indexBits = 0;
  let denseMacs = 0;
  let macs = 0;
  for (const node of graph.nodes) {
    switch (node.op) {
      case 'dense': {
        const wBits = resolvePrecision(config, node, 'weight')?.width ?? FLOAT_BITS;
        const bBits = resolvePrecision(config, node, 'bias')?.width ?? FLOAT_BITS;
        const wt = resolvePrecision(config, node, 'weight');
        const code = wt === undefined ? (w: number) => w : floatCaster(wt);
        const nzw = node.kernel.reduce((a, w) => a + (code(w) !== 0 ? 1 : 0), 0);
        const nb = node.bias?.length ?? 0;
        const inSize = denseInSize(node);
        parameters += node.kernel.length + nb;
        nonzero += nzw + (node.bias?.reduce((a, b) => a + (b !== 0 ? 1 : 0), 0) ?? 0);
        weightBits += nzw * wBits + nb * bBits;
        indexBits += nzw * Math.max(1, Math.ceil(Math.log2(Math.max(2, inSize))));
        denseMacs += node.kernel.length;
        macs += nzw;
        break;
      }
      case 'batchnorm': {
        // folded into a scale and a shift in hardware
        const c = node.gamma.length;
        const bits = resolvePrecision(config, node, 'weight')?.width ?? FLOAT_BITS;
        parameters += 4 * c;
        nonzero += 4 * c;
        weightBits += 2 * c * bits;
        break;
      }
      case 'conv':
      case 'depthwise_conv':
      case 'separable_conv': {
        const c = convCost(node, config);
        parameters += c.parameters;
        nonzero += c.nonzero;
        weightBits += c.weightBits;
        indexBits += c.indexBits;
        denseMacs += c.denseMacs;
        macs += c.macs;
        break;
      }
      case 'input':
      case 'activation':
      case 'clip':
      case 'leaky_relu':
      case 'softmax':
      case 'reshape':
      case 'pool':
      case 'global_pool':
      case 'zero_pad':
      case 'add':
      case 'concat':
      case 'upsample':
      case 'channel_shuffle':
        break;
      default:
        assertNever(node, 'graph node');
    }
  }
  return {
    parameters,
    nonzeroParameters: nonzero,
    float32Bits: parameters * FLOAT_BITS,
    weightBits,
    indexedWeightBits: weightBits + indexBits,
    denseMacs,
    macs,
  };
}
