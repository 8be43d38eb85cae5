/**
 * Dense, folded (reuse factor R > 1, II = R). The non-zero terms of each
 * output, in ascending input order, are dealt into R cycles of k = ⌈n/R⌉
 * terms: output o owns k multipliers, each reading at cycle t one input
 * element (an R-way mux) and one weight (a constant ROM indexed by t).
 * A multiplier whose weights are all ±2^s (binary/ternary) is an
 * adder/subtractor instead. Each cycle adds its k products to the
 * accumulator register, as a tree or, when the accumulator's casts change
 * values, as the sequential chain of the definition (cycle order and term
 * order are both ascending). The handshake accepts a new input in the cycle
 * that finishes the previous one.
 */
import { fracBits, maxRaw, minRaw } from '../../../fixed/fixed-type.js';
import type { DfDense } from '../../../ir/dataflow/types.js';
import { shapeSize } from '../../../ir/graph/types.js';
import { sumLeaves } from '../adder-tree.js';
import { castSig, codeExpr } from '../cast-sig.js';
import { addSig, mulSig, muxSig } from '../datapath.js';
import { ModuleBuilder } from '../module-builder.js';
import { moduleText } from '../module-text.js';
import { literal, signedWidth, trailingZeros, type Sig } from '../signal.js';
import { planDense, productRange, type DenseTerm } from './dense-plan.js';
import type { EmittedLayer, LayerContext } from './layer-types.js';

/** Unbounded stage budget: a folded layer's per-cycle logic is not pipelined. */
const NO_PIPELINE = 1 << 20;

