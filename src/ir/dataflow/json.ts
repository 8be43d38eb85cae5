/** Dataflow IR ⇄ JSON, with a versioned schema checked by zod on load. */
import { z } from 'zod';
import { assertNever } from '../../core/assert-never.js';
import { CompileError } from '../../core/diagnostics.js';
import { encodeRaw, encodeType, rawJson, typeJson } from '../json-codec.js';
import { CONV_DF_SCHEMAS, convDfNodeToJson } from './conv-json.js';
import { DATAFLOW_IR_VERSION, type Dataflow, type DfNode, type TableSpec } from './types.js';
import { verifyDataflow } from './verify.js';

const base = {
  name: z.string(),
  source: z.string(),
  inputs: z.array(z.string()),
  shape: z.array(z.number().int().positive()),
  type: typeJson,
};
const table = z
  .object({
    fn: z.enum(['sigmoid', 'tanh', 'exp', 'reciprocal']),
    size: z.number().int().positive(),
    loMant: rawJson,
    loExp: z.number().int(),
    stepLog2: z.number().int(),
    sample: z.enum(['left', 'mid']),
    entryType: typeJson,
    entries: z.array(rawJson),
  })
  .strict();

const node = z.discriminatedUnion('op', [
  z.object({ ...base, op: z.literal('input') }).strict(),
  z
    .object({
      ...base,
      op: z.literal('dense'),
      inSize: z.number().int().positive(),
      outSize: z.number().int().positive(),
      weights: z.array(rawJson),
      bias: z.array(rawJson),
      weightType: typeJson,
      biasType: typeJson,
      productType: typeJson,
      accType: typeJson,
      reuseFactor: z.number().int().positive(),
    })
    .strict(),
  z
    .object({
      ...base,
      op: z.literal('scale_shift'),
      scale: z.array(rawJson),
      shift: z.array(rawJson),
      scaleType: typeJson,
      shiftType: typeJson,
      productType: typeJson,
      accType: typeJson,
    })
    .strict(),
  z.object({ ...base, op: z.literal('relu') }).strict(),
  z.object({ ...base, op: z.literal('clip'), lo: rawJson, hi: rawJson, boundType: typeJson }).strict(),
  z.object({ ...base, op: z.literal('leaky_relu'), alpha: rawJson, alphaType: typeJson, productType: typeJson }).strict(),
  z.object({ ...base, op: z.literal('cast') }).strict(),
  z.object({ ...base, op: z.literal('table'), table }).strict(),
  z
    .object({
      ...base,
      op: z.literal('softmax'),
      mode: z.enum(['stable', 'argmax']),
      expTable: table.nullable(),
      invTable: table.nullable(),
      sumType: typeJson.nullable(),
    })
    .strict(),
  z.object({ ...base, op: z.literal('reshape') }).strict(),
  ...CONV_DF_SCHEMAS,
]);

const schema = z
  .object({
    format: z.literal('fixflow-dataflow'),
    version: z.number().int(),
    name: z.string(),
    nodes: z.array(node),
    outputs: z.array(z.string()),
  })
  .strict();

function tableToJson(t: TableSpec): Record<string, unknown> {
  return { ...t, loMant: encodeRaw(t.loMant), entryType: encodeType(t.entryType), entries: t.entries.map(encodeRaw) };
}

function nodeToJson(n: DfNode): Record<string, unknown> {
  const b = { name: n.name, source: n.source, inputs: [...n.inputs], shape: [...n.shape], type: encodeType(n.type) };
  switch (n.op) {
    case 'input':
    case 'relu':
    case 'cast':
    case 'reshape':
      return { ...b, op: n.op };
    case 'dense':
      return {
        ...b,
        op: n.op,
        inSize: n.inSize,
        outSize: n.outSize,
        weights: n.weights.map(encodeRaw),
        bias: n.bias.map(encodeRaw),
        weightType: encodeType(n.weightType),
        biasType: encodeType(n.biasType),
        productType: encodeType(n.productType),
        accType: encodeType(n.accType),
        reuseFactor: n.reuseFactor,
      };
    case 'scale_shift':
      return {
        ...b,
        op: n.op,
        scale: n.scale.map(encodeRaw),
        shift: n.shift.map(encodeRaw),
        scaleType: encodeType(n.scaleType),
        shiftType: encodeType(n.shiftType),
        productType: encodeType(n.productType),
        accType: encodeType(n.accType),
      };
    case 'clip':
      return { ...b, op: n.op, lo: encodeRaw(n.lo), hi: encodeRaw(n.hi), boundType: encodeType(n.boundType) };
    case 'leaky_relu':
      return { ...b, op: n.op, alpha: encodeRaw(n.alpha), alphaType: encodeType(n.alphaType), productType: encodeType(n.productType) };
    case 'table':
      return { ...b, op: n.op, table: tableToJson(n.table) };
    case 'softmax':
      return {
        ...b,
        op: n.op,
        mode: n.mode,
        expTable: n.expTable ? tableToJson(n.expTable) : null,
        invTable: n.invTable ? tableToJson(n.invTable) : null,
        sumType: n.sumType ? encodeType(n.sumType) : null,
      };
    case 'conv':
    case 'pool':
    case 'add':
    case 'concat':
    case 'zero_pad':
    case 'upsample':
    case 'channel_shuffle':
      return convDfNodeToJson(n);
    default:
      return assertNever(n, 'dataflow op');
  }
}

export function dataflowToJson(df: Dataflow): string {
  const doc = { format: 'fixflow-dataflow', version: df.version, name: df.name, nodes: df.nodes.map(nodeToJson), outputs: [...df.outputs] };
  return JSON.stringify(doc, null, 1) + '\n';
}

export function dataflowFromJson(text: string, file?: string): Dataflow {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CompileError('FF002', `not valid JSON: ${(e as Error).message}`, { file });
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version !== DATAFLOW_IR_VERSION) {
    throw new CompileError('FF013', `dataflow IR version ${version} is not supported (this fixflow reads version ${DATAFLOW_IR_VERSION})`, { file, field: 'version' });
  }
  const res = schema.safeParse(raw);
  if (!res.success) {
    const issue = res.error.issues[0];
    throw new CompileError('FF002', `not a fixflow dataflow IR: ${issue?.message ?? 'invalid'}`, { file, field: issue?.path.join('.') });
  }
  const { format: _format, ...rest } = res.data;
  const df = { ...rest, version: DATAFLOW_IR_VERSION } as Dataflow;
  try {
    verifyDataflow(df);
  } catch (e) {
    if (e instanceof CompileError) throw e.at({ file });
    throw e;
  }
  return df;
}
