/**
 * Small read and rewrite helpers over the graph IR shared by the compression
 * passes. Passes never mutate: they return a new Graph with new node objects
 * where something changed.
 */
import type { ConvNode, DepthwiseConvNode } from '../ir/graph/conv-types.js';
import type { DenseNode, Graph, GraphNode } from '../ir/graph/types.js';
import { shapeSize } from '../ir/graph/types.js';
import { invalidRequest } from './request-error.js';

export function nodeByName(graph: Graph, name: string): GraphNode | undefined {
  return graph.nodes.find((n) => n.name === name);
}

/** The Dense node called `name`, or FF019. */
export function denseByName(graph: Graph, name: string): DenseNode {
  const node = nodeByName(graph, name);
  if (node === undefined) throw invalidRequest(`no layer named '${name}'`, name);
  if (node.op !== 'dense') throw invalidRequest(`layer '${name}' is a ${node.op}, not a dense layer`, name);
  return node;
}

/** Layers with one weight kernel that magnitude pruning can zero. */
export type KernelNode = DenseNode | ConvNode | DepthwiseConvNode;

export function isKernelNode(n: GraphNode): n is KernelNode {
  return n.op === 'dense' || n.op === 'conv' || n.op === 'depthwise_conv';
}

/** The Dense, Conv or DepthwiseConv node called `name`, or FF019. */
export function kernelNodeByName(graph: Graph, name: string): KernelNode {
  const node = nodeByName(graph, name);
  if (node === undefined) throw invalidRequest(`no layer named '${name}'`, name);
  if (!isKernelNode(node)) throw invalidRequest(`layer '${name}' is a ${node.op}, not a dense, conv or depthwise_conv layer`, name);
  return node;
}

export function kernelNodes(graph: Graph): KernelNode[] {
  return graph.nodes.filter(isKernelNode);
}

export function denseNodes(graph: Graph): DenseNode[] {
  return graph.nodes.filter((n): n is DenseNode => n.op === 'dense');
}

/** Names of the nodes that read `name`'s output (graph outputs not included). */
export function consumersOf(graph: Graph, name: string): GraphNode[] {
  return graph.nodes.filter((n) => n.inputs.includes(name));
}

/** Number of input features of a Dense node (its kernel has inSize · units entries). */
export function denseInSize(node: DenseNode): number {
  return node.units === 0 ? 0 : node.kernel.length / node.units;
}

/** Per-sample size of the node's output. */
export function outSize(node: GraphNode): number {
  return shapeSize(node.shape);
}

/** A copy of the graph with the named nodes replaced. */
export function replaceNodes(graph: Graph, replacements: ReadonlyMap<string, GraphNode>): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => replacements.get(n.name) ?? n) };
}

/**
 * A copy of the graph where node `name` is replaced by the chain `chain`
 * (in order; the first reads the old node's inputs) and every reader of
 * `name` reads the chain's last node instead.
 */
export function replaceWithChain(graph: Graph, name: string, chain: readonly GraphNode[]): Graph {
  const last = chain[chain.length - 1];
  if (last === undefined) throw new Error('replaceWithChain: empty chain');
  const nodes: GraphNode[] = [];
  for (const n of graph.nodes) {
    if (n.name === name) {
      nodes.push(...chain);
      continue;
    }
    const inputs = n.inputs.map((i) => (i === name ? last.name : i));
    nodes.push(inputs.some((v, k) => v !== n.inputs[k]) ? { ...n, inputs } : n);
  }
  const outputs = graph.outputs.map((o) => (o === name ? last.name : o));
  return { ...graph, nodes, outputs };
}

/** A name not used in the graph, built from `base`. */
export function freshName(graph: Graph, base: string): string {
  const used = new Set(graph.nodes.map((n) => n.name));
  if (!used.has(base)) return base;
  for (let k = 2; ; k++) if (!used.has(`${base}_${k}`)) return `${base}_${k}`;
}
