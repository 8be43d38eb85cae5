/**
 * The small designs the cost model is calibrated and checked on: seeded
 * MLPs (test/helpers-style, built here so src does not import test code)
 * covering precisions, pruning, reuse factors, LUT multipliers and tables.
 * Each synthesizes in seconds.
 */
import type { VerilogOptions } from '../../backends/verilog/options.js';
import { GRAPH_IR_VERSION, type Graph, type GraphNode } from '../../ir/graph/types.js';
import type { PrecisionConfig } from '../../lower/config.js';

export interface CalibrationDesign {
  readonly name: string;
  readonly graph: Graph;
  readonly config: PrecisionConfig;
  readonly verilog: VerilogOptions;
}

/** xorshift32 in [0, 1), deterministic. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

export interface MlpShape {
  readonly sizes: readonly number[];
  readonly hidden: 'relu' | 'tanh';
  readonly softmax: boolean;
  readonly sparsity: number;
  readonly seed: number;
}

/** A Glorot-uniform MLP graph with `sparsity` of each kernel zeroed at random. */
export function mlp(name: string, s: MlpShape): Graph {
  const r = rng(s.seed);
  const nodes: GraphNode[] = [{ op: 'input', name: 'x', inputs: [], shape: [s.sizes[0] ?? 1] }];
  let prev = 'x';
  for (let l = 1; l < s.sizes.length; l++) {
    const fanIn = s.sizes[l - 1] ?? 1;
    const units = s.sizes[l] ?? 1;
    const lim = Math.sqrt(6 / (fanIn + units));
    const kernel = Array.from({ length: fanIn * units }, () => (r() < s.sparsity ? 0 : (2 * r() - 1) * lim));
    const bias = Array.from({ length: units }, () => (2 * r() - 1) * 0.1);
    const fc = `fc${l}`;
    nodes.push({ op: 'dense', name: fc, inputs: [prev], shape: [units], units, kernel, bias });
    prev = fc;
    const last = l === s.sizes.length - 1;
    if (!last) {
      nodes.push({ op: 'activation', name: `${fc}_act`, inputs: [prev], shape: [units], fn: s.hidden });
      prev = `${fc}_act`;
    } else if (s.softmax) {
      nodes.push({ op: 'softmax', name: 'softmax', inputs: [prev], shape: [units] });
      prev = 'softmax';
    }
  }
  return { version: GRAPH_IR_VERSION, name, nodes, outputs: [prev] };
}

const cfg = (type: string, reuseFactor = 1): PrecisionConfig => ({ model: { default: type, reuseFactor } });

/** The calibration set (fitted) and the check set (reported, not fitted). */
export function calibrationDesigns(): { fit: CalibrationDesign[]; check: CalibrationDesign[] } {
  const small = (sparsity: number, seed: number): Graph => mlp('cal_small', { sizes: [16, 24, 10], hidden: 'relu', softmax: false, sparsity, seed });
  const fit: CalibrationDesign[] = [
    { name: 'mlp16-24-10 8b rf1', graph: small(0, 1), config: cfg('ap_fixed<8,3>'), verilog: {} },
    { name: 'mlp16-24-10 8b rf1 50% pruned', graph: small(0.5, 2), config: cfg('ap_fixed<8,3>'), verilog: {} },
    { name: 'mlp16-24-10 12b rf1 lut-mult', graph: small(0.3, 3), config: cfg('ap_fixed<12,4>'), verilog: { constMult: 'lut' } },
    { name: 'mlp16-24-10 16b rf1', graph: small(0.6, 4), config: cfg('ap_fixed<16,6>'), verilog: {} },
    { name: 'mlp16-24-10 8b rf2', graph: small(0, 5), config: cfg('ap_fixed<8,3>', 2), verilog: {} },
    { name: 'mlp16-24-10 16b rf4', graph: small(0.2, 6), config: cfg('ap_fixed<16,6>', 4), verilog: {} },
    { name: 'mlp10-12-4 tanh 8b', graph: mlp('cal_tanh', { sizes: [10, 12, 4], hidden: 'tanh', softmax: false, sparsity: 0, seed: 7 }), config: cfg('ap_fixed<8,3>'), verilog: {} },
  ];
  const check: CalibrationDesign[] = [
    { name: 'mlp16-32-32-5 10b rf1 25% pruned', graph: mlp('chk_a', { sizes: [16, 32, 32, 5], hidden: 'relu', softmax: false, sparsity: 0.25, seed: 11 }), config: cfg('ap_fixed<10,4>'), verilog: {} },
    { name: 'mlp16-32-32-5 14b rf2', graph: mlp('chk_b', { sizes: [16, 32, 32, 5], hidden: 'relu', softmax: false, sparsity: 0, seed: 12 }), config: cfg('ap_fixed<14,5>', 2), verilog: {} },
    { name: 'mlp16-32-10 8b rf1 softmax', graph: mlp('chk_c', { sizes: [16, 32, 10], hidden: 'relu', softmax: true, sparsity: 0.5, seed: 13 }), config: cfg('ap_fixed<8,3>'), verilog: {} },
    { name: 'mlp16-32-10 12b rf1 lut-mult', graph: mlp('chk_d', { sizes: [16, 32, 10], hidden: 'relu', softmax: false, sparsity: 0.5, seed: 14 }), config: cfg('ap_fixed<12,4>'), verilog: { constMult: 'lut' } },
  ];
  return { fit, check };
}
