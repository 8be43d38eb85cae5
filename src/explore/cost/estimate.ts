/**
 * estimateDesign: a dataflow design and Verilog options → per-layer and total
 * LUT / FF / DSP / BRAM estimates, and the latency and II in cycles. The
 * cycles follow src/backends/verilog/top.ts exactly: pipe layers add their
 * stages to their segment, a folded layer closes the segment before it and
 * adds its own latency, outputs leave from a register. Streaming designs
 * (conv, pool, add, …) take the stream backend's schedule: stream-cost.ts.
 */
import { CompileError } from '../../core/diagnostics.js';
import type { Dataflow, DfNode } from '../../ir/dataflow/types.js';
import { shapeSize } from '../../ir/graph/types.js';
import { resolveOptions, type VerilogOptions } from '../../backends/verilog/options.js';
import { isStreamingDesign } from '../../backends/verilog/stream/stream-design.js';
import { defaultCoefficients, type CostCoefficients } from './coefficients.js';
import type { Tally } from './abstract-sched.js';
import { layerShape } from './layer-cost.js';
import type { LayerShape } from './layer-shape.js';
import { addEstimates, NO_ESTIMATE, priceTally, type Estimate } from './price.js';
import { estimateStreamDesign } from './stream-cost.js';

export interface LayerEstimate {
  readonly layer: string;
  readonly op: DfNode['op'];
  readonly kind: LayerShape['kind'];
  readonly latency: number;
  readonly ii: number;
  readonly multipliers: number;
  readonly resources: Estimate;
  readonly tally: Tally;
}

export interface DesignEstimate {
  readonly layers: readonly LayerEstimate[];
  /** pipeline-control and output-delay registers of the top */
  readonly glue: Estimate;
  readonly total: Estimate;
  /**
   * cycles from an accepted input to its output valid, without back-pressure; streaming designs: from an image's
   * first pixel accepted to its last pixel out, the image entering an empty design (line-buffer fills included)
   */
  readonly latency: number;
  /** streaming designs: the largest latency of images that follow each other back to back at full speed */
  readonly latencyMax?: number;
  readonly ii: number;
}

interface Placed {
  readonly node: DfNode;
  readonly seg: number;
  readonly stage: number;
  readonly depth: number;
}

export function estimateDesign(df: Dataflow, options: VerilogOptions = {}, coeffs: CostCoefficients = defaultCoefficients()): DesignEstimate {
  const opts = resolveOptions(df, options);
  // convolution-family designs stream pixels: the backend's stream schedule, priced per unit (stream-cost.ts)
  if (isStreamingDesign(df)) return estimateStreamDesign(df, opts, coeffs);
  const placed = new Map<string, Placed>();
  const layers: LayerEstimate[] = [];
  const segDepth: number[] = [];
  let streamLatency = 0;
  let seg = 0;
  for (const node of df.nodes) {
    let shape: LayerShape;
    if (node.op === 'input') {
      shape = layerShape(node, opts, { inType: node.type, inSize: shapeSize(node.shape), inDepth: 0 });
      placed.set(node.name, { node, seg: 0, stage: 1, depth: 0 });
    } else {
      const src = placed.get(node.inputs[0] ?? '');
      if (!src || node.inputs.length !== 1) throw new CompileError('FF006', `layer has ${node.inputs.length} inputs; the Verilog backend supports single-input layers`, { layer: node.source });
      shape = layerShape(node, opts, { inType: src.node.type, inSize: shapeSize(src.node.shape), inDepth: src.depth });
      if (shape.kind === 'pipe') {
        placed.set(node.name, { node, seg: src.seg, stage: src.stage + shape.latency, depth: shape.outDepth });
      } else {
        segDepth[src.seg] = src.stage;
        seg += 1;
        streamLatency += shape.latency;
        placed.set(node.name, { node, seg, stage: 0, depth: 0 });
      }
    }
    layers.push({ layer: node.name, op: node.op, kind: shape.kind, latency: shape.latency, ii: shape.ii, multipliers: shape.multipliers, resources: priceTally(shape.tally, coeffs), tally: shape.tally });
  }
  const outs = df.outputs.map((o) => {
    const p = placed.get(o);
    if (!p) throw new CompileError('FF020', `output '${o}' does not exist`, { field: 'outputs' });
    return p;
  });
  const T = Math.max(...outs.map((p) => p.stage + (p.depth > 0 ? 1 : 0)));
  segDepth[seg] = T;
  let glueRegs = 0;
  for (let k = 0; k <= seg; k++) glueRegs += (segDepth[k] ?? 0) * 2;
  for (const p of outs) glueRegs += Math.max(0, T - p.stage) * shapeSize(p.node.shape) * p.node.type.width;
  const glue: Estimate = { ...NO_ESTIMATE, ffs: Math.round(glueRegs * coeffs.ffPerRegBit), luts: 4 * (seg + 1) };
  const total = layers.reduce((a, l) => addEstimates(a, l.resources), glue);
  const latency = segDepth.reduce((a, d) => a + (d ?? 0), 0) + streamLatency;
  const ii = Math.max(1, ...layers.map((l) => l.ii));
  return { layers, glue, total, latency, ii };
}
