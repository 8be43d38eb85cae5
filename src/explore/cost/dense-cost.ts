/**
 * Dense layers replayed on abstract signals: the parallel datapath of
 * src/backends/verilog/layers/dense-parallel.ts operation by operation (its
 * stages are the layer's latency), and the folded unit of dense-folded.ts
 * counted by structure (latency R + 1, II = R, as that emitter fixes).
 */
import { fracBits, maxRaw, minRaw, type FixedType } from '../../fixed/fixed-type.js';
import type { DfDense } from '../../ir/dataflow/types.js';
import { castParts } from '../../backends/verilog/cast-sig.js';
import { productKind } from '../../backends/verilog/const-mult.js';
import { planDense, productRange, type DenseTerm } from '../../backends/verilog/layers/dense-plan.js';
import type { LayerKnobs } from '../../backends/verilog/options.js';
import { trailingZeros } from '../../backends/verilog/signal.js';
import { addA, castA, constProductA, saturationMuxBits, sumLeavesA, type ALeaf } from './abstract-ops.js';
import { AbstractModule, signedWidth, type ASig } from './abstract-sched.js';
import type { LayerShape } from './layer-shape.js';

export interface DenseCtx {
  readonly inType: FixedType;
  readonly inDepth: number;
  readonly stageLevels: number;
  readonly mulLevels: number;
  readonly knobs: Required<LayerKnobs>;
}

/** Element i of the input bus, as PipeLayer.input makes it. */
export function inputSig(b: AbstractModule, t: FixedType, depth: number): ASig {
  return b.sig({ min: minRaw(t), max: maxRaw(t), frac: fracBits(t) }, 0, depth, t.signed ? t.width : t.width + 1);
}

export function denseParallel(node: DfDense, ctx: DenseCtx): LayerShape {
  const b = new AbstractModule(ctx.stageLevels);
  const plan = planDense(node, ctx.inType);
  const wFrac = fracBits(node.weightType);
  const accFrac = fracBits(node.accType);
  const elems = new Map<number, ASig>();
  const input = (i: number): ASig => {
    const hit = elems.get(i);
    if (hit) return hit;
    const s = inputSig(b, ctx.inType, ctx.inDepth);
    elems.set(i, s);
    return s;
  };
  let multipliers = 0;
  const productLeaves = (t: DenseTerm): ALeaf[] => {
    if (productKind(t.w, ctx.knobs) === 'multiplier') multipliers++;
    const leaves = constProductA(b, input(t.i), t.w, wFrac, ctx.knobs, ctx.mulLevels);
    if (plan.productExact) return leaves;
    return [{ sig: castA(b, sumLeavesA(b, leaves), node.productType), neg: false }];
  };
  const outs = plan.outputs.map((p) => {
    let acc: ASig;
    if (p.tree) {
      const leaves: ALeaf[] = [{ sig: b.constant(p.accInit, accFrac), neg: false }];
      for (const t of p.terms) leaves.push(...productLeaves(t));
      acc = castA(b, sumLeavesA(b, leaves), node.accType);
    } else {
      acc = b.constant(p.accInit, accFrac);
      for (const t of p.terms) acc = castA(b, addA(b, acc, sumLeavesA(b, productLeaves(t))), node.accType);
    }
    return castA(b, acc, node.type);
  });
  return finishPipe(b, outs, multipliers);
}

/** pipe-layer.ts finish: outputs delayed to the last stage. */
export function finishPipe(b: AbstractModule, outs: readonly ASig[], multipliers: number): LayerShape {
  const live = outs.filter((s) => s.konst === undefined);
  const stage = live.length > 0 ? Math.max(...live.map((s) => s.stage)) : 0;
  const aligned = outs.map((s) => b.at(s, stage));
  const depth = Math.max(0, ...aligned.filter((s) => s.konst === undefined && s.stage === stage).map((s) => s.depth));
  return { kind: 'pipe', latency: stage, ii: 1, outDepth: live.length > 0 ? depth : 0, multipliers, tally: b.tally };
}

