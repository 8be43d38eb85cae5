/**
 * Test harness for graphs that mix the conv ops with the existing ones,
 * until the lead merges the unions: verification, lowering, BigInt and fast
 * simulation, and float evaluation, each delegating conv ops to the conv
 * modules and every other op to the existing code (on a one-node sub-graph
 * whose inputs stand for the node's producers).
 */
import { formatType, fracBits, type FixedType } from '../../src/fixed/fixed-type.js';
import { castRawRef } from '../../src/fixed/cast-ref.js';
import { castNumber, toNumber } from '../../src/fixed/arith.js';
import { uniqueIdentifiers } from '../../src/core/naming.js';
import { CompileError } from '../../src/core/diagnostics.js';
import type { ConvDfNode } from '../../src/ir/dataflow/conv-types.js';
import { isConvDfNode } from '../../src/ir/dataflow/conv-types.js';
import { verifyConvDfNode } from '../../src/ir/dataflow/conv-verify.js';
import { DATAFLOW_IR_VERSION, type Dataflow, type DfNode } from '../../src/ir/dataflow/types.js';
import { verifyDataflow } from '../../src/ir/dataflow/verify.js';
import { isConvGraphNode, type ConvGraphNode } from '../../src/ir/graph/conv-types.js';
import { verifyConvGraphNode } from '../../src/ir/graph/conv-verify.js';
import { GRAPH_IR_VERSION, shapeSize, type Graph, type GraphNode, type Shape } from '../../src/ir/graph/types.js';
import { verifyGraph } from '../../src/ir/graph/verify.js';
import type { PrecisionConfig } from '../../src/lower/config.js';
import { createNameAllocator } from '../../src/lower/conv/fresh-name.js';
import { foldBatchnorm } from '../../src/ir/graph/fold-batchnorm.js';
import { lowerConvNode } from '../../src/lower/conv/lower-conv.js';
import { lowerGraph } from '../../src/lower/lower.js';
import { compileConvFast } from '../../sim/conv/fast.js';
import { convFloatKernel } from '../../sim/conv/float-reference.js';
import { refConvNode } from '../../sim/conv/reference.js';
import { compileFast, type Kernel } from '../../sim/fast-kernels.js';
import { evaluateGraph, castToType } from '../../sim/float-reference.js';
import { refNode } from '../../sim/reference.js';

export type MixedNode = GraphNode | ConvGraphNode;
export interface MixedGraph {
  readonly version: typeof GRAPH_IR_VERSION;
  readonly name: string;
  readonly nodes: readonly MixedNode[];
  readonly outputs: readonly string[];
}

