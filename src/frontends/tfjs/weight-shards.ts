/**
 * Reading the weight shards a model.json's manifest names. Each manifest
 * group is the concatenation of its shard files; its weights lie back to
 * back in manifest order. A missing or short shard is FF003 naming the shard
 * file and the weight that falls into the gap.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { CompileError } from '../../core/diagnostics.js';
import type { ModelJson, WeightSpec } from './model-json.js';
import { byteLength, checkWeightSpec, decodeWeight } from './weight-decode.js';

export interface ModelWeights {
  /** every weight of the manifest, in manifest order */
  readonly specs: readonly WeightSpec[];
  /** the concatenated bytes of all groups (what tfjs's loadWeights expects) */
  readonly data: Uint8Array;
  /** decoded float values by weight name */
  readonly values: ReadonlyMap<string, Float32Array>;
}

/** `dense_1/kernel` → layer `dense_1`, field `kernel`. */
export function splitWeightName(name: string): { layer: string; field: string } {
  const slash = name.lastIndexOf('/');
  return slash < 0 ? { layer: name, field: name } : { layer: name.slice(0, slash), field: name.slice(slash + 1) };
}

interface Placed {
  readonly spec: WeightSpec;
  readonly start: number;
  readonly end: number;
}

function shardPath(dir: string, p: string, modelFile: string, field: string): string {
  const full = resolve(dir, p);
  const rel = relative(dir, full);
  if (isAbsolute(p) || rel.startsWith('..') || isAbsolute(rel)) {
    throw new CompileError('FF002', `weight shard path '${p}' must be relative and stay inside the model's folder`, {
      file: modelFile,
      field,
    });
  }
  return full;
}

function shortError(message: string, file: string, weight: WeightSpec | undefined): CompileError {
  const loc = weight ? splitWeightName(weight.name) : {};
  return new CompileError('FF003', message, { file, ...loc });
}

function readGroup(
  dir: string,
  modelFile: string,
  g: number,
  paths: readonly string[],
  placed: readonly Placed[],
  need: number,
): Uint8Array {
  const firstWeightAfter = (offset: number): WeightSpec | undefined => placed.find((p) => p.end > offset && p.end > p.start)?.spec;
  if (paths.length === 0 && need > 0) {
    throw shortError(`weightsManifest[${g}] lists weights but no shard file`, modelFile, firstWeightAfter(0));
  }
  const chunks: Uint8Array[] = [];
  const starts: number[] = [];
  let total = 0;
  paths.forEach((p, k) => {
    const file = shardPath(dir, p, modelFile, `weightsManifest[${g}].paths[${k}]`);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      const w = firstWeightAfter(total) ?? placed[placed.length - 1]?.spec;
      const code = (e as NodeJS.ErrnoException).code ?? String(e);
      throw shortError(`weight shard ${file} is missing or unreadable (${code})${w ? `; it holds weight '${w.name}'` : ''}`, file, w);
    }
    starts.push(total);
    chunks.push(bytes);
    total += bytes.length;
  });
  const lastFile = resolve(dir, paths[paths.length - 1] ?? '');
  if (total < need) {
    const w = firstWeightAfter(total);
    const start = w ? placed.find((p) => p.spec === w)?.start ?? total : total;
    let k = starts.length - 1;
    while (k > 0 && (starts[k] ?? 0) > start) k--;
    const file = resolve(dir, paths[k] ?? '');
    throw shortError(
      `weight shards of weightsManifest[${g}] hold ${total} bytes, the manifest needs ${need}: weight '${w?.name ?? '?'}' is cut short`,
      file,
      w,
    );
  }
  if (total > need) {
    throw new CompileError('FF002', `weight shards of weightsManifest[${g}] hold ${total} bytes, the manifest describes only ${need}`, {
      file: lastFile,
      field: `weightsManifest[${g}]`,
    });
  }
  const out = new Uint8Array(total);
  chunks.forEach((c, k) => out.set(c, starts[k] ?? 0));
  return out;
}

/** Read, size-check and decode every weight named in the manifest of `modelFile`. */
export function readModelWeights(json: ModelJson, modelFile: string): ModelWeights {
  const dir = dirname(modelFile);
  const specs: WeightSpec[] = [];
  const groups: Uint8Array[] = [];
  const values = new Map<string, Float32Array>();
  const seen = new Set<string>();
  json.weightsManifest.forEach((group, g) => {
    const placed: Placed[] = [];
    let offset = 0;
    group.weights.forEach((spec, w) => {
      const where = `weightsManifest[${g}].weights[${w}]`;
      checkWeightSpec(spec, where, modelFile);
      if (seen.has(spec.name)) {
        throw new CompileError('FF002', `weight '${spec.name}' appears twice in the manifest`, { file: modelFile, field: `${where}.name` });
      }
      seen.add(spec.name);
      placed.push({ spec, start: offset, end: offset + byteLength(spec) });
      offset += byteLength(spec);
      specs.push(spec);
    });
    const bytes = readGroup(dir, modelFile, g, group.paths, placed, offset);
    for (const p of placed) values.set(p.spec.name, decodeWeight(p.spec, bytes.subarray(p.start, p.end)));
    groups.push(bytes);
  });
  const data = new Uint8Array(groups.reduce((a, b) => a + b.length, 0));
  let at = 0;
  for (const b of groups) {
    data.set(b, at);
    at += b.length;
  }
  return { specs, data, values };
}
