/**
 * The precision config the lowering reads (src/lower/config.ts defines the
 * format: `model`, `layerType`, `layerName` levels, each with fields
 * weight/bias/result/accum/product as `ap_fixed<…>` spellings). Compression
 * produces plain objects of that shape; this file also resolves the type a
 * config gives one field of one node (layerName over layerType over model).
 */
import { formatType, parseType, type FixedType } from '../../fixed/fixed-type.js';
import type { GraphNode } from '../../ir/graph/types.js';

export const PRECISION_FIELDS = ['weight', 'bias', 'result', 'accum', 'product'] as const;
export type PrecisionField = (typeof PRECISION_FIELDS)[number];

export type LayerPrecision = Partial<Record<PrecisionField, string>>;

export interface PrecisionConfigObject {
  model?: LayerPrecision;
  layerType?: Record<string, LayerPrecision>;
  layerName?: Record<string, LayerPrecision>;
}

/** The type the config assigns to `field` of `node`, or undefined. */
export function resolvePrecision(config: PrecisionConfigObject, node: GraphNode, field: PrecisionField): FixedType | undefined {
  const spelled = config.layerName?.[node.name]?.[field] ?? config.layerType?.[node.op]?.[field] ?? config.model?.[field];
  return spelled === undefined ? undefined : parseType(spelled, `${node.name}.${field}`);
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
      for (const f of PRECISION_FIELDS) if (entry[f] !== undefined) fields[f] = entry[f];
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