export function emitDenseFolded(node: DfDense, ctx: LayerContext): EmittedLayer {
  const R = node.reuseFactor;
  const t0 = ctx.inType;
  const inBits = ctx.inSize * t0.width;
  const outBits = shapeSize(node.shape) * node.type.width;
  const b = new ModuleBuilder(node.name, NO_PIPELINE);
  b.port('input', 'clk', 1, true);
  b.port('input', 'rst', 1, true);
  b.port('input', 'in_valid', 1, true);
  b.port('output', 'in_ready', 1, true);
  b.port('input', 'in_last', 1, true);
  b.port('input', 'x', inBits);
  b.port('output', 'out_valid', 1, true);
  b.port('input', 'out_ready', 1, true);
  b.port('output', 'out_last', 1, true);
  b.port('output', 'y', outBits);

  const tw = Math.max(1, Math.ceil(Math.log2(R)));
  const busy = b.stateReg('busy', 1);
  const t = b.stateReg('t', tw);
  const xr = b.stateReg('xr', inBits);
  const lr = b.stateReg('lr', 1);
  const ov = b.stateReg('ov', 1);
  const ol = b.stateReg('ol', 1);
  const yr = b.stateReg('yr', outBits);
  const fin = b.wire('fin', 1, `${busy} & (${t} == ${tw}'d${R - 1})`);
  const outFree = b.wire('free', 1, `~${ov} | out_ready`);
  const step = b.wire('step', 1, `${busy} & (~${fin} | ${outFree})`);
  const first = b.wire('first', 1, `${t} == ${tw}'d0`);

  const plan = planDense(node, t0);
  const wFrac = fracBits(node.weightType);
  const accFrac = fracBits(node.accType);
  const elemRange = { min: minRaw(t0), max: maxRaw(t0), frac: fracBits(t0) };
  const elemW = t0.signed ? t0.width : t0.width + 1;
  const elems = new Map<number, Sig>();
  const elem = (i: number): Sig => {
    const hit = elems.get(i);
    if (hit) return hit;
    const slice = `${xr}[${i * t0.width + t0.width - 1}:${i * t0.width}]`;
    const s = b.sig('x', t0.signed ? slice : `{1'b0, ${slice}}`, elemRange, 0, 0, elemW);
    elems.set(i, s);
    return s;
  };
  /** The value selected by t: cases[t], the last case also for t ≥ R. */
  const byCycle = (cases: readonly string[]): string => {
    let expr = cases[cases.length - 1] ?? '';
    for (let k = cases.length - 2; k >= 0; k--) {
      if (cases[k] === expr) continue;
      expr = `(${t} == ${tw}'d${k}) ? ${cases[k]} : ${expr}`;
    }
    return expr;
  };

  const selects = new Map<string, Sig>();
  let multipliers = 0;
  let addSubs = 0;
  const accUpdates: string[] = [];
  const outs: Sig[] = [];
  for (const p of plan.outputs) {
    const n = p.terms.length;
    const k = Math.ceil(n / R);
    if (k === 0) {
      // no non-zero weight: the output is the constant cast of the bias
      outs.push(castSig(b, castSig(b, b.constant(p.accInit, accFrac), node.accType), node.type));
      continue;
    }
    // accumulator register and its range
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
    const accReg = b.stateReg('acc', accW);
    const accSig: Sig = { name: accReg, width: accW, frac: accFrac, min: accMin, max: accMax, stage: 0, depth: 0 };
    const init = b.constant(p.accInit, accFrac);
    const base = muxSig(b, first, accSig, init, 0, 0);

    const products: Sig[] = [];
    for (let m = 0; m < k; m++) {
      const slots: (DenseTerm | null)[] = Array.from({ length: R }, (_v, c) => p.terms[c * k + m] ?? null);
      products.push(slotProduct(slots));
    }
    let acc: Sig;
    if (p.tree) {
      acc = sumLeaves(b, [{ sig: base, neg: false }, ...products.map((sig) => ({ sig, neg: false }))]);
    } else {
      acc = base;
      for (const prod of products) acc = castSig(b, addSig(b, acc, prod), node.accType);
    }
    accUpdates.push(`${accReg} <= ${b.align(acc, accFrac, accW)};`);
    outs.push(castSig(b, castSig(b, acc, node.accType), node.type));
  }

  function slotProduct(slots: readonly (DenseTerm | null)[]): Sig {
    const used = slots.filter((s): s is DenseTerm => s !== null);
    const fill = used[used.length - 1] as DenseTerm;
    const xSel: Sig = (() => {
      const names = slots.map((s) => elem((s ?? fill).i).name);
      const expr = byCycle(names);
      if (!expr.includes('?')) return elem(fill.i);
      // outputs with the same pattern of inputs share the select
      const hit = selects.get(expr);
      if (hit) return hit;
      const sel = b.sig('xs', expr, elemRange, 0, 0, elemW);
      selects.set(expr, sel);
      return sel;
    })();
    const shifts = new Set(used.map((s) => trailingZeros(s.w)));
    const pm = used.every((s) => {
      const m = s.w >> BigInt(trailingZeros(s.w));
      return m === 1n || m === -1n;
    });
    if (pm && shifts.size === 1) {
      // binary / ternary weights: add or subtract the selected input
      addSubs++;
      const sh = [...shifts][0] as number;
      const frac = xSel.frac + wFrac - sh;
      const x: Sig = { ...xSel, frac };
      const signs = slots.map((s) => (s === null ? '0' : s.w < 0n ? 'n' : 'p'));
      const sel = (want: string): string => byCycle(signs.map((c) => (c === want ? "1'b1" : "1'b0")));
      let v = x;
      if (signs.includes('n')) {
        const negX = addSig(b, b.constant(0n, frac), x, true);
        v = signs.includes('p') ? muxSig(b, b.wire('sg', 1, sel('n')), x, negX, 0, 1) : negX;
      }
      if (signs.includes('0')) v = muxSig(b, b.wire('zr', 1, sel('0')), v, b.constant(0n, frac), 0, v.depth + 1);
      return castSig(b, v, node.productType);
    }
    multipliers++;
    const ws = slots.map((s) => (s === null ? 0n : s.w));
    let wmin = 0n;
    let wmax = 0n;
    for (const w of ws) {
      if (w < wmin) wmin = w;
      if (w > wmax) wmax = w;
    }
    const ww = signedWidth(wmin, wmax);
    const wSel: Sig = { name: b.wire('ws', ww, byCycle(ws.map((w) => literal(w, ww)))), width: ww, frac: wFrac, min: wmin, max: wmax, stage: 0, depth: 1 };
    const prod = mulSig(b, xSel, wSel, 1);
    return castSig(b, prod, node.productType);
  }

  b.waive(xr, 'input elements that meet only pruned (zero) weights are not read');
  const codes = outs.map((s) => codeExpr(b, s, node.type));
  b.raw(
    [
      `  assign in_ready = ~${busy} | (${fin} & ${outFree});`,
      `  assign out_valid = ${ov};`,
      `  assign out_last = ${ol};`,
      `  assign y = ${yr};`,
      '',
      '  always @(posedge clk) begin',
      '    if (rst) begin',
      `      ${busy} <= 1'b0;`,
      `      ${ov} <= 1'b0;`,
      `      ${t} <= ${tw}'d0;`,
      '    end else begin',
      `      if (out_ready) ${ov} <= 1'b0;`,
      `      if (${step}) begin`,
      `        ${t} <= ${fin} ? ${tw}'d0 : ${t} + ${tw}'d1;`,
      `        if (${fin}) begin`,
      `          ${busy} <= 1'b0;`,
      `          ${ov} <= 1'b1;`,
      `          ${ol} <= ${lr};`,
      '        end',
      '      end',
      `      if (in_valid & in_ready) begin`,
      `        ${busy} <= 1'b1;`,
      `        ${t} <= ${tw}'d0;`,
      '      end',
      '    end',
      '  end',
      '',
      '  // data registers: no reset needed, the valid flags above guard them',
      '  always @(posedge clk) begin',
      `    if (in_valid & in_ready) begin`,
      `      ${xr} <= x;`,
      `      ${lr} <= in_last;`,
      '    end',
      `    if (${step}) begin`,
      ...accUpdates.map((u) => `      ${u}`),
      `      if (${fin}) ${yr} <= {${[...codes].reverse().join(', ')}};`,
      '    end',
      '  end',
    ].join('\n'),
  );
  const nnz = plan.outputs.reduce((a, p) => a + p.terms.length, 0);
  const notes = [
    `dense ${node.inSize} -> ${node.outSize}, reuse factor ${R} (II = ${R}); ${node.inSize * node.outSize - nnz} of ${node.inSize * node.outSize} weights are zero (no hardware)`,
    `${multipliers} shared multipliers, ${addSubs} add/subtract units for binary/ternary weights`,
  ];
  return { node, module: node.name, text: moduleText(node, b, notes), kind: 'stream', clocked: true, latency: R + 1, ii: R, outDepth: 0, multipliers };
}
