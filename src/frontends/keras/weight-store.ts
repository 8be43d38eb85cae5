/**
 * Where a layer's weights live in the two HDF5 layouts Keras writes:
 * - legacy (Keras 2 `save`/`save_weights`, Keras 3 `.h5`): one group per
 *   layer name, its `weight_names` attribute listing datasets such as
 *   `dense/kernel:0`; under `/model_weights` in a full-model file;
 * - Keras 3 (`model.weights.h5` in a `.keras` archive, `.weights.h5`):
 *   `layers/<snake_case class>[_k]/vars/0, 1, …` in creation order, where
 *   `_k` counts earlier layers of the same class; newer Keras also writes the
 *   layer name as a `name` attribute of `vars`, which is used when present.
 */
import { CompileError } from '../../core/diagnostics.js';
import type { H5File } from './h5-file.js';
import { WeightBudget } from './import-limits.js';
import type { KerasLayer, KerasModel } from './model-config.js';

export interface WeightSpec {
  /** Keras variable name: kernel, bias, gamma, beta, moving_mean, moving_variance */
  readonly name: string;
  readonly shape: readonly number[];
}

export interface WeightStore {
  /** The layer's weights in the order of `specs` (which lists exactly the variables the layer has). */
  read(layer: KerasLayer, specs: readonly WeightSpec[]): Float64Array[];
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Shape and finiteness checks shared by both layouts. */
function checked(h5: H5File, path: string, layer: KerasLayer, spec: WeightSpec, budget: WeightBudget): Float64Array {
  const loc = { file: h5.file, layer: layer.name, field: spec.name };
  const ds = h5.dataset(path, layer.name);
  if (!sameDims(ds.shape, spec.shape)) {
    throw new CompileError('FF004', `${spec.name} has shape [${ds.shape.join(', ')}] in the weights, the layer needs [${spec.shape.join(', ')}]`, loc);
  }
  budget.take(ds.data.length, layer.name, spec.name);
  for (let i = 0; i < ds.data.length; i++) {
    const v = ds.data[i] ?? NaN;
    if (!Number.isFinite(v)) throw new CompileError('FF005', `${spec.name}[${i}] is ${v}`, loc);
  }
  return ds.data;
}

function countMismatch(h5: H5File, layer: KerasLayer, have: number, specs: readonly WeightSpec[]): never {
  throw new CompileError(
    'FF004',
    `the weights file has ${have} weight(s) for this layer, its config needs ${specs.length} (${specs.map((s) => s.name).join(', ') || 'none'})`,
    { file: h5.file, layer: layer.name },
  );
}

export class LegacyWeightStore implements WeightStore {
  private readonly budget: WeightBudget;

  constructor(
    private readonly h5: H5File,
    /** '' for a weights-only file, 'model_weights' for a full-model file */
    private readonly root: string,
  ) {
    this.budget = new WeightBudget(h5.file);
  }

  read(layer: KerasLayer, specs: readonly WeightSpec[]): Float64Array[] {
    const group = this.root ? `/${this.root}/${layer.name}` : `/${layer.name}`;
    const kind = this.h5.kind(group);
    if (kind !== 'group') {
      if (specs.length === 0) return [];
      throw new CompileError('FF003', `the weights file has no group for this layer`, { file: this.h5.file, layer: layer.name });
    }
    const names = this.h5.attrStringList(group, 'weight_names') ?? [];
    if (names.length !== specs.length) countMismatch(this.h5, layer, names.length, specs);
    const base = names.map((n) => (n.split('/').pop() ?? n).replace(/:\d+$/, ''));
    const byName = specs.every((s) => base.includes(s.name));
    return specs.map((spec, k) => {
      const idx = byName ? base.indexOf(spec.name) : k;
      const wn = names[idx] ?? '';
      return checked(this.h5, `${group}/${wn}`, layer, spec, this.budget);
    });
  }
}

/** Keras's `to_snake_case`: `QDense` → `q_dense`, `BatchNormalization` → `batch_normalization`. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

export class Keras3WeightStore implements WeightStore {
  private readonly budget: WeightBudget;
  private readonly paths = new Map<string, string>();

  constructor(
    private readonly h5: H5File,
    model: KerasModel,
  ) {
    this.budget = new WeightBudget(h5.file);
    const root = h5.kind('/layers') === 'group' ? '/layers' : '/_layer_checkpoint_dependencies';
    const named = new Map<string, string>();
    for (const key of h5.keys(root) ?? []) {
      const n = h5.kind(`${root}/${key}/vars`) === 'group' ? h5.attr(`${root}/${key}/vars`, 'name') : undefined;
      if (typeof n === 'string') named.set(n, `${root}/${key}`);
    }
    const used = new Map<string, number>();
    const ordered = [...model.layers].filter((l) => l.position >= 0).sort((a, b) => a.position - b.position);
    for (const l of ordered) {
      const snake = toSnakeCase(l.className);
      const k = used.get(snake);
      used.set(snake, k === undefined ? 0 : k + 1);
      const counted = k === undefined ? snake : `${snake}_${k + 1}`;
      this.paths.set(l.name, named.get(l.name) ?? `${root}/${counted}`);
    }
  }

  read(layer: KerasLayer, specs: readonly WeightSpec[]): Float64Array[] {
    const group = this.paths.get(layer.name);
    const vars = group === undefined ? undefined : `${group}/vars`;
    if (vars === undefined || this.h5.kind(vars) !== 'group') {
      if (specs.length === 0) return [];
      throw new CompileError('FF003', `the weights file has no variables for this layer (looked for '${vars ?? layer.name}')`, {
        file: this.h5.file,
        layer: layer.name,
      });
    }
    const keys = (this.h5.keys(vars) ?? []).filter((k) => /^\d+$/.test(k));
    if (keys.length !== specs.length) countMismatch(this.h5, layer, keys.length, specs);
    return specs.map((spec, k) => checked(this.h5, `${vars}/${k}`, layer, spec, this.budget));
  }
}
