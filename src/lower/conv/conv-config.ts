/**
 * Precision configuration of the conv ops: their `layerType` keys (Keras
 * class names) and the resolution of their types through config.ts's
 * resolveLayer, so the precedence (layerName > model-file annotation >
 * layerType > model > default) is exactly the one of every other layer.
 */
import { parseType, type FixedType } from '../../fixed/fixed-type.js';
import type { ConvGraphNode } from '../../ir/graph/conv-types.js';
import { resolveLayer, type PrecisionConfig, type ResolvedTypes } from '../config.js';

import { convLayerTypeKey } from '../../ir/graph/conv-layer-key.js';
export { CONV_LAYER_TYPE_KEYS, convLayerTypeKey, type ConvLayerTypeKey } from '../../ir/graph/conv-layer-key.js';

/** Reciprocal type of average pooling when the layer sets no `weight` type: 17 fractional bits, holds 1. */
export const DEFAULT_RECIP_TYPE = 'ap_ufixed<18,1,RND,SAT>';

/** The types of one conv-op layer: resolveLayer's precedence, as for every other layer. */
export function resolveConvLayer(cfg: PrecisionConfig, node: ConvGraphNode): ResolvedTypes {
  return resolveLayer(cfg, node);
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
