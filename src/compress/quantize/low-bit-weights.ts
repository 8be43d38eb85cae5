/**
 * Binary and ternary weights.
 * - binary (BinaryConnect, Courbariaux 2015): w_b = α · sign(w) (sign(0) = +1);
 * - ternary (TWN, Li & Liu 2016): Δ = 0.7 · mean|w|, w_t = α · sign(w) where
 *   |w| > Δ, else 0, with α = mean of |w| over |w| > Δ.
 * α is rounded to a power of two 2^k so the values are exact codes of the
 * 2-bit type ap_fixed<2, k+2> (codes −1, 0, 1 times 2^k): the hardware needs
 * no multiplier for α. The result carries that type as the weight annotation.
 */
import { fixedType, type FixedType } from '../../fixed/fixed-type.js';
import type { Graph, GraphNode } from '../../ir/graph/types.js';
import { denseByName, denseNodes, replaceNodes } from '../graph-edit.js';
import { invalidRequest } from '../request-error.js';

export type LowBitMode = 'binary' | 'ternary';

export interface LowBitWeights {
  readonly values: Float64Array;
  readonly alpha: number;
  readonly type: FixedType;
}

function powerOfTwo(a: number): number {
  return 2 ** Math.round(Math.log2(a));
}

export function lowBitType(alpha: number): FixedType {
  return fixedType(2, Math.round(Math.log2(alpha)) + 2, true, 'RND', 'SAT');
}

export function quantizeLowBit(w: ArrayLike<number>, mode: LowBitMode, layer = ''): LowBitWeights {
  const n = w.length;
  let meanAbs = 0;
  for (let i = 0; i < n; i++) meanAbs += Math.abs(w[i] ?? 0) / n;
  if (!(meanAbs > 0)) throw invalidRequest(`layer '${layer}' has an all-zero kernel; no ${mode} scale exists`, layer, 'kernel');
  const values = new Float64Array(n);
  if (mode === 'binary') {
    const alpha = powerOfTwo(meanAbs);
    for (let i = 0; i < n; i++) values[i] = (w[i] ?? 0) >= 0 ? alpha : -alpha;
    return { values, alpha, type: lowBitType(alpha) };
  }
  const delta = 0.7 * meanAbs;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(w[i] ?? 0);
    if (a > delta) {
      sum += a;
      count++;
    }
  }
  const alpha = powerOfTwo(count > 0 ? sum / count : meanAbs);
  for (let i = 0; i < n; i++) {
    const v = w[i] ?? 0;
    values[i] = Math.abs(v) > delta ? (v > 0 ? alpha : -alpha) : 0;
  }
  if (!values.some((v) => v !== 0)) throw invalidRequest(`ternarizing layer '${layer}' leaves no non-zero weight`, layer, 'kernel');
  return { values, alpha, type: lowBitType(alpha) };
}

/** Replace the kernels of the chosen Dense layers by their binary or ternary values. */
export function lowBitLayers(graph: Graph, mode: LowBitMode, layers?: readonly string[]): Graph {
  const chosen = layers === undefined ? denseNodes(graph) : layers.map((l) => denseByName(graph, l));
  const repl = new Map<string, GraphNode>();
  for (const node of chosen) {
    const q = quantizeLowBit(node.kernel, mode, node.name);
    repl.set(node.name, { ...node, kernel: Array.from(q.values), quant: { ...(node.quant ?? {}), weight: q.type } });
  }
  return replaceNodes(graph, repl);
}
