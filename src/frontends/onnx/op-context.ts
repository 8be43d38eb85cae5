/**
 * What an ONNX op converter sees, and the helpers converters share.
 */
import type { NodeProto } from 'onnx-buf';
import { CompileError, type ErrorCode, type ErrorLocation } from '../../core/diagnostics.js';
import type { GraphNode } from '../../ir/graph/types.js';
import type { GraphBuilder } from '../keras/graph-builder.js';
import type { Attributes } from './attributes.js';
import { graphShape, type ConstValue, type TensorValue, type Value } from './values.js';

export interface OpContext {
  readonly node: NodeProto;
  /** the node's name, or its first output's name when it has none: the base of graph node names */
  readonly name: string;
  /** version of the opset this node's domain imports */
  readonly opset: number;
  readonly attrs: Attributes;
  /** one per node input; undefined for an omitted optional input ('') */
  readonly inputs: readonly (Value | undefined)[];
  readonly builder: GraphBuilder;
  readonly loc: ErrorLocation;
  /** how many nodes (and graph outputs) read the value `valueName` */
  uses(valueName: string): number;
}

/** Outputs, aligned with node.output; undefined for an output the op does not produce at inference. */
export type OpResult = readonly (Value | undefined)[];
export type OpConverter = (ctx: OpContext) => OpResult;

export function fail(ctx: OpContext, code: ErrorCode, message: string, field?: string): never {
  throw new CompileError(code, `${ctx.node.opType} '${ctx.name}': ${message}`, { ...ctx.loc, ...(field !== undefined ? { field } : {}) });
}

export function inputName(ctx: OpContext, k: number): string {
  return ctx.node.input[k] ?? '';
}

/** Input k, which must be computed by the graph (not a constant). */
export function tensorInput(ctx: OpContext, k: number, what = 'input'): TensorValue {
  const v = ctx.inputs[k];
  if (v === undefined) fail(ctx, 'FF002', `${what} (input ${k}) is missing`, `input[${k}]`);
  if (v.kind === 'const') fail(ctx, 'FF006', `${what} '${inputName(ctx, k)}' is a constant; only computed tensors are supported there`, `input[${k}]`);
  if (v.kind === 'quantized') {
    fail(ctx, 'FF006', `${what} '${inputName(ctx, k)}' is the integer output of QuantizeLinear '${v.by}'; only a DequantizeLinear may read it (integer-domain ops are not supported)`, `input[${k}]`);
  }
  return v;
}

/** Input k, which must be a constant (initializer, Constant node or folded). */
export function constInput(ctx: OpContext, k: number, what: string): ConstValue {
  const v = ctx.inputs[k];
  if (v === undefined) fail(ctx, 'FF002', `${what} (input ${k}) is missing`, `input[${k}]`);
  if (v.kind !== 'const') fail(ctx, 'FF006', `${what} '${inputName(ctx, k)}' must be a constant (an initializer), but it is computed`, `input[${k}]`);
  return v;
}

/** Optional constant input k, or undefined when omitted. */
export function optionalConst(ctx: OpContext, k: number, what: string): ConstValue | undefined {
  return ctx.inputs[k] === undefined ? undefined : constInput(ctx, k, what);
}

/** The single value of a constant that must be a scalar (any shape with one element). */
export function scalar(ctx: OpContext, c: ConstValue, what: string, k: number): number {
  if (c.data.length !== 1) fail(ctx, 'FF006', `${what} must be a single value, got shape [${c.dims.join(', ')}]`, `input[${k}]`);
  return c.data[0] ?? 0;
}

/** No output but the first may be read (the others exist only in training). */
export function onlyFirstOutputUsed(ctx: OpContext): void {
  ctx.node.output.forEach((o, k) => {
    if (k > 0 && o !== '' && ctx.uses(o) > 0) fail(ctx, 'FF006', `output ${k} ('${o}') is only produced in training mode, yet it is read`, `output[${k}]`);
  });
}

/** Add a graph node computing an element-wise function of `x` (same shape and layout). */
export function emitLike(ctx: OpContext, x: TensorValue, node: DistributiveOmit<GraphNode, 'name' | 'inputs' | 'shape'>, suffix = ''): TensorValue {
  const name = ctx.builder.add({ ...node, name: ctx.name + suffix, inputs: [x.node], shape: graphShape(x) } as GraphNode);
  return { kind: 'tensor', node: name, shape: x.shape, perm: x.perm };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
