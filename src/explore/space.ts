/**
 * The search space of a sweep (a YAML or JSON file, or an object): lists of
 * candidate precisions (for the whole model, or per named layer), reuse
 * factors, pruning ratios and low-rank ranks; its points are their cartesian
 * product, enumerated in a fixed order.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CompileError } from '../core/diagnostics.js';
import { parseType } from '../fixed/fixed-type.js';
import { configSchema } from '../lower/config.js';

const verilogSchema = z
  .object({
    constMult: z.enum(['dsp', 'lut']).optional(),
    shiftAddTerms: z.number().int().min(0).max(64).optional(),
    stageLevels: z.number().int().min(1).max(64).optional(),
    mulLevels: z.number().int().min(0).max(64).optional(),
  })
  .strict();

export const spaceSchema = z
  .object({
    /** layers that get their own precision; absent: one precision for the whole model */
    layers: z.array(z.string()).optional(),
    precision: z.array(z.string()),
    reuseFactor: z.array(z.number().int().positive()).default([1]),
    /** fraction of each Dense kernel zeroed by magnitude, in [0, 1) */
    prune: z.array(z.number().min(0).lt(1)).default([0]),
    /** rank of the low-rank factorization of `rankLayers`; 0 keeps them whole */
    rank: z.array(z.number().int().min(0)).default([0]),
    rankLayers: z.array(z.string()).optional(),
    /** base precision configuration under every point (e.g. softmax tables) */
    config: configSchema.optional(),
    /** Verilog backend options the estimate assumes */
    verilog: verilogSchema.optional(),
  })
  .strict();

export type SearchSpace = z.infer<typeof spaceSchema>;

export interface Point {
  /** one per entry of space.layers, or one for the whole model */
  readonly precision: readonly string[];
  readonly reuseFactor: number;
  readonly prune: number;
  readonly rank: number;
}

export function parseSpace(raw: unknown, file?: string): SearchSpace {
  const res = spaceSchema.safeParse(raw ?? {});
  if (!res.success) {
    const issue = res.error.issues[0];
    throw new CompileError('FF007', `invalid search space: ${issue?.message ?? 'unknown problem'}`, { file, field: issue?.path.map(String).join('.') });
  }
  res.data.precision.forEach((t, i) => {
    try {
      parseType(t);
    } catch (e) {
      if (e instanceof CompileError) throw new CompileError('FF009', e.message, { file, field: `precision.${i}` });
      throw e;
    }
  });
  return res.data;
}

export function loadSpace(path: string): SearchSpace {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CompileError('FF001', 'search space file not found or unreadable', { file: path });
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new CompileError('FF007', `search space is not valid YAML: ${(e as Error).message.split('\n')[0] ?? ''}`, { file: path });
  }
  return parseSpace(raw, path);
}

export function pointCount(s: SearchSpace): number {
  const perLayer = s.layers ? s.layers.length : 1;
  return s.precision.length ** perLayer * s.reuseFactor.length * s.prune.length * s.rank.length;
}

/** Every point, in a fixed order; FF024 when there are none. */
export function enumeratePoints(s: SearchSpace, file?: string): Point[] {
  const n = pointCount(s);
  if (n === 0) {
    const empty = (['precision', 'reuseFactor', 'prune', 'rank', 'layers'] as const).filter((k) => Array.isArray(s[k]) && (s[k] as unknown[]).length === 0);
    throw new CompileError('FF024', `the search space has no points: ${empty.map((k) => `'${k}'`).join(', ')} ${empty.length === 1 ? 'is' : 'are'} empty`, { file, field: empty[0] });
  }
  const slots = s.layers ? s.layers.length : 1;
  let combos: string[][] = [[]];
  for (let k = 0; k < slots; k++) combos = combos.flatMap((c) => s.precision.map((p) => [...c, p]));
  const out: Point[] = [];
  for (const precision of combos) for (const reuseFactor of s.reuseFactor) for (const prune of s.prune) for (const rank of s.rank) out.push({ precision, reuseFactor, prune, rank });
  return out;
}
