/**
 * Unstructured magnitude pruning: zero the weights of smallest |w|, either
 * the same fraction in every chosen layer or one global threshold across
 * them. Exactly round(sparsity · count) weights become zero (ties broken by
 * position, so the result is deterministic); biases are never pruned.
 * Dense, Conv and DepthwiseConv kernels are pruned alike (a conv kernel is
 * one flat array of KH·KW·Cg·F weights).
 */
import type { Graph, GraphNode } from '../../ir/graph/types.js';
import { isKernelNode, kernelNodeByName, kernelNodes, replaceNodes, type KernelNode } from '../graph-edit.js';
import { checkRange, invalidRequest } from '../request-error.js';

export interface MagnitudePruneOptions {
  /** fraction of weights to zero, in [0, 1); per layer name, or one for all */
  readonly sparsity: number | Readonly<Record<string, number>>;
  /** 'layer': each layer loses that fraction; 'global': one threshold over all chosen layers */
  readonly scope?: 'layer' | 'global';
  /** Dense/conv/depthwise layers to prune (default: all, or the keys of a per-layer sparsity) */
  readonly layers?: readonly string[];
}

export interface LayerSparsity {
  readonly layer: string;
  readonly weights: number;
  readonly zeros: number;
}

export interface PruneResult {
  readonly graph: Graph;
  readonly layers: readonly LayerSparsity[];
}

/**
 * Keep-mask (1 keep, 0 prune) zeroing the `prune` entries of smallest |v|;
 * equal magnitudes are pruned in index order.
 */
export function magnitudeMask(values: ArrayLike<number>, prune: number): Uint8Array {
  const n = values.length;
  const mask = new Uint8Array(n).fill(1);
  if (prune <= 0) return mask;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => Math.abs(values[a] ?? 0) - Math.abs(values[b] ?? 0) || a - b);
  for (let k = 0; k < Math.min(prune, n); k++) mask[order[k] ?? 0] = 0;
  return mask;
}

export function chosenLayers(graph: Graph, opts: Pick<MagnitudePruneOptions, 'sparsity' | 'layers'>): KernelNode[] {
  if (opts.layers !== undefined) return opts.layers.map((l) => kernelNodeByName(graph, l));
  if (typeof opts.sparsity === 'number') return kernelNodes(graph);
  return Object.keys(opts.sparsity).map((l) => kernelNodeByName(graph, l));
}

function sparsityOf(opts: MagnitudePruneOptions, layer: string): number {
  const s = typeof opts.sparsity === 'number' ? opts.sparsity : opts.sparsity[layer];
  if (s === undefined) throw invalidRequest(`no sparsity given for layer '${layer}'`, layer, 'sparsity');
  checkRange(s, 0, 1, 'sparsity', layer, { hi: true });
  return s;
}

/** Keep-masks per layer for the requested sparsity. */
export function magnitudeMasks(graph: Graph, opts: MagnitudePruneOptions): Map<string, Uint8Array> {
  const layers = chosenLayers(graph, opts);
  if (layers.length === 0) throw invalidRequest('no dense or conv layer to prune', undefined, 'layers');
  const masks = new Map<string, Uint8Array>();
  if ((opts.scope ?? 'layer') === 'layer') {
    for (const node of layers) {
      const s = sparsityOf(opts, node.name);
      masks.set(node.name, magnitudeMask(node.kernel, Math.round(s * node.kernel.length)));
    }
  } else {
    if (typeof opts.sparsity !== 'number') {
      throw invalidRequest('global pruning takes one sparsity for all layers', undefined, 'sparsity');
    }
    checkRange(opts.sparsity, 0, 1, 'sparsity', undefined, { hi: true });
    const all: number[] = [];
    for (const node of layers) for (const w of node.kernel) all.push(w);
    const flat = magnitudeMask(all, Math.round(opts.sparsity * all.length));
    let off = 0;
    for (const node of layers) {
      masks.set(node.name, flat.slice(off, off + node.kernel.length));
      off += node.kernel.length;
    }
  }
  for (const node of layers) {
    const m = masks.get(node.name);
    if (m !== undefined && m.length > 0 && !m.includes(1)) {
      throw invalidRequest(`pruning would remove every weight of layer '${node.name}'`, node.name, 'sparsity');
    }
  }
  return masks;
}

/** Zero the masked-out kernel entries. */
export function applyMasks(graph: Graph, masks: ReadonlyMap<string, Uint8Array>): PruneResult {
  const repl = new Map<string, GraphNode>();
  const report: LayerSparsity[] = [];
  for (const node of graph.nodes) {
    const m = masks.get(node.name);
    if (m === undefined || !isKernelNode(node)) continue;
    const kernel = node.kernel.map((w, i) => (m[i] === 1 ? w : 0));
    repl.set(node.name, { ...node, kernel });
    report.push({ layer: node.name, weights: kernel.length, zeros: kernel.reduce((a, w) => a + (w === 0 ? 1 : 0), 0) });
  }
  return { graph: replaceNodes(graph, repl), layers: report };
}

export function pruneMagnitude(graph: Graph, opts: MagnitudePruneOptions): PruneResult {
  return applyMasks(graph, magnitudeMasks(graph, opts));
}
