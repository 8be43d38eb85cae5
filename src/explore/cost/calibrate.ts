/**
 * Calibration of the cost model against Yosys: synthesize the calibration
 * designs (measureDesigns), then fit the coefficients on their per-layer
 * figures (fitCoefficients): the DSP width threshold by exhaustive search,
 * the LUT prices by non-negative least squares on relative error, the FF
 * factor by least squares through the origin.
 */
import { emitVerilogDesign } from '../../backends/verilog/emit.js';
import { compileGraph } from '../../pipeline.js';
import { synthVerilog } from '../../report/yosys/synth.js';
import type { CalibrationDesign } from './calibration-designs.js';
import { PRIOR_COEFFICIENTS, type CostCoefficients } from './coefficients.js';
import { estimateDesign } from './estimate.js';
import { dspTiles, lutFeatures, onDsp, type Estimate, type LutFeatures } from './price.js';
import type { Tally } from './abstract-sched.js';

export interface MeasuredLayer extends Estimate {
  readonly layer: string;
}

export interface MeasuredDesign {
  readonly name: string;
  readonly layers: readonly MeasuredLayer[];
  readonly glue: Estimate;
  readonly total: Estimate;
  /** the backend's schedule */
  readonly latency: number;
  readonly ii: number;
  readonly yosysSeconds: number;
}

const pick = (r: Estimate): Estimate => ({ luts: r.luts, ffs: r.ffs, dsps: r.dsps, brams: r.brams });

export async function measureDesign(d: CalibrationDesign): Promise<MeasuredDesign> {
  const df = compileGraph(d.graph, { config: d.config });
  const design = emitVerilogDesign(df, d.verilog);
  const t0 = performance.now();
  const r = await synthVerilog(design.files, { logicDepth: false });
  return {
    name: d.name,
    layers: r.layers.map((l) => ({ layer: l.layer, ...pick(l.resources) })),
    glue: pick(r.glue),
    total: pick(r.total),
    latency: design.layout.latency,
    ii: design.layout.ii,
    yosysSeconds: (performance.now() - t0) / 1000,
  };
}

const FEATURES: readonly (keyof LutFeatures)[] = ['adderBits', 'castBits', 'muxBits', 'dspAdderBits', 'foldMuxBits', 'softMulBits', 'romBits'];
const PRICE_KEYS = ['lutPerAdderBit', 'lutPerCastBit', 'lutPerMuxBit', 'lutPerDspAdderBit', 'lutPerFoldMuxBit', 'lutPerSoftMulBit', 'lutPerRomBit'] as const;

interface Row {
  readonly tally: Tally;
  readonly measured: MeasuredLayer;
}

function rows(designs: readonly CalibrationDesign[], measured: readonly MeasuredDesign[]): Row[] {
  const out: Row[] = [];
  for (const d of designs) {
    const m = measured.find((x) => x.name === d.name);
    if (!m) continue;
    const est = estimateDesign(compileGraph(d.graph, { config: d.config }), d.verilog, PRIOR_COEFFICIENTS);
    for (const l of est.layers) {
      const ml = m.layers.find((x) => x.layer === l.layer);
      if (ml) out.push({ tally: l.tally, measured: ml });
    }
  }
  return out;
}

/** min ‖W(Ax − b)‖² subject to x ≥ 0, by cyclic coordinate descent. */
export function nnls(a: readonly (readonly number[])[], b: readonly number[], w: readonly number[], start: readonly number[]): number[] {
  const x = [...start];
  const n = x.length;
  for (let it = 0; it < 2000; it++) {
    for (let j = 0; j < n; j++) {
      let num = 0;
      let den = 0;
      a.forEach((row, i) => {
        const wi = (w[i] ?? 1) ** 2;
        const aij = row[j] ?? 0;
        if (aij === 0) return;
        let rest = b[i] ?? 0;
        for (let k = 0; k < n; k++) if (k !== j) rest -= (row[k] ?? 0) * (x[k] ?? 0);
        num += wi * aij * rest;
        den += wi * aij * aij;
      });
      if (den > 0) x[j] = Math.max(0, num / den);
    }
  }
  return x;
}

export function fitCoefficients(designs: readonly CalibrationDesign[], measured: readonly MeasuredDesign[]): CostCoefficients {
  const data = rows(designs, measured);
  const base = PRIOR_COEFFICIENTS;
  // DSP thresholds: the widths below which Yosys leaves a multiplier in fabric
  let bestK = { dspMinWidth: base.dspMinWidth, dspMinSum: base.dspMinSum };
  let bestErr = Infinity;
  for (let k = 1; k <= 12; k++) {
    for (let sum = 2; sum <= 32; sum++) {
      const c = { dspMinWidth: k, dspMinSum: sum };
      let err = 0;
      for (const r of data) {
        const dsps = r.tally.mults.reduce((s, [a, b]) => s + (onDsp(a, b, c) ? dspTiles(a, b, base) : 0), 0);
        err += Math.abs(dsps - r.measured.dsps);
      }
      if (err < bestErr) {
        bestErr = err;
        bestK = c;
      }
    }
  }
  const withK = { ...base, ...bestK };
  const feats = data.map((r) => lutFeatures(r.tally, withK));
  const a = feats.map((f) => FEATURES.map((k) => f[k]));
  const b = data.map((r) => r.measured.luts);
  const w = data.map((r) => 1 / Math.max(20, r.measured.luts));
  const x = nnls(a, b, w, PRICE_KEYS.map((k) => base[k]));
  let num = 0;
  let den = 0;
  for (const r of data) {
    num += r.tally.regBits * r.measured.ffs;
    den += r.tally.regBits * r.tally.regBits;
  }
  const prices = Object.fromEntries(PRICE_KEYS.map((k, i) => [k, Number((x[i] ?? 0).toFixed(4))])) as Record<(typeof PRICE_KEYS)[number], number>;
  return {
    ...withK,
    ...prices,
    ffPerRegBit: den > 0 ? Number((num / den).toFixed(4)) : base.ffPerRegBit,
    calibratedOn: measured.filter((m) => designs.some((d) => d.name === m.name)).map((m) => m.name),
  };
}
