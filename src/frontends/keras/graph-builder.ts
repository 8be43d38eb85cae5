/**
 * Assembles a graph IR from converted layers (shared by the Keras and ONNX
 * frontends): unique node names, in-place edits of nodes already added (a
 * bias fused into a Dense, a result type set by a quantizer), and the final
 * clean-up and verification.
 *
 * Converters add nodes only after their inputs, so insertion order is a
 * topological order.
 */
import { CompileError } from '../../core/diagnostics.js';
import type { FixedType } from '../../fixed/fixed-type.js';
import { verifyGraph } from '../../ir/graph/verify.js';
import { GRAPH_IR_VERSION, type Graph, type GraphNode } from '../../ir/graph/types.js';
import { MAX_NODES } from './import-limits.js';

export class GraphBuilder {
  private readonly nodes: GraphNode[] = [];
  private readonly index = new Map<string, number>();

  constructor(readonly file: string) {}

  /** A name not used yet: `base`, else `base_2`, `base_3`, … */
  uniqueName(base: string): string {
    const stem = base.length > 0 ? base : 'node';
    let name = stem;
    for (let k = 2; this.index.has(name); k++) name = `${stem}_${k}`;
    return name;
  }

  /** Add a node under a unique version of its name; returns the name used. */
  add(node: GraphNode): string {
    if (this.nodes.length >= MAX_NODES) {
      throw new CompileError('FF018', `the model has more than ${MAX_NODES} layers`, { file: this.file, layer: node.name });
    }
    for (const i of node.inputs) {
      if (!this.index.has(i)) throw new Error(`graph builder: input '${i}' of '${node.name}' was not added first`);
    }
    const name = this.uniqueName(node.name);
    this.index.set(name, this.nodes.length);
    this.nodes.push(name === node.name ? node : { ...node, name });
    return name;
  }

  has(name: string): boolean {
    return this.index.has(name);
  }

  get(name: string): GraphNode {
    const i = this.index.get(name);
    const n = i === undefined ? undefined : this.nodes[i];
    if (n === undefined) throw new Error(`graph builder: no node '${name}'`);
    return n;
  }

  /** Replace a node by an edited copy with the same name. */
  replace(node: GraphNode): void {
    const i = this.index.get(node.name);
    if (i === undefined) throw new Error(`graph builder: no node '${node.name}' to replace`);
    this.nodes[i] = node;
  }

  /** Number of nodes reading `name` so far. */
  consumers(name: string): number {
    let k = 0;
    for (const n of this.nodes) for (const i of n.inputs) if (i === name) k++;
    return k;
  }

  /**
   * The graph, after folding casts: a linear activation that only sets a
   * result type (a QKeras QActivation(quantized_bits), a QONNX Quant, a QDQ
   * pair) becomes the result type of its producer when it is that producer's
   * only consumer and the producer has no result type yet. Same values, one
   * node fewer. Then the graph verifier runs.
   */
  finish(name: string, outputs: readonly string[]): Graph {
    const uses = new Map<string, number>();
    const use = (n: string, k: number): void => {
      uses.set(n, (uses.get(n) ?? 0) + k);
    };
    for (const n of this.nodes) for (const i of n.inputs) use(i, 1);
    for (const o of outputs) use(o, 1);

    const rename = new Map<string, string>();
    const kept: GraphNode[] = [];
    const at = new Map<string, number>();
    for (const original of this.nodes) {
      const inputs = original.inputs.map((i) => rename.get(i) ?? i);
      const node: GraphNode = inputs.every((v, k) => v === original.inputs[k]) ? original : { ...original, inputs };
      const target = castTarget(node);
      const src = inputs[0];
      const p = src === undefined ? undefined : at.get(src);
      const producer = p === undefined ? undefined : kept[p];
      if (target && producer && p !== undefined && uses.get(producer.name) === 1 && producer.quant?.result === undefined) {
        kept[p] = { ...producer, quant: { ...producer.quant, result: target } };
        rename.set(node.name, producer.name);
        uses.set(producer.name, uses.get(node.name) ?? 0);
        continue;
      }
      at.set(node.name, kept.length);
      kept.push(node);
    }
    const graph: Graph = {
      version: GRAPH_IR_VERSION,
      name,
      nodes: kept,
      outputs: outputs.map((o) => rename.get(o) ?? o),
    };
    verifyGraph(graph, this.file);
    return graph;
  }
}

/** The result type of a node that is nothing but a cast, else undefined. */
function castTarget(n: GraphNode): FixedType | undefined {
  if (n.op !== 'activation' || n.fn !== 'linear') return undefined;
  if (n.quant?.weight !== undefined || n.quant?.bias !== undefined) return undefined;
  return n.quant?.result;
}