export function denseFolded(node: DfDense, ctx: DenseCtx, inSize: number): LayerShape {
  const R = node.reuseFactor;
  const b = new AbstractModule(1 << 20);
  const t = b.tally;
  const t0 = ctx.inType;
  const elemW = t0.signed ? t0.width : t0.width + 1;
  const plan = planDense(node, t0);
  const accFrac = fracBits(node.accType);
  const tw = Math.max(1, Math.ceil(Math.log2(R)));
  // busy, t, xr, lr, ov, ol, yr
  t.regBits += 1 + tw + inSize * t0.width + 3 + node.outSize * node.type.width;
  const selects = new Set<string>();
  let multipliers = 0;
  for (const p of plan.outputs) {
    const n = p.terms.length;
    const k = Math.ceil(n / R);
    if (k === 0) continue;
    let accMin = p.accInit;
    let accMax = p.accInit;
    if (p.tree) {
      for (const term of p.terms) {
        const r = productRange(t0, node, term.w);
        const sh = BigInt(accFrac - r.frac);
        if (r.min < 0n) accMin += r.min << sh;
        if (r.max > 0n) accMax += r.max << sh;
      }
    } else {
      accMin = minRaw(node.accType);
      accMax = maxRaw(node.accType);
    }
    const accW = signedWidth(accMin, accMax);
    t.regBits += accW;
    t.muxBits += accW; // first ? init : acc
    let mulSlots = 0;
    for (let m = 0; m < k; m++) {
      const slots = Array.from({ length: R }, (_v, c) => p.terms[c * k + m] ?? null);
      const used = slots.filter((s): s is DenseTerm => s !== null);
      const fill = used[used.length - 1] as DenseTerm;
      const key = slots.map((s) => (s ?? fill).i).join(',');
      if (new Set(key.split(',')).size > 1 && !selects.has(key)) {
        selects.add(key);
        t.foldMuxBits += elemW * Math.ceil(R / 4);
      }
      const pm = used.every((s) => {
        const mm = s.w >> BigInt(trailingZeros(s.w));
        return mm === 1n || mm === -1n;
      });
      const shifts = new Set(used.map((s) => trailingZeros(s.w)));
      if (pm && shifts.size === 1) {
        t.adders++;
        t.adderBits += elemW + 1;
        t.muxBits += elemW + 1;
        continue;
      }
      multipliers++;
      mulSlots++;
      let wmin = 0n;
      let wmax = 0n;
      for (const s of slots) {
        const w = s === null ? 0n : s.w;
        if (w < wmin) wmin = w;
        if (w > wmax) wmax = w;
      }
      const ww = signedWidth(wmin, wmax);
      t.mults.push([elemW, ww]);
      t.foldMuxBits += ww * Math.ceil(R / 64);
    }
    // without a tree (a narrow accumulator) every product is added and cast to the accumulator type in turn
    if (!p.tree) {
      // the sum can leave the accumulator's range (by a whole step of it, so that rounding cannot bring it back), on the finer grid
      const frac = Math.max(accFrac, fracBits(node.productType));
      const sh = BigInt(frac - accFrac);
      const sum = { min: (minRaw(node.accType) - 1n) << sh, max: (maxRaw(node.accType) + 1n) << sh, frac };
      t.muxBits += k * saturationMuxBits(castParts(sum, node.accType), accW);
    }
    // the per-cycle sum: k products and the accumulator; an adder right after a multiplier packs into its DSP
    t.adders += k;
    t.dspAdderBits += mulSlots * accW;
    t.adderBits += (k - mulSlots) * accW;
    t.castBits += castA(new AbstractModule(1 << 20), { wire: 0, width: accW, frac: accFrac, min: accMin, max: accMax, stage: 0, depth: 0 }, node.type).width;
  }
  return { kind: 'stream', latency: R + 1, ii: R, outDepth: 0, multipliers, tally: t };
}
