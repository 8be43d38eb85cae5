/**
 * The fixed-point types quantization-aware training reproduces, resolved
 * from a precision config: the input type, weight/bias/result (and optional
 * product/accumulator) types of every Dense, Conv and DepthwiseConv, the
 * grid of max pooling and data movement (their input's), and the declared result types of
 * ReLU/linear activations. The forward of QAT then does exactly what the
 * dataflow IR says these layers do.
 */
import { fracBits, type FixedType } from '../../fixed/fixed-type.js';
import type { Graph } from '../../ir/graph/types.js';
import { invalidRequest } from '../request-error.js';
import { resolvePrecision, resolvedType, type PrecisionConfigObject } from './precision-config.js';

export interface DenseQuantTypes {
  readonly weight: FixedType;
  readonly bias: FixedType;
  readonly result: FixedType;
  readonly product?: FixedType;
  readonly accum?: FixedType;
}

export interface QatTypes {
  /** Dense layers */
  readonly dense: ReadonlyMap<string, DenseQuantTypes>;
  /** Conv and DepthwiseConv layers (the same types as a Dense: quantize/exact-conv.ts) */
  readonly conv: ReadonlyMap<string, DenseQuantTypes>;
  /** declared output type of the input and activation nodes */
  readonly casts: ReadonlyMap<string, FixedType>;
  /** the grid (type) every tensor's values lie on, by node name */
  readonly grid: ReadonlyMap<string, FixedType>;
}

/** Widths the float32 tensors of training hold exactly. */
export const MAX_QAT_VALUE_WIDTH = 24;

function need(t: FixedType, layer: string, field: string): FixedType {
  if (t.width > MAX_QAT_VALUE_WIDTH) {
    throw invalidRequest(`${field} type of '${layer}' is ${t.width} bits; QAT holds values exactly only up to ${MAX_QAT_VALUE_WIDTH} bits`, layer, field);
  }
  return t;
}

export function qatTypes(graph: Graph, config: PrecisionConfigObject): QatTypes {
  const dense = new Map<string, DenseQuantTypes>();
  const conv = new Map<string, DenseQuantTypes>();
  const casts = new Map<string, FixedType>();
  const grid = new Map<string, FixedType>();
  const outputs = new Set(graph.outputs);
  for (const node of graph.nodes) {
    const src = grid.get(node.inputs[0] ?? '');
    switch (node.op) {
      case 'input': {
        const t = need(resolvedType(config, node, 'result'), node.name, 'result');
        casts.set(node.name, t);
        grid.set(node.name, t);
        break;
      }
      case 'dense':
      case 'conv':
      case 'depthwise_conv': {
        const q: DenseQuantTypes = {
          weight: need(resolvedType(config, node, 'weight'), node.name, 'weight'),
          bias: need(resolvedType(config, node, 'bias'), node.name, 'bias'),
          result: need(resolvedType(config, node, 'result'), node.name, 'result'),
        };
        const product = resolvePrecision(config, node, 'product');
        const accum = resolvePrecision(config, node, 'accum');
        const full = { ...q, ...(product !== undefined ? { product } : {}), ...(accum !== undefined ? { accum } : {}) };
        if (src === undefined) throw invalidRequest(`input of '${node.name}' has no fixed-point type`, node.name, 'inputs');
        const accFrac = Math.max(fracBits(src) + fracBits(q.weight), fracBits(q.bias));
        const fanIn =
          node.op === 'dense' ? node.kernel.length / Math.max(1, node.units) : node.op === 'conv' ? node.kernel.length / Math.max(1, node.filters) : node.kernelSize.reduce((p, k) => p * k, 1);
        const accInt = src.int + q.weight.int + Math.ceil(Math.log2(fanIn + 2)) + 1;
        if (accFrac + accInt > 52) {
          throw invalidRequest(`exact sums of '${node.name}' need ${accFrac + accInt} bits; QAT supports up to 52`, node.name, 'accum');
        }
        (node.op === 'dense' ? dense : conv).set(node.name, full);
        grid.set(node.name, q.result);
        break;
      }
      case 'activation': {
        if (node.fn !== 'relu' && node.fn !== 'linear') {
          throw invalidRequest(`QAT reproduces ReLU and linear activations exactly, not ${node.fn} ('${node.name}')`, node.name, 'fn');
        }
        const t = need(resolvedType(config, node, 'result'), node.name, 'result');
        casts.set(node.name, t);
        grid.set(node.name, t);
        break;
      }
      case 'reshape':
      case 'zero_pad':
      case 'upsample':
      case 'channel_shuffle':
        // codes move; the type stays
        if (src !== undefined) grid.set(node.name, src);
        break;
      case 'pool':
      case 'global_pool':
        if (node.kind !== 'max') throw invalidRequest(`QAT reproduces max pooling exactly, not average pooling ('${node.name}')`, node.name, 'kind');
        // a compare selects a code: the lowering keeps the input type
        if (src !== undefined) grid.set(node.name, src);
        break;
      case 'separable_conv':
      case 'add':
      case 'concat':
        throw invalidRequest(`QAT does not reproduce ${node.op} exactly yet ('${node.name}')`, node.name, 'op');
      case 'softmax':
        if (!outputs.has(node.name)) throw invalidRequest(`QAT supports softmax only as the graph output ('${node.name}')`, node.name);
        break;
      case 'batchnorm':
      case 'clip':
      case 'leaky_relu':
        throw invalidRequest(`QAT does not reproduce ${node.op} exactly ('${node.name}'); fold or remove it first`, node.name);
      default:
        throw invalidRequest(`unsupported node in QAT: '${(node as { name: string }).name}'`);
    }
  }
  return { dense, conv, casts, grid };
}
