/**
 * JSON of the dataflow conv ops, in the encoding of json.ts (types as their
 * ap_fixed spelling, raw codes as numbers or decimal strings). Merge: spread
 * CONV_DF_SCHEMAS into json.ts's discriminated union and add
 * `case 'conv': … return convDfNodeToJson(n);` to its nodeToJson.
 */
import { z } from 'zod';
import { assertNever } from '../../core/assert-never.js';
import { encodeRaw, encodeType, rawJson, typeJson } from '../json-codec.js';
import type { ConvDfNode, PoolAverage, WindowSpec } from './conv-types.js';

const base = {
  name: z.string(),
  source: z.string(),
  inputs: z.array(z.string()),
  shape: z.array(z.number().int().positive()),
  type: typeJson,
};
const ints = z.array(z.number().int());
const window = { inShape: z.array(z.number().int().positive()), kernelSize: ints, strides: ints, padBefore: ints, padAfter: ints };
const average = z
  .object({
    divisor: z.enum(['valid', 'window']),
    sumType: typeJson,
    recipType: typeJson,
    counts: ints,
    recips: z.array(rawJson),
  })
  .strict();

export const CONV_DF_SCHEMAS = [
  z
    .object({
      ...base,
      ...window,
      op: z.literal('conv'),
      groups: z.number().int().positive(),
      outChannels: z.number().int().positive(),
      weights: z.array(rawJson),
      bias: z.array(rawJson),
      weightType: typeJson,
      biasType: typeJson,
      productType: typeJson,
      accType: typeJson,
      reuseFactor: z.number().int().positive(),
    })
    .strict(),
  z.object({ ...base, ...window, op: z.literal('pool'), kind: z.enum(['max', 'avg']), average: average.nullable() }).strict(),
  z.object({ ...base, op: z.literal('add') }).strict(),
  z.object({ ...base, op: z.literal('concat') }).strict(),
  z.object({ ...base, op: z.literal('zero_pad'), padBefore: ints, padAfter: ints }).strict(),
  z.object({ ...base, op: z.literal('upsample'), factors: ints }).strict(),
  z.object({ ...base, op: z.literal('channel_shuffle'), perm: ints }).strict(),
] as const;

function windowJson(n: WindowSpec): Record<string, unknown> {
  return { inShape: [...n.inShape], kernelSize: [...n.kernelSize], strides: [...n.strides], padBefore: [...n.padBefore], padAfter: [...n.padAfter] };
}

function averageJson(a: PoolAverage): Record<string, unknown> {
  return {
    divisor: a.divisor,
    sumType: encodeType(a.sumType),
    recipType: encodeType(a.recipType),
    counts: [...a.counts],
    recips: a.recips.map(encodeRaw),
  };
}

export function convDfNodeToJson(n: ConvDfNode): Record<string, unknown> {
  const b = { name: n.name, source: n.source, inputs: [...n.inputs], shape: [...n.shape], type: encodeType(n.type) };
  switch (n.op) {
    case 'conv':
      return {
        ...b,
        ...windowJson(n),
        op: n.op,
        groups: n.groups,
        outChannels: n.outChannels,
        weights: n.weights.map(encodeRaw),
        bias: n.bias.map(encodeRaw),
        weightType: encodeType(n.weightType),
        biasType: encodeType(n.biasType),
        productType: encodeType(n.productType),
        accType: encodeType(n.accType),
        reuseFactor: n.reuseFactor,
      };
    case 'pool':
      return { ...b, ...windowJson(n), op: n.op, kind: n.kind, average: n.average ? averageJson(n.average) : null };
    case 'add':
    case 'concat':
      return { ...b, op: n.op };
    case 'zero_pad':
      return { ...b, op: n.op, padBefore: [...n.padBefore], padAfter: [...n.padAfter] };
    case 'upsample':
      return { ...b, op: n.op, factors: [...n.factors] };
    case 'channel_shuffle':
      return { ...b, op: n.op, perm: [...n.perm] };
    default:
      return assertNever(n, 'dataflow op');
  }
}
