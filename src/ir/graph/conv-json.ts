/**
 * zod schemas of the graph conv ops, for json.ts's discriminated union
 * (merge: spread CONV_GRAPH_SCHEMAS into it; json.ts's generic nodeToJson
 * already writes these nodes).
 */
import { z } from 'zod';
import { typeJson } from '../json-codec.js';

const quant = z.object({ weight: typeJson.optional(), bias: typeJson.optional(), result: typeJson.optional() }).strict();
const base = { name: z.string(), inputs: z.array(z.string()), shape: z.array(z.number().int().positive()), quant: quant.optional() };
const nums = z.array(z.number());
const ints = z.array(z.number().int());
const explicit = z.object({ before: ints, after: ints }).strict();
const padding = z.union([z.literal('valid'), z.literal('same'), explicit]);
const window = { kernelSize: ints, strides: ints, padding };

export const CONV_GRAPH_SCHEMAS = [
  z.object({ ...base, ...window, op: z.literal('conv'), groups: z.number().int(), filters: z.number().int(), kernel: nums, bias: nums.nullable() }).strict(),
  z.object({ ...base, ...window, op: z.literal('depthwise_conv'), depthMultiplier: z.number().int(), kernel: nums, bias: nums.nullable() }).strict(),
  z
    .object({
      ...base,
      ...window,
      op: z.literal('separable_conv'),
      depthMultiplier: z.number().int(),
      filters: z.number().int(),
      depthwiseKernel: nums,
      pointwiseKernel: nums,
      bias: nums.nullable(),
    })
    .strict(),
  z.object({ ...base, op: z.literal('pool'), kind: z.enum(['max', 'avg']), poolSize: ints, strides: ints, padding, countIncludePad: z.boolean() }).strict(),
  z.object({ ...base, op: z.literal('global_pool'), kind: z.enum(['max', 'avg']) }).strict(),
  z.object({ ...base, op: z.literal('zero_pad'), padding: explicit }).strict(),
  z.object({ ...base, op: z.literal('add') }).strict(),
  z.object({ ...base, op: z.literal('concat') }).strict(),
  z.object({ ...base, op: z.literal('upsample'), size: ints }).strict(),
  z.object({ ...base, op: z.literal('channel_shuffle'), groups: z.number().int() }).strict(),
] as const;
