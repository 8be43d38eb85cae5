/**
 * Stable identity of a point: SHA-256 of a canonical JSON (sorted keys) of
 * everything its result depends on: the model's bytes, the validation data,
 * the space's fixed parts (base config, Verilog options, layer lists) and
 * the point itself. Equal inputs give the same key in every process.
 */
import { createHash } from 'node:crypto';
import type { DataSpec } from './data.js';
import type { Point, SearchSpace } from './space.js';

/** Bump when the meaning of a stored result changes (estimator or accuracy rules). */
export const RESULT_VERSION = 1;

export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The part of a sweep shared by all its points. */
export interface SweepIdentity {
  readonly modelDigest: string;
  readonly data: DataSpec;
  readonly space: Omit<SearchSpace, 'precision' | 'reuseFactor' | 'prune' | 'rank'>;
}

export function sweepIdentity(modelDigest: string, data: DataSpec, space: SearchSpace): SweepIdentity {
  return { modelDigest, data, space: { layers: space.layers, rankLayers: space.rankLayers, config: space.config, verilog: space.verilog } };
}

export function pointKey(id: SweepIdentity, p: Point): string {
  return sha256(canonicalJson({ v: RESULT_VERSION, id, p }));
}
