/**
 * The precision config the lowering reads (src/lower/config.ts defines the
 * format: `model`, `layerType`, `layerName` levels, each with fields
 * weight/bias/result/accum/product as `ap_fixed<…>` spellings). Compression
 * produces plain objects of that shape; this file also resolves the type a
 * config gives one field of one node (layerName over layerType over model).
 */
import { assertNever } from '../../core/assert-never.js';
import { formatType, parseType, type FixedType } from '../../fixed/fixed-type.js';
import type { GraphNode } from '../../ir/graph/types.js';
import { convLayerTypeKey } from '../../ir/graph/conv-layer-key.js';

export const PRECISION_FIELDS = ['weight', 'bias', 'result', 'accum', 'product'] as const;
export type PrecisionField = (typeof PRECISION_FIELDS)[number];

/** One level of the config; `default` is the lowering's shorthand for every type not given. */
export type LayerPrecision = Partial<Record<PrecisionField | 'default', string>>;

export interface PrecisionConfigObject {
  model?: LayerPrecision;
  layerType?: Record<string, LayerPrecision>;
  layerName?: Record<string, LayerPrecision>;
}

/** The lowering's built-in type for anything the config leaves open. */
export const LOWERING_DEFAULT_TYPE = 'ap_fixed<16,6>';

/** The `layerType` key of a node, as the lowering spells it (src/lower/config.ts). */
export function layerTypeKey(node: GraphNode): string {
  switch (node.op) {
    case 'input':
      return 'Input';
    case 'dense':
      return 'Dense';
    case 'batchnorm':
      return 'BatchNormalization';
    case 'activation':
      return node.fn === 'linear' ? 'Linear' : node.fn === 'relu' ? 'ReLU' : node.fn === 'sigmoid' ? 'Sigmoid' : 'Tanh';
    case 'clip':
      return 'Clip';
    case 'leaky_relu':
      return 'LeakyReLU';
    case 'softmax':
      return 'Softmax';
    case 'reshape':
      return 'Reshape';
    case 'conv':
    case 'depthwise_conv':
    case 'separable_conv':
    case 'pool':
    case 'global_pool':
    case 'zero_pad':
    case 'add':
    case 'concat':
    case 'upsample':
    case 'channel_shuffle':
      return convLayerTypeKey(node);
    default:
      return assertNever(node, 'graph node');
  }
}

/**
 * The type the config gives `field` of `node`, with the lowering's
 * precedence: layerName, the node's quantization annotation, layerName's
 * default, then layerType and model (each field before default); product and
 * accum take no default. Undefined when nothing gives one.
 */
export function resolvePrecision(config: PrecisionConfigObject, node: GraphNode, field: PrecisionField): FixedType | undefined {
  const byName = config.layerName?.[node.name];
  const byType = config.layerType?.[layerTypeKey(node)];
  const where = `${node.name}.${field}`;
  const usesDefault = field !== 'product' && field !== 'accum';
  if (byName?.[field] !== undefined) return parseType(byName[field], where);
  if (field !== 'product' && field !== 'accum' && node.quant?.[field] !== undefined) return node.quant[field];
  if (usesDefault && byName?.default !== undefined) return parseType(byName.default, where);
  for (const lc of [byType, config.model]) {
    if (lc?.[field] !== undefined) return parseType(lc[field], where);
    if (usesDefault && lc?.default !== undefined) return parseType(lc.default, where);
  }
  return undefined;
}

/** As resolvePrecision, falling back to the lowering's default type. */
export function resolvedType(config: PrecisionConfigObject, node: GraphNode, field: 'weight' | 'bias' | 'result'): FixedType {
  return resolvePrecision(config, node, field) ?? parseType(LOWERING_DEFAULT_TYPE);
}

/** A copy of `config` with `field` of layer `name` set to `type`. */
export function withLayerType(config: PrecisionConfigObject, name: string, field: PrecisionField, type: FixedType): PrecisionConfigObject {
  const layerName = { ...(config.layerName ?? {}) };
  layerName[name] = { ...(layerName[name] ?? {}), [field]: formatType(type) };
  return { ...config, layerName };
}

/** Layer entries in a stable order (sorted by layer name), for byte-identical output. */
export function sortedConfig(config: PrecisionConfigObject): PrecisionConfigObject {
  const sortRec = (r: Record<string, LayerPrecision> | undefined): Record<string, LayerPrecision> | undefined => {
    if (r === undefined) return undefined;
    const out: Record<string, LayerPrecision> = {};
    for (const k of Object.keys(r).sort()) {
      const entry = r[k] ?? {};
      const fields: LayerPrecision = {};
      for (const f of ['default', ...PRECISION_FIELDS] as const) if (entry[f] !== undefined) fields[f] = entry[f];
      out[k] = fields;
    }
    return out;
  };
  const out: PrecisionConfigObject = {};
  if (config.model !== undefined) out.model = config.model;
  const lt = sortRec(config.layerType);
  if (lt !== undefined) out.layerType = lt;
  const ln = sortRec(config.layerName);
  if (ln !== undefined) out.layerName = ln;
  return out;
}
