/**
 * The outer structure of a TensorFlow.js Layers model.json: format tag,
 * topology (Keras JSON, parsed by topology.ts) and the weights manifest.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CompileError } from '../../core/diagnostics.js';

const quantizationSchema = z.object({
  dtype: z.enum(['uint8', 'uint16', 'float16']),
  scale: z.number().optional(),
  min: z.number().optional(),
  original_dtype: z.string().optional(),
});

const weightSpecSchema = z.object({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool']),
  quantization: quantizationSchema.optional(),
});

const manifestGroupSchema = z.object({
  paths: z.array(z.string().min(1)),
  weights: z.array(weightSpecSchema),
});

const modelJsonSchema = z.object({
  format: z.string().optional(),
  generatedBy: z.string().nullish(),
  convertedBy: z.string().nullish(),
  modelTopology: z.looseObject({}),
  weightsManifest: z.array(manifestGroupSchema).default([]),
  trainingConfig: z.looseObject({}).nullish(),
  userDefinedMetadata: z.looseObject({}).nullish(),
});

export type WeightSpec = z.infer<typeof weightSpecSchema>;
export type ManifestGroup = z.infer<typeof manifestGroupSchema>;
export type ModelJson = z.infer<typeof modelJsonSchema>;

/** `a.b[0].c` from a zod issue path. */
function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Parse the text of a model.json; every structural problem is FF002 naming the file and field. */
export function parseModelJson(text: string, file: string): ModelJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CompileError('FF002', `model.json is not valid JSON: ${(e as Error).message}`, { file });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CompileError('FF002', 'model.json must hold a JSON object', { file });
  }
  const result = modelJsonSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue ? issuePath(issue.path) : '';
    throw new CompileError('FF002', `malformed model.json: ${issue?.message ?? 'invalid'}${field ? ` at ${field}` : ''}`, {
      file,
      ...(field ? { field } : {}),
    });
  }
  const json = result.data;
  if (json.format !== undefined && json.format !== 'layers-model') {
    throw new CompileError('FF006', `format '${json.format}' is not supported: only TensorFlow.js Layers models ('layers-model') are`, {
      file,
      field: 'format',
    });
  }
  return json;
}

export function readModelJson(file: string): ModelJson {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CompileError('FF001', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file });
  }
  return parseModelJson(text, file);
}
