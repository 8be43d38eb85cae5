/**
 * Precision configuration of the conv ops: their `layerType` keys (Keras
 * class names) and the resolution of their types through config.ts's
 * resolveLayer, so the precedence (layerName > model-file annotation >
 * layerType > model > default) is exactly the one of every other layer.
 */
import { parseType, type FixedType } from '../../fixed/fixed-type.js';
import type { ConvGraphNode } from '../../ir/graph/conv-types.js';
import type { GraphNode } from '../../ir/graph/types.js';
import { resolveLayer, type PrecisionConfig, type ResolvedTypes } from '../config.js';

export const CONV_LAYER_TYPE_KEYS = [
  'Conv1D',
  'Conv2D',
  'DepthwiseConv1D',
  'DepthwiseConv2D',
  'SeparableConv1D',
  'SeparableConv2D',
  'MaxPooling1D',
  'MaxPooling2D',
  'AveragePooling1D',
  'AveragePooling2D',
  'GlobalAveragePooling',
  'GlobalMaxPooling',
  'ZeroPadding1D',
  'ZeroPadding2D',
  'Add',
  'Concatenate',
  'UpSampling1D',
  'UpSampling2D',
  'ChannelShuffle',
] as const;

export type ConvLayerTypeKey = (typeof CONV_LAYER_TYPE_KEYS)[number];

/** Reciprocal type of average pooling when the layer sets no `weight` type: 17 fractional bits, holds 1. */
export const DEFAULT_RECIP_TYPE = 'ap_ufixed<18,1,RND,SAT>';

function dims(n: number): '1D' | '2D' {
  return n === 1 ? '1D' : '2D';
}

export function convLayerTypeKey(node: ConvGraphNode): ConvLayerTypeKey {
  switch (node.op) {
    case 'conv':
      return `Conv${dims(node.kernelSize.length)}`;
    case 'depthwise_conv':
      return `DepthwiseConv${dims(node.kernelSize.length)}`;
    case 'separable_conv':
      return `SeparableConv${dims(node.kernelSize.length)}`;
    case 'pool':
      return node.kind === 'max' ? `MaxPooling${dims(node.poolSize.length)}` : `AveragePooling${dims(node.poolSize.length)}`;
    case 'global_pool':
      return node.kind === 'max' ? 'GlobalMaxPooling' : 'GlobalAveragePooling';
    case 'zero_pad':
      return `ZeroPadding${dims(node.padding.before.length)}`;
    case 'add':
      return 'Add';
    case 'concat':
      return 'Concatenate';
    case 'upsample':
      return `UpSampling${dims(node.size.length)}`;
    case 'channel_shuffle':
      return 'ChannelShuffle';
  }
}

/**
 * The types of one conv-op layer. Until the merge, resolveLayer only knows
 * GraphNode: it is given a stand-in node with this layer's name and
 * annotation, and a configuration whose layer-type entry for the stand-in's
 * kind is this layer type's entry. After the merge this is resolveLayer.
 */
export function resolveConvLayer(cfg: PrecisionConfig, node: ConvGraphNode): ResolvedTypes {
  const byType = cfg.layerType?.[convLayerTypeKey(node)];
  const standIn: GraphNode = { op: 'input', name: node.name, inputs: [], shape: node.shape, ...(node.quant ? { quant: node.quant } : {}) };
  return resolveLayer({ ...cfg, layerType: byType ? { Input: byType } : {} }, standIn);
}

/**
 * The reciprocal type of an average pooling: the `weight` type set for this
 * layer by name or by layer type, else DEFAULT_RECIP_TYPE (model-wide weight
 * types are for weights, usually too coarse for 1/n).
 */
export function reciprocalType(cfg: PrecisionConfig, node: ConvGraphNode): FixedType {
  const byName = cfg.layerName?.[node.name]?.weight;
  if (byName !== undefined) return parseType(byName, `layerName.${node.name}.weight`);
  const key = convLayerTypeKey(node);
  const byType = cfg.layerType?.[key]?.weight;
  if (byType !== undefined) return parseType(byType, `layerType.${key}.weight`);
  return parseType(DEFAULT_RECIP_TYPE);
}
