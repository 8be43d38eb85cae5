/**
 * What a layer converter sees, and the helpers converters share: the input
 * tensors, the layer's config fields, the weight store and the graph
 * builder; emitting an activation node.
 */
import { assertNever } from '../../core/assert-never.js';
import { CompileError, type ErrorCode } from '../../core/diagnostics.js';
import type { GraphNode, Shape } from '../../ir/graph/types.js';
import type { ActivationSpec } from './activations.js';
import type { GraphBuilder } from './graph-builder.js';
import type { Fields } from './json-fields.js';
import type { KerasLayer } from './model-config.js';
import type { WeightStore } from './weight-store.js';

/** A tensor of the graph being built: the node producing it and its per-sample shape. */
export interface Tensor {
  readonly name: string;
  readonly shape: Shape;
}

export interface LayerContext {
  readonly layer: KerasLayer;
  readonly cfg: Fields;
  readonly inputs: readonly Tensor[];
  readonly builder: GraphBuilder;
  readonly weights: WeightStore;
}

/** Converts one Keras layer, adding nodes; returns the tensor that is the layer's output. */
export type LayerConverter = (ctx: LayerContext) => Tensor;

export function fail(ctx: LayerContext, code: ErrorCode, message: string, field?: string): never {
  throw new CompileError(code, message, { file: ctx.builder.file, layer: ctx.layer.name, ...(field !== undefined ? { field } : {}) });
}

/** The one input of a single-input layer. */
export function singleInput(ctx: LayerContext): Tensor {
  const x = ctx.inputs[0];
  if (x === undefined || ctx.inputs.length !== 1) {
    fail(ctx, 'FF002', `${ctx.layer.className} takes one input, the config gives it ${ctx.inputs.length}`, 'inbound_nodes');
  }
  return x;
}

/** Add `node` (its name made unique) and return it as a tensor. */
export function emit(ctx: LayerContext, node: GraphNode): Tensor {
  const name = ctx.builder.add(node);
  return { name, shape: node.shape };
}

/** The node computing `spec` on `x`, named `name`; `none` adds nothing. */
export function emitActivation(ctx: LayerContext, spec: ActivationSpec, x: Tensor, name: string): Tensor {
  const base = { name, inputs: [x.name], shape: x.shape };
  switch (spec.kind) {
    case 'none':
      return x;
    case 'activation':
      return emit(ctx, { ...base, op: 'activation', fn: spec.fn, ...(spec.result ? { quant: { result: spec.result } } : {}) });
    case 'softmax':
      return emit(ctx, { ...base, op: 'softmax' });
    case 'clip':
      return emit(ctx, { ...base, op: 'clip', min: spec.min, max: spec.max });
    case 'leaky_relu':
      return emit(ctx, { ...base, op: 'leaky_relu', alpha: spec.alpha });
    default:
      return assertNever(spec, 'activation spec');
  }
}

/** Name of the node an activation fused into `layer` gets: `fc1_relu`. */
export function fusedActivationName(ctx: LayerContext, spec: ActivationSpec): string {
  const tag = spec.kind === 'activation' ? spec.fn : spec.kind;
  return `${ctx.layer.name}_${tag}`;
}
