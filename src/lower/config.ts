/**
 * The precision configuration users edit, at three levels as in hls4ml:
 * `model` (defaults for every layer), `layerType` (per kind of layer),
 * `layerName` (per layer). The most specific level wins; a quantization
 * annotation from the model file (QKeras, QONNX) sits between layerName and
 * layerType.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CompileError } from '../core/diagnostics.js';
import { parseType, type FixedType } from '../fixed/fixed-type.js';
import type { Graph, GraphNode } from '../ir/graph/types.js';
import { CONV_LAYER_TYPE_KEYS, convLayerTypeKey } from './conv/conv-config.js';

const typeString = z.string();
const tableSchema = z
  .object({
    size: z.number().int().positive().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    entry: typeString.optional(),
  })
  .strict();

const layerSchema = z
  .object({
    /** shorthand: every type of the layer not given otherwise */
    default: typeString.optional(),
    weight: typeString.optional(),
    bias: typeString.optional(),
    product: typeString.optional(),
    accum: typeString.optional(),
    result: typeString.optional(),
    /** LeakyReLU's alpha constant */
    alpha: typeString.optional(),
    reuseFactor: z.number().int().positive().optional(),
    /** sigmoid / tanh table */
    table: tableSchema.optional(),
    /** softmax */
    softmax: z
      .object({
        mode: z.enum(['stable', 'argmax']).optional(),
        exp: tableSchema.optional(),
        inv: tableSchema.optional(),
        sum: typeString.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const configSchema = z
  .object({
    model: layerSchema.optional(),
    layerType: z.record(z.string(), layerSchema).optional(),
    layerName: z.record(z.string(), layerSchema).optional(),
  })
  .strict();

export type LayerConfig = z.infer<typeof layerSchema>;
export type PrecisionConfig = z.infer<typeof configSchema>;
export type TableConfig = z.infer<typeof tableSchema>;

/** The layer-type keys users write in `layerType`. */
export const LAYER_TYPE_KEYS = [
  'Input',
  'Dense',
  'BatchNormalization',
  'Linear',
  'ReLU',
  'Sigmoid',
  'Tanh',
  'Clip',
  'LeakyReLU',
  'Softmax',
  'Reshape',
  ...CONV_LAYER_TYPE_KEYS,
] as const;

export function layerTypeKey(node: GraphNode): (typeof LAYER_TYPE_KEYS)[number] {
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
  }
}

export const DEFAULT_TYPE = 'ap_fixed<16,6>';

export function parseConfig(raw: unknown, file?: string): PrecisionConfig {
  const res = configSchema.safeParse(raw);
  if (!res.success) {
    const issue = res.error.issues[0];
    const keys = issue && 'keys' in issue && Array.isArray(issue.keys) ? (issue.keys as string[]) : [];
    const field = issue ? [...issue.path.map(String), ...keys.slice(0, 1)].join('.') : undefined;
    throw new CompileError('FF007', `invalid configuration: ${issue?.message ?? 'unknown problem'}`, { file, field });
  }
  const cfg = res.data;
  const checkTypes = (lc: LayerConfig, where: string): void => {
    for (const key of ['default', 'weight', 'bias', 'product', 'accum', 'result', 'alpha'] as const) {
      const v = lc[key];
      if (v !== undefined) {
        try {
          parseType(v);
        } catch (e) {
          if (e instanceof CompileError) throw new CompileError('FF009', e.message, { file, field: `${where}.${key}` });
          throw e;
        }
      }
    }
  };
  if (cfg.model) checkTypes(cfg.model, 'model');
  for (const [k, v] of Object.entries(cfg.layerType ?? {})) {
    if (!(LAYER_TYPE_KEYS as readonly string[]).includes(k)) {
      throw new CompileError('FF007', `unknown layer type '${k}' (one of ${LAYER_TYPE_KEYS.join(', ')})`, { file, field: `layerType.${k}` });
    }
    checkTypes(v, `layerType.${k}`);
  }
  for (const [k, v] of Object.entries(cfg.layerName ?? {})) checkTypes(v, `layerName.${k}`);
  return cfg;
}

/** Read a JSON or YAML configuration file. */
export function loadConfig(path: string): PrecisionConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CompileError('FF001', 'cannot read configuration file', { file: path });
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new CompileError('FF007', `configuration is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(e as Error).message.split('\n')[0]}`, { file: path });
  }
  return parseConfig(raw ?? {}, path);
}

/** Every layer the config names must exist in the graph. */
export function checkConfigNames(cfg: PrecisionConfig, graph: Graph, file?: string): void {
  const names = new Set(graph.nodes.map((n) => n.name));
  for (const k of Object.keys(cfg.layerName ?? {})) {
    if (!names.has(k)) {
      const known = [...names].slice(0, 12).join(', ');
      throw new CompileError('FF008', `configuration names layer '${k}', which the model does not have (layers: ${known}${names.size > 12 ? ', …' : ''})`, {
        file,
        layer: k,
        field: `layerName.${k}`,
      });
    }
  }
}

export interface ResolvedTypes {
  readonly weight: FixedType;
  readonly bias: FixedType;
  readonly result: FixedType;
  readonly alpha: FixedType;
  /** undefined: derive (full-precision product, bit-growth accumulator) */
  readonly product: FixedType | undefined;
  readonly accum: FixedType | undefined;
  readonly reuseFactor: number;
  readonly table: TableConfig;
  readonly softmax: NonNullable<LayerConfig['softmax']>;
}

/** The types of one layer: layerName > model-file annotation > layerType > model > built-in default. */
export function resolveLayer(cfg: PrecisionConfig, node: GraphNode): ResolvedTypes {
  const byName = cfg.layerName?.[node.name];
  const byType = cfg.layerType?.[layerTypeKey(node)];
  const q = node.quant;
  const pick = (key: 'weight' | 'bias' | 'result' | 'alpha' | 'product' | 'accum'): FixedType | undefined => {
    if (byName?.[key] !== undefined) return parseType(byName[key], `layerName.${node.name}.${key}`);
    if (key !== 'alpha' && key !== 'product' && key !== 'accum' && q?.[key] !== undefined) return q[key];
    if (byName?.default !== undefined && key !== 'product' && key !== 'accum') return parseType(byName.default);
    for (const lc of [byType, cfg.model]) {
      if (lc?.[key] !== undefined) return parseType(lc[key]);
      if (lc?.default !== undefined && key !== 'product' && key !== 'accum') return parseType(lc.default);
    }
    return undefined;
  };
  const def = parseType(DEFAULT_TYPE);
  return {
    weight: pick('weight') ?? def,
    bias: pick('bias') ?? def,
    result: pick('result') ?? def,
    alpha: pick('alpha') ?? parseType('ap_fixed<18,2,RND>'),
    product: pick('product'),
    accum: pick('accum'),
    reuseFactor: byName?.reuseFactor ?? byType?.reuseFactor ?? cfg.model?.reuseFactor ?? 1,
    table: { ...cfg.model?.table, ...byType?.table, ...byName?.table },
    softmax: { ...cfg.model?.softmax, ...byType?.softmax, ...byName?.softmax },
  };
}
