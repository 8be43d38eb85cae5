/**
 * What each op's emitter returns: the lines of its parameter struct, its
 * constants (weights, biases, bounds, tables) and how it computes: a
 * per-element function object for the library's map drivers, the body of a
 * whole-vector kernel (dense, softmax), or whole compute functions for both
 * io styles (the conv-family ops, some with several inputs).
 */
import { CompileError } from '../../core/diagnostics.js';
import type { FixedType } from '../../fixed/fixed-type.js';
import type { DfNode } from '../../ir/dataflow/types.js';
import type { Shape } from '../../ir/graph/types.js';
import { cppType } from './cpp-type.js';

export type LayerBody =
  /** y[i] = functor(x[i], i) for i < config::n */
  | { readonly kind: 'map'; readonly functor: string }
  /** compute(const in_t x[nIn], out_t y[nOut]) { body } */
  | { readonly kind: 'vector'; readonly nIn: number; readonly nOut: number; readonly body: readonly string[] }
  /**
   * whole function definitions (conv-family ops, one or more inputs):
   * compute(x0, .., y) over arrays and compute_stream(xs0, .., ys) over
   * streams, with `helpers` (e.g. a per-pixel kernel) ahead of both
   */
  | { readonly kind: 'functions'; readonly helpers: readonly string[]; readonly parallel: readonly string[]; readonly stream: readonly string[] };

export interface LayerCode {
  /** one line for comments, e.g. `dense 16 -> 64, reuse factor 1` */
  readonly summary: string;
  /** lines inside `struct config { ... };` */
  readonly config: readonly string[];
  /** lines of the layer's constants header (empty: no header) */
  readonly constants: readonly string[];
  /** null for input nodes */
  readonly body: LayerBody | null;
}

/** The producer's output type and size, as the op emitters need them. */
export interface LayerInput {
  readonly name: string;
  readonly type: FixedType;
  readonly size: number;
  readonly shape: Shape;
}

export const typedef = (name: string, t: FixedType | string): string => `  typedef ${typeof t === 'string' ? t : cppType(t)} ${name};`;
export const ucount = (name: string, v: number): string => `  static const unsigned ${name} = ${v};`;
export const icount = (name: string, v: number): string => `  static const int ${name} = ${v};`;
export const inTypedef = (input: LayerInput, name = 'in_t'): string => typedef(name, `::fx_layers::${input.name}::config::out_t`);

/** FF012 for a node whose fields disagree (the verifier should have caught it). */
export function badNode(node: DfNode, field: string, message: string): CompileError {
  return new CompileError('FF012', `${node.op} layer: ${message}`, { layer: node.source, field });
}

/** The inputs of a conv-family op: at least `min` (a verifier-checked count). */
export function requireInputs(node: DfNode, inputs: readonly LayerInput[], min: number, max = min): readonly LayerInput[] {
  if (inputs.length < min || inputs.length > max) throw badNode(node, 'inputs', `needs ${min === max ? String(min) : `at least ${min}`} input(s), has ${inputs.length}`);
  return inputs;
}

export function requireInput(node: DfNode, input: LayerInput | null): LayerInput {
  if (!input) throw badNode(node, 'inputs', 'needs exactly one input');
  return input;
}
