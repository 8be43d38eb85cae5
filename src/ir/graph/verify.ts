/**
 * The graph IR verifier: unique names, edges to earlier nodes only (so no
 * cycles and no dangling inputs), shapes consistent per op, finite weights.
 */
import { assertNever } from '../../core/assert-never.js';
import { CompileError } from '../../core/diagnostics.js';
import { verifyConvGraphNode } from './conv-verify.js';
import { shapeSize, type Graph, type GraphNode, type Shape } from './types.js';

const MAX_ELEMENTS = 1 << 28;

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function fail(code: 'FF004' | 'FF005' | 'FF012' | 'FF020', message: string, layer: string, field?: string): never {
  throw new CompileError(code, message, { layer, ...(field ? { field } : {}) });
}

export function verifyGraph(g: Graph, file?: string): void {
  try {
    verifyInner(g);
  } catch (e) {
    if (e instanceof CompileError) throw e.at({ file });
    throw e;
  }
}

function verifyInner(g: Graph): void {
  const seen = new Map<string, GraphNode>();
  const all = new Set(g.nodes.map((n) => n.name));
  if (g.nodes.length === 0) throw new CompileError('FF012', 'graph has no nodes');
  for (const n of g.nodes) {
    if (seen.has(n.name)) fail('FF012', `duplicate layer name '${n.name}'`, n.name);
    for (const s of n.shape) {
      if (!Number.isInteger(s) || s < 1) fail('FF004', `shape [${n.shape.join(', ')}] has a non-positive or non-integer dimension`, n.name, 'shape');
    }
    if (shapeSize(n.shape) > MAX_ELEMENTS) fail('FF004', `shape [${n.shape.join(', ')}] is too large`, n.name, 'shape');
    const ins: GraphNode[] = [];
    for (const i of n.inputs) {
      const src = seen.get(i);
      if (!src) {
        if (all.has(i)) fail('FF020', `input '${i}' comes later in the graph: cycle or wrong order`, n.name, 'inputs');
        fail('FF020', `input '${i}' does not exist (dangling edge)`, n.name, 'inputs');
      }
      ins.push(src);
    }
    verifyNode(n, ins);
    seen.set(n.name, n);
  }
  if (g.outputs.length === 0) throw new CompileError('FF012', 'graph has no outputs');
  for (const o of g.outputs) if (!seen.has(o)) throw new CompileError('FF020', `output '${o}' does not exist`, { field: 'outputs' });
}

function finite(values: readonly number[], layer: string, field: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? NaN;
    if (!Number.isFinite(v)) fail('FF005', `${field}[${i}] is ${v}`, layer, field);
  }
}

function arity(n: GraphNode, ins: readonly GraphNode[], k: number): void {
  if (ins.length !== k) fail('FF012', `${n.op} takes ${k} input(s), got ${ins.length}`, n.name, 'inputs');
}

function verifyNode(n: GraphNode, ins: readonly GraphNode[]): void {
  const first = ins[0];
  switch (n.op) {
    case 'input':
      arity(n, ins, 0);
      return;
    case 'dense': {
      arity(n, ins, 1);
      const inShape = first?.shape ?? [];
      if (inShape.length !== 1) fail('FF004', `Dense needs a flat input, got shape [${inShape.join(', ')}] (add a Flatten)`, n.name, 'inputs');
      const inF = inShape[0] ?? 0;
      if (n.kernel.length !== inF * n.units) fail('FF004', `kernel has ${n.kernel.length} values, expected ${inF}×${n.units}`, n.name, 'kernel');
      if (n.bias && n.bias.length !== n.units) fail('FF004', `bias has ${n.bias.length} values, expected ${n.units}`, n.name, 'bias');
      if (!sameShape(n.shape, [n.units])) fail('FF004', `output shape must be [${n.units}]`, n.name, 'shape');
      finite(n.kernel, n.name, 'kernel');
      if (n.bias) finite(n.bias, n.name, 'bias');
      return;
    }
    case 'batchnorm': {
      arity(n, ins, 1);
      const c = n.shape[n.shape.length - 1] ?? 0;
      for (const f of ['gamma', 'beta', 'mean', 'variance'] as const) {
        if (n[f].length !== c) fail('FF004', `${f} has ${n[f].length} values, expected ${c} (channels)`, n.name, f);
        finite(n[f], n.name, f);
      }
      if (n.variance.some((v) => v + n.epsilon <= 0)) fail('FF004', 'variance + epsilon must be positive', n.name, 'variance');
      if (!sameShape(n.shape, first?.shape ?? [])) fail('FF004', 'output shape must equal input shape', n.name, 'shape');
      return;
    }
    case 'activation':
    case 'clip':
    case 'leaky_relu':
    case 'softmax':
      arity(n, ins, 1);
      if (!sameShape(n.shape, first?.shape ?? [])) fail('FF004', 'output shape must equal input shape', n.name, 'shape');
      if (n.op === 'clip' && (!Number.isFinite(n.min) || !Number.isFinite(n.max) || n.min > n.max)) fail('FF004', `clip bounds [${n.min}, ${n.max}] are invalid`, n.name, 'min');
      if (n.op === 'leaky_relu' && !Number.isFinite(n.alpha)) fail('FF005', `alpha is ${n.alpha}`, n.name, 'alpha');
      return;
    case 'reshape':
      arity(n, ins, 1);
      if (shapeSize(n.shape) !== shapeSize(first?.shape ?? [])) {
        fail('FF004', `reshape from [${first?.shape.join(', ')}] to [${n.shape.join(', ')}] changes the number of elements`, n.name, 'shape');
      }
      return;
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
      return verifyConvGraphNode(n, ins);
    default:
      return assertNever(n, 'graph op');
  }
}
