/**
 * Bias correction (Nagel et al. 2019, "Data-free quantization through weight
 * equalization and bias correction"): quantizing W to W̃ shifts each output
 * by ε = (W̃ − W)ᵀ · E[x]; subtracting ε from the bias removes that mean
 * error. E[x] is measured on calibration data, layer by layer in graph order
 * with the earlier layers already quantized, so each correction sees the
 * inputs the hardware will see. The kernel is replaced by its exact grid
 * values W̃ (so the lowering's cast of it changes nothing).
 */
import { toNumber } from '../../fixed/arith.js';
import type { DenseNode, Graph, GraphNode } from '../../ir/graph/types.js';
import { denseInSize, replaceNodes } from '../graph-edit.js';
import { checkBatch, evaluateGraph, type Batch } from '../graph-eval.js';
import { invalidRequest } from '../request-error.js';
import { floatCaster } from './float-cast.js';
import { resolvePrecision, type PrecisionConfigObject } from './precision-config.js';

export interface BiasCorrectionLayer {
  readonly layer: string;
  /** largest |ε| subtracted from a bias */
  readonly maxShift: number;
}

export function quantizedKernel(node: DenseNode, config: PrecisionConfigObject): number[] {
  const wt = resolvePrecision(config, node, 'weight');
  if (wt === undefined) throw invalidRequest(`layer '${node.name}' has no weight type in the precision config`, node.name, 'weight');
  const cast = floatCaster(wt);
  return node.kernel.map((w) => toNumber(cast(w), wt));
}

export function correctBiases(graph: Graph, batch: Batch, config: PrecisionConfigObject): { graph: Graph; layers: BiasCorrectionLayer[] } {
  checkBatch(graph, batch);
  let g = graph;
  const report: BiasCorrectionLayer[] = [];
  for (const node of graph.nodes) {
    if (node.op !== 'dense') continue;
    const acts = evaluateGraph(g, batch);
    const x = acts.get(node.inputs[0] ?? '');
    if (x === undefined) throw invalidRequest(`input of '${node.name}' not found`, node.name);
    const inSize = denseInSize(node);
    const mean = new Float64Array(inSize);
    for (let s = 0; s < batch.n; s++) for (let i = 0; i < inSize; i++) mean[i] = (mean[i] ?? 0) + (x[s * inSize + i] ?? 0) / batch.n;
    const wq = quantizedKernel(node, config);
    const bias = Array.from({ length: node.units }, (_, o) => node.bias?.[o] ?? 0);
    let maxShift = 0;
    for (let o = 0; o < node.units; o++) {
      let eps = 0;
      for (let i = 0; i < inSize; i++) eps += ((wq[i * node.units + o] ?? 0) - (node.kernel[i * node.units + o] ?? 0)) * (mean[i] ?? 0);
      bias[o] = (bias[o] ?? 0) - eps;
      maxShift = Math.max(maxShift, Math.abs(eps));
    }
    const repl = new Map<string, GraphNode>([[node.name, { ...node, kernel: wq, bias }]]);
    g = replaceNodes(g, repl);
    report.push({ layer: node.name, maxShift });
  }
  return { graph: g, layers: report };
}
