/**
 * Compression steps that need plain layers (calibration, QAT) fold each
 * BatchNorm into the Dense or convolution before it exactly as the lowering
 * does (src/ir/graph/fold-batchnorm.ts), so they see what the hardware
 * computes.
 */
import { foldBatchnorm } from '../../ir/graph/fold-batchnorm.js';
import type { Graph } from '../../ir/graph/types.js';

export function foldBatchnorms(graph: Graph): Graph {
  return foldBatchnorm(graph).graph;
}
