/** Per-layer summary of a design: types, parameters, MACs, sparsity, weight bits. */
import { CompileError } from '../core/diagnostics.js';
import { formatType } from '../fixed/fixed-type.js';
import type { DfConv } from '../ir/dataflow/conv-types.js';
import type { Dataflow, DfDense, DfNode } from '../ir/dataflow/types.js';
import { axisSpan, windowAxes, type WindowAxis } from '../ir/graph/conv-geometry.js';
import { shapeSize } from '../ir/graph/types.js';

export interface LayerSummary {
  readonly name: string;
  readonly source: string;
  readonly op: string;
  readonly shape: readonly number[];
  readonly type: string;
  readonly weightType?: string;
  readonly accType?: string;
  /** weights + biases (or scales + shifts), all of them */
  readonly params: number;
  /** weights that are not zero */
  readonly nonzero: number;
  readonly sparsity: number;
  /** multiply-accumulates per inference (nonzero weights only) */
  readonly macs: number;
  /** storage bits of the nonzero parameters */
  readonly weightBits: number;
  readonly reuseFactor?: number;
}

/** Parameters, nonzero weights, sparsity, weight bits and folding of a Dense or convolution (zero weights build nothing). */
function weightedLayer(n: DfDense | DfConv, macs: number): Omit<LayerSummary, 'name' | 'source' | 'op' | 'shape' | 'type'> {
  const nz = n.weights.filter((w) => w !== 0n).length;
  const nzb = n.bias.filter((b) => b !== 0n).length;
  return {
    weightType: formatType(n.weightType),
    accType: formatType(n.accType),
    params: n.weights.length + n.bias.length,
    nonzero: nz + nzb,
    sparsity: n.weights.length > 0 ? 1 - nz / n.weights.length : 0,
    macs,
    weightBits: nz * n.weightType.width + nzb * n.biasType.width,
    reuseFactor: n.reuseFactor,
  };
}

export function summarizeLayer(n: DfNode): LayerSummary {
  const base = { name: n.name, source: n.source, op: n.op, shape: n.shape, type: formatType(n.type) };
  switch (n.op) {
    case 'dense':
      return { ...base, ...weightedLayer(n, n.weights.filter((w) => w !== 0n).length) };
    case 'scale_shift':
      return {
        ...base,
        weightType: formatType(n.scaleType),
        accType: formatType(n.accType),
        params: n.scale.length * 2,
        nonzero: n.scale.length * 2,
        sparsity: 0,
        macs: shapeSize(n.shape),
        weightBits: n.scale.length * (n.scaleType.width + n.shiftType.width),
      };
    case 'conv':
      return { ...base, ...weightedLayer(n, convMacs(n)) };
    default:
      return { ...base, params: 0, nonzero: 0, sparsity: 0, macs: 0, weightBits: 0 };
  }
}

/** Multiply-accumulates of one inference: nonzero weights over every output position, taps in the padding skipped. */
function convMacs(n: DfConv): number {
  const k = n.kernelSize;
  const KH = k.length === 2 ? (k[0] ?? 1) : 1;
  const KW = k[k.length - 1] ?? 1;
  const taps = KH * KW;
  const cg = n.weights.length / (n.outChannels * taps);
  const perTap = new Array<number>(taps).fill(0);
  n.weights.forEach((w, i) => {
    const t = Math.floor(i / cg) % taps;
    if (w !== 0n) perTap[t] = (perTap[t] ?? 0) + 1;
  });
  const axes = windowAxes(n.inShape.slice(0, -1), k, n.strides, n.padBefore, n.padAfter, (message, field) => {
    throw new CompileError('FF012', message, { layer: n.source, field });
  });
  // 1D is one row of a 2D window
  const rows: WindowAxis = axes.length === 2 && axes[0] ? axes[0] : { size: 1, k: 1, stride: 1, padBefore: 0, padAfter: 0, out: 1 };
  const cols = axes[axes.length - 1] ?? rows;
  let macs = 0;
  for (let oy = 0; oy < rows.out; oy++) {
    const y = axisSpan(rows, oy);
    for (let ox = 0; ox < cols.out; ox++) {
      const x = axisSpan(cols, ox);
      for (let ky = y.lo; ky < y.hi; ky++) for (let kx = x.lo; kx < x.hi; kx++) macs += perTap[ky * KW + kx] ?? 0;
    }
  }
  return macs;
}

export interface DesignSummary {
  readonly name: string;
  readonly layers: readonly LayerSummary[];
  readonly params: number;
  readonly nonzero: number;
  readonly macs: number;
  readonly weightBits: number;
}

export function summarizeDesign(df: Dataflow): DesignSummary {
  const layers = df.nodes.map(summarizeLayer);
  const sum = (f: (l: LayerSummary) => number) => layers.reduce((a, l) => a + f(l), 0);
  return { name: df.name, layers, params: sum((l) => l.params), nonzero: sum((l) => l.nonzero), macs: sum((l) => l.macs), weightBits: sum((l) => l.weightBits) };
}

/** A fixed-width text table. */
export function textTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_h, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(cells[0] ?? []), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n') + '\n';
}

export function summaryTable(s: DesignSummary): string {
  const rows = s.layers.map((l) => [
    l.name,
    l.op,
    `[${l.shape.join('x')}]`,
    l.type,
    l.weightType ?? '',
    l.accType ?? '',
    l.params,
    l.macs,
    l.params > 0 ? `${(100 * l.sparsity).toFixed(1)}%` : '',
    l.reuseFactor ?? '',
  ]);
  rows.push(['total', '', '', '', '', '', s.params, s.macs, '', '']);
  return textTable(['layer', 'op', 'shape', 'result', 'weight', 'accum', 'params', 'MACs', 'sparsity', 'RF'], rows);
}
