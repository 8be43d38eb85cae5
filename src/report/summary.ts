/** Per-layer summary of a design: types, parameters, MACs, sparsity, weight bits. */
import { formatType } from '../fixed/fixed-type.js';
import type { DfConv } from '../ir/dataflow/conv-types.js';
import type { Dataflow, DfNode } from '../ir/dataflow/types.js';
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

export function summarizeLayer(n: DfNode): LayerSummary {
  const base = { name: n.name, source: n.source, op: n.op, shape: n.shape, type: formatType(n.type) };
  switch (n.op) {
    case 'dense': {
      const nz = n.weights.filter((w) => w !== 0n).length;
      const nzb = n.bias.filter((b) => b !== 0n).length;
      return {
        ...base,
        weightType: formatType(n.weightType),
        accType: formatType(n.accType),
        params: n.weights.length + n.bias.length,
        nonzero: nz + nzb,
        sparsity: n.weights.length > 0 ? 1 - nz / n.weights.length : 0,
        macs: nz,
        weightBits: nz * n.weightType.width + nzb * n.biasType.width,
        reuseFactor: n.reuseFactor,
      };
    }
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
    case 'conv': {
      const nz = n.weights.filter((w) => w !== 0n).length;
      const nzb = n.bias.filter((b) => b !== 0n).length;
      return {
        ...base,
        weightType: formatType(n.weightType),
        accType: formatType(n.accType),
        params: n.weights.length + n.bias.length,
        nonzero: nz + nzb,
        sparsity: n.weights.length > 0 ? 1 - nz / n.weights.length : 0,
        macs: convMacs(n),
        weightBits: nz * n.weightType.width + nzb * n.biasType.width,
        reuseFactor: n.reuseFactor,
      };
    }
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
  const two = k.length === 2;
  /** geometry of spatial axis i of the kernel (1D: one axis, the columns) */
  const axis = (i: number) => {
    const inLen = n.inShape[i] ?? 1;
    const kk = n.kernelSize[i] ?? 1;
    const s = n.strides[i] ?? 1;
    const pb = n.padBefore[i] ?? 0;
    return { inLen, s, pb, out: Math.floor((inLen + pb + (n.padAfter[i] ?? 0) - kk) / s) + 1 };
  };
  const rows = two ? axis(0) : { inLen: 1, s: 1, pb: 0, out: 1 };
  const cols = axis(two ? 1 : 0);
  let macs = 0;
  for (let oy = 0; oy < rows.out; oy++) {
    for (let ky = 0; ky < KH; ky++) {
      const y = oy * rows.s + ky - rows.pb;
      if (y < 0 || y >= rows.inLen) continue;
      for (let ox = 0; ox < cols.out; ox++) {
        for (let kx = 0; kx < KW; kx++) {
          const x = ox * cols.s + kx - cols.pb;
          if (x >= 0 && x < cols.inLen) macs += perTap[ky * KW + kx] ?? 0;
        }
      }
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
