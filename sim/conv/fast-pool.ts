/**
 * Pooling on batches. Max compares codes exactly. Average sums the window's
 * input elements exactly (the verifier guarantees sumType holds any such
 * sum) and multiplies by the reciprocal code: compiled only when sumType's
 * width plus recipType's is at most 52, so the product is an exact integer.
 */
import { fracBits, type FixedType } from '../../src/fixed/fixed-type.js';
import type { DfPool } from '../../src/ir/dataflow/conv-types.js';
import type { Kernel, NodeStats } from '../fast-kernels.js';
import { caster, fastWidths } from './caster.js';
import { planeOf, type Plane } from './plane.js';

export function compilePool(node: DfPool, xt: FixedType, stats?: NodeStats): Kernel | null {
  const p = planeOf(node);
  const avg = node.average;
  const fx = fracBits(xt);
  let castR: (raw: number) => number;
  let recipOf: Float64Array | null = null;
  if (node.kind === 'avg') {
    if (!avg || !fastWidths(avg.recipType.width, avg.sumType.width + avg.recipType.width)) return null;
    castR = caster(stats, 'result', fx + fracBits(avg.recipType), node.type);
    recipOf = new Float64Array(p.KH * p.KW + 1).fill(NaN);
    avg.counts.forEach((c, i) => {
      if (c < (recipOf as Float64Array).length) (recipOf as Float64Array)[c] = Number(avg.recips[i] ?? 0n);
    });
  } else {
    castR = caster(stats, 'result', fx, node.type);
  }
  const full = p.KH * p.KW;
  const byWindow = avg?.divisor === 'window';
  if (recipOf && !everyCountHasRecip(p, byWindow ? full : null, recipOf)) return null; // the reference reports it
  return (ins, B, out) => {
    const x = ins[0] ?? new Float64Array(0);
    for (let oy = 0; oy < p.OH; oy++) {
      const y0 = oy * p.SH - p.PT;
      const kyLo = Math.max(0, -y0);
      const kyHi = Math.min(p.KH, p.H - y0);
      for (let ox = 0; ox < p.OW; ox++) {
        const x0 = ox * p.SW - p.PL;
        const kxLo = Math.max(0, -x0);
        const kxHi = Math.min(p.KW, p.W - x0);
        const n = (kyHi - kyLo) * (kxHi - kxLo);
        const r = recipOf ? (recipOf[byWindow ? full : n] as number) : 0;
        for (let c = 0; c < p.C; c++) {
          const base = ((oy * p.OW + ox) * p.C + c) * B;
          for (let b = 0; b < B; b++) {
            let m = recipOf ? 0 : -Infinity;
            for (let ky = kyLo; ky < kyHi; ky++) {
              for (let kx = kxLo; kx < kxHi; kx++) {
                const v = x[(((y0 + ky) * p.W + x0 + kx) * p.C + c) * B + b] as number;
                if (recipOf) m += v;
                else if (v > m) m = v;
              }
            }
            out[base + b] = castR(recipOf ? m * r : m);
          }
        }
      }
    }
  };
}

function everyCountHasRecip(p: Plane, fixed: number | null, recipOf: Float64Array): boolean {
  for (let oy = 0; oy < p.OH; oy++) {
    const y0 = oy * p.SH - p.PT;
    for (let ox = 0; ox < p.OW; ox++) {
      const x0 = ox * p.SW - p.PL;
      const n = fixed ?? (Math.min(p.KH, p.H - y0) - Math.max(0, -y0)) * (Math.min(p.KW, p.W - x0) - Math.max(0, -x0));
      if (Number.isNaN(recipOf[n] ?? NaN)) return false;
    }
  }
  return true;
}