export type MixedDfNode = DfNode | ConvDfNode;
export interface MixedDataflow {
  readonly version: typeof DATAFLOW_IR_VERSION;
  readonly name: string;
  readonly nodes: readonly MixedDfNode[];
  readonly outputs: readonly string[];
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

/** A one-node graph: the node's producers become input nodes of their shapes. */
function subGraph(n: GraphNode, shapeOf: (name: string) => Shape): Graph {
  const ins: GraphNode[] = n.op === 'input' ? [] : unique(n.inputs).map((p) => ({ op: 'input', name: p, inputs: [], shape: shapeOf(p) }));
  return { version: GRAPH_IR_VERSION, name: 'sub', nodes: [...ins, n], outputs: [n.name] };
}

export function verifyMixedGraph(g: MixedGraph): void {
  const shapes = new Map<string, Shape>();
  for (const n of g.nodes) {
    for (const i of n.inputs) if (!shapes.has(i)) throw new CompileError('FF020', `input '${i}' does not exist or comes later`, { layer: n.name, field: 'inputs' });
    if (isConvGraphNode(n)) verifyConvGraphNode(n, n.inputs.map((i) => ({ shape: shapes.get(i) ?? [] })));
    else verifyGraph(subGraph(n, (p) => shapes.get(p) ?? []));
    if (shapes.has(n.name)) throw new CompileError('FF012', `duplicate layer name '${n.name}'`, { layer: n.name });
    shapes.set(n.name, n.shape);
  }
}

export function lowerMixed(g: MixedGraph, config: PrecisionConfig = {}): MixedDataflow {
  verifyMixedGraph(g);
  const folding = foldBatchnorm(g as unknown as Graph);
  const fold = { nodes: folding.graph.nodes as readonly MixedNode[], outputs: folding.graph.outputs, folded: folding.folded, foldedInto: folding.foldedInto };
  const ids = uniqueIdentifiers(fold.nodes.map((n) => n.name));
  const idOf = new Map(fold.nodes.map((n, i) => [n.name, ids[i] ?? n.name]));
  const freshName = createNameAllocator(ids);
  const typeOf = new Map<string, FixedType>();
  const shapeOf = new Map<string, Shape>();
  const out: MixedDfNode[] = [];
  for (const n of fold.nodes) {
    const id = idOf.get(n.name) ?? n.name;
    const inputs = n.inputs.map((i) => idOf.get(i) ?? i);
    let lowered: MixedDfNode[];
    if (isConvGraphNode(n)) {
      const bn = fold.foldedInto.get(n.name);
      lowered = lowerConvNode(n, {
        name: id,
        inputs,
        inTypes: n.inputs.map((i) => typeOf.get(i) as FixedType),
        inShapes: n.inputs.map((i) => shapeOf.get(i) as Shape),
        config,
        freshName,
        ...(bn ? { foldedBatchnorm: bn } : {}),
      });
    } else {
      const layerName = { ...config.layerName };
      for (const p of n.inputs) layerName[p] = { result: formatType(typeOf.get(p) as FixedType) };
      const df = lowerGraph(subGraph(n, (p) => shapeOf.get(p) ?? []), { ...config, layerName }, { folded: new Map() });
      const last = df.nodes[df.nodes.length - 1] as DfNode;
      lowered = [{ ...last, name: id, inputs } as DfNode];
    }
    out.push(...lowered);
    const last = lowered[lowered.length - 1] as MixedDfNode;
    typeOf.set(n.name, last.type);
    shapeOf.set(n.name, last.shape);
  }
  const df: MixedDataflow = { version: DATAFLOW_IR_VERSION, name: g.name, nodes: out, outputs: fold.outputs.map((o) => idOf.get(o) ?? o) };
  verifyMixedDataflow(df);
  return df;
}

export function verifyMixedDataflow(df: MixedDataflow): void {
  const seen = new Map<string, MixedDfNode>();
  for (const n of df.nodes) {
    const ins = n.inputs.map((i) => {
      const s = seen.get(i);
      if (!s) throw new CompileError('FF020', `input '${i}' does not exist or comes later`, { layer: n.source, field: 'inputs' });
      return s;
    });
    if (isConvDfNode(n)) {
      verifyConvDfNode(n, ins);
    } else {
      const stand: DfNode[] = n.op === 'input' ? [] : unique(n.inputs).map((p) => ({ op: 'input', name: p, source: p, inputs: [], shape: seen.get(p)?.shape ?? [], type: seen.get(p)?.type as FixedType }));
      verifyDataflow({ version: DATAFLOW_IR_VERSION, name: 'sub', nodes: [...stand, n], outputs: [n.name] });
    }
    if (seen.has(n.name)) throw new CompileError('FF012', `duplicate layer name '${n.name}'`, { layer: n.source });
    seen.set(n.name, n);
  }
}

/** The dataflow as the lead's type, for functions that only read input nodes (quantizeInputs). */
export function asDataflow(df: MixedDataflow): Dataflow {
  return df as unknown as Dataflow;
}

function inputNodes(df: MixedDataflow): MixedDfNode[] {
  return df.nodes.filter((n) => n.op === 'input');
}

export function inputWidth(df: MixedDataflow): number {
  return inputNodes(df).reduce((a, n) => a + shapeSize(n.shape), 0);
}

export function quantizeMixed(df: MixedDataflow, rows: readonly (readonly number[])[]): bigint[][] {
  const types = inputNodes(df).flatMap((n) => new Array<FixedType>(shapeSize(n.shape)).fill(n.type));
  return rows.map((r) => r.map((v, i) => castNumber(v, types[i] as FixedType)));
}

export function realOutputs(df: MixedDataflow, rows: readonly (readonly bigint[])[]): number[][] {
  const types = df.outputs.flatMap((o) => {
    const n = df.nodes.find((m) => m.name === o) as MixedDfNode;
    return new Array<FixedType>(shapeSize(n.shape)).fill(n.type);
  });
  return rows.map((r) => r.map((v, i) => toNumber(v, types[i] as FixedType)));
}

/** The BigInt reference, one sample at a time. */
export function simulateReference(df: MixedDataflow, rows: readonly (readonly bigint[])[]): bigint[][] {
  return rows.map((row) => {
    const values = new Map<string, bigint[]>();
    const types = new Map<string, FixedType>();
    let offset = 0;
    for (const n of df.nodes) {
      let y: bigint[];
      if (n.op === 'input') {
        const size = shapeSize(n.shape);
        y = row.slice(offset, offset + size).map((v) => castRawRef(v, fracBits(n.type), n.type));
        offset += size;
      } else {
        const ins = n.inputs.map((i) => values.get(i) ?? []);
        const its = n.inputs.map((i) => types.get(i) as FixedType);
        y = isConvDfNode(n) ? refConvNode(n, ins, its) : refNode(n, ins, its);
      }
      values.set(n.name, y);
      types.set(n.name, n.type);
    }
    return df.outputs.flatMap((o) => values.get(o) ?? []);
  });
}

export interface FastRun {
  readonly rows: bigint[][];
  /** layers with no fast kernel (ran on the reference) */
  readonly referenceLayers: string[];
}

/** Batched fast kernels (feature-major), falling back to the reference per layer. */
export function simulateFast(df: MixedDataflow, rows: readonly (readonly bigint[])[]): FastRun {
  const B = rows.length;
  const values = new Map<string, Float64Array>();
  const types = new Map<string, FixedType>();
  const referenceLayers: string[] = [];
  let offset = 0;
  for (const n of df.nodes) {
    const size = shapeSize(n.shape);
    const out = new Float64Array(size * B);
    if (n.op === 'input') {
      // raw codes enter through the input's cast, as in sim/simulate.ts (SAT_SYM moves the most negative code)
      const raw = new Float64Array(size * B);
      for (let b = 0; b < B; b++) for (let i = 0; i < size; i++) raw[i * B + b] = Number(rows[b]?.[offset + i] ?? 0n);
      offset += size;
      const enter = compileFast(n, []);
      if (!enter) throw new Error(`input ${n.name} is too wide for the fast path`);
      enter([raw], B, out);
    } else {
      const its = n.inputs.map((i) => types.get(i) as FixedType);
      const ins = n.inputs.map((i) => values.get(i) as Float64Array);
      const kernel: Kernel | null = isConvDfNode(n) ? compileConvFast(n, its) : compileFast(n, its);
      if (kernel) {
        kernel(ins, B, out);
      } else {
        referenceLayers.push(n.name);
        for (let b = 0; b < B; b++) {
          const sample = ins.map((t) => Array.from({ length: t.length / B }, (_v, i) => BigInt(t[i * B + b] as number)));
          const y = isConvDfNode(n) ? refConvNode(n, sample, its) : refNode(n, sample, its);
          y.forEach((v, i) => (out[i * B + b] = Number(v)));
        }
      }
    }
    values.set(n.name, out);
    types.set(n.name, n.type);
  }
  const result = rows.map((_r, b) =>
    df.outputs.flatMap((o) => {
      const t = values.get(o) as Float64Array;
      return Array.from({ length: t.length / B }, (_v, i) => BigInt(t[i * B + b] as number));
    }),
  );
  return { rows: result, referenceLayers };
}

/** The float64 model: conv ops by sim/conv/float-reference.ts, others by sim/float-reference.ts. */
export function evaluateMixed(g: MixedGraph, rows: readonly (readonly number[])[]): number[][] {
  const shapes = new Map(g.nodes.map((n) => [n.name, n.shape]));
  const kernels = new Map(g.nodes.filter(isConvGraphNode).map((n) => [n.name, convFloatKernel(n, n.inputs.map((i) => shapes.get(i) ?? []))]));
  return rows.map((row) => {
    const values = new Map<string, Float64Array>();
    let offset = 0;
    for (const n of g.nodes) {
      let y: Float64Array;
      if (n.op === 'input') {
        const size = shapeSize(n.shape);
        y = Float64Array.from(row.slice(offset, offset + size));
        offset += size;
      } else if (isConvGraphNode(n)) {
        y = (kernels.get(n.name) ?? (() => new Float64Array(0)))(n.inputs.map((i) => values.get(i) ?? new Float64Array(0)));
        const t = n.quant?.result;
        if (t) y = y.map((v) => castToType(v, t));
      } else {
        const sub = subGraph(n, (p) => shapes.get(p) ?? []);
        const flat = unique(n.inputs).flatMap((p) => Array.from(values.get(p) ?? []));
        y = Float64Array.from(evaluateGraph(sub, [flat])[0] ?? []);
      }
      values.set(n.name, y);
    }
    return g.outputs.flatMap((o) => Array.from(values.get(o) ?? []));
  });
}
