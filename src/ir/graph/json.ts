/** Graph IR ⇄ JSON, with a versioned schema checked by zod on load. */
import { z } from 'zod';
import { CompileError } from '../../core/diagnostics.js';
import { encodeType, typeJson } from '../json-codec.js';
import { CONV_GRAPH_SCHEMAS } from './conv-json.js';
import { GRAPH_IR_VERSION, type Graph, type GraphNode } from './types.js';
import { verifyGraph } from './verify.js';

const quant = z.object({ weight: typeJson.optional(), bias: typeJson.optional(), result: typeJson.optional() }).strict();
const base = { name: z.string(), inputs: z.array(z.string()), shape: z.array(z.number().int().positive()), quant: quant.optional() };
const nums = z.array(z.number());

const node = z.discriminatedUnion('op', [
  z.object({ ...base, op: z.literal('input') }).strict(),
  z.object({ ...base, op: z.literal('dense'), units: z.number().int().positive(), kernel: nums, bias: nums.nullable() }).strict(),
  z.object({ ...base, op: z.literal('batchnorm'), gamma: nums, beta: nums, mean: nums, variance: nums, epsilon: z.number() }).strict(),
  z.object({ ...base, op: z.literal('activation'), fn: z.enum(['linear', 'relu', 'sigmoid', 'tanh']) }).strict(),
  z.object({ ...base, op: z.literal('clip'), min: z.number(), max: z.number() }).strict(),
  z.object({ ...base, op: z.literal('leaky_relu'), alpha: z.number() }).strict(),
  z.object({ ...base, op: z.literal('softmax') }).strict(),
  z.object({ ...base, op: z.literal('reshape') }).strict(),
  ...CONV_GRAPH_SCHEMAS,
]);

const schema = z.object({ format: z.literal('fixflow-graph'), version: z.number().int(), name: z.string(), nodes: z.array(node), outputs: z.array(z.string()) }).strict();

const FIRST_KEYS = ['name', 'inputs', 'shape', 'quant', 'op'];

function nodeToJson(n: GraphNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const src = n as unknown as Record<string, unknown>;
  for (const k of FIRST_KEYS) if (src[k] !== undefined) out[k] = src[k];
  for (const k of Object.keys(src).sort()) if (!FIRST_KEYS.includes(k)) out[k] = src[k];
  if (n.quant) {
    const q: Record<string, string> = {};
    if (n.quant.weight) q.weight = encodeType(n.quant.weight);
    if (n.quant.bias) q.bias = encodeType(n.quant.bias);
    if (n.quant.result) q.result = encodeType(n.quant.result);
    out.quant = q;
  }
  return out;
}

export function graphToJson(g: Graph): string {
  return JSON.stringify({ format: 'fixflow-graph', version: g.version, name: g.name, nodes: g.nodes.map(nodeToJson), outputs: g.outputs }, null, 1) + '\n';
}

export function graphFromJson(text: string, file?: string): Graph {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CompileError('FF002', `not valid JSON: ${(e as Error).message}`, { file });
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version !== GRAPH_IR_VERSION) {
    throw new CompileError('FF013', `graph IR version ${version} is not supported (this fixflow reads version ${GRAPH_IR_VERSION})`, { file, field: 'version' });
  }
  const res = schema.safeParse(raw);
  if (!res.success) {
    const issue = res.error.issues[0];
    throw new CompileError('FF002', `not a fixflow graph IR: ${issue?.message ?? 'invalid'}`, { file, field: issue?.path.join('.') });
  }
  const { format: _format, ...rest } = res.data;
  const g = { ...rest, version: GRAPH_IR_VERSION } as Graph;
  verifyGraph(g, file);
  return g;
}
