/**
 * The arithmetic of pooling on one window (pixels of C channels, tap t at
 * element t·C + c). Max: a balanced tree of exact compares; padding taps
 * hold the input type's smallest code, which never exceeds a real element,
 * so the maximum is that of the window's input elements. Average: the exact
 * sum of the taps (padding holds 0), times recips[count], one cast; the
 * count is the number of real taps (mask bits from fx_window) when it varies
 * over the image, else a constant.
 */
import { fracBits, type FixedType } from '../../../fixed/fixed-type.js';
import type { DfPool } from '../../../ir/dataflow/conv-types.js';
import { sumLeaves } from '../adder-tree.js';
import { castSig } from '../cast-sig.js';
import { constProduct, productKind } from '../const-mult.js';
import { mulSig } from '../datapath.js';
import type { ModuleBuilder } from '../module-builder.js';
import { literal, shiftRange, signedWidth, type Sig } from '../signal.js';
import type { EmittedLayer, LayerContext } from '../layers/layer-types.js';
import { PipeLayer } from '../layers/pipe-layer.js';
import { bitsFor } from './window-walk.js';

/** max(x, y), compared exactly (one compare and one mux). */
export function maxSig(b: ModuleBuilder, x: Sig, y: Sig): Sig {
  const frac = Math.max(x.frac, y.frac);
  const rx = shiftRange(x, frac);
  const ry = shiftRange(y, frac);
  if (rx.min >= ry.max) return x;
  if (ry.min >= rx.max) return y;
  const min = rx.min > ry.min ? rx.min : ry.min;
  const max = rx.max > ry.max ? rx.max : ry.max;
  const { ops, stage, depth } = b.schedule([x, y], 2);
  const [a, c] = ops as [Sig, Sig];
  const wc = Math.max(signedWidth(rx.min, rx.max), signedWidth(ry.min, ry.max));
  const w = signedWidth(min, max);
  const expr = `$signed(${b.align(a, frac, wc)}) > $signed(${b.align(c, frac, wc)}) ? ${b.align(a, frac, w)} : ${b.align(c, frac, w)}`;
  return b.sig('mx', expr, { min, max, frac }, stage, depth, w);
}

function maxTree(b: ModuleBuilder, xs: readonly Sig[]): Sig {
  let level = [...xs];
  while (level.length > 1) {
    const next: Sig[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(maxSig(b, level[i] as Sig, level[i + 1] as Sig));
    if (level.length % 2 === 1) next.push(level[level.length - 1] as Sig);
    level = next;
  }
  return level[0] as Sig;
}

/** The datapath module `name` of a pool layer; `taps` window positions of `channels` elements. */
export function emitPoolDatapath(node: DfPool, name: string, ctx: LayerContext, taps: number, channels: number, varyingCount: boolean): EmittedLayer {
  const dpNode = { ...node, name, shape: [channels] };
  const layer = new PipeLayer(dpNode, { ...ctx, inSize: taps * channels });
  const b = layer.b;
  const notes = [`${node.kind} pooling over ${taps} taps of ${channels} channels`];
  const tapSigs = (c: number): Sig[] => Array.from({ length: taps }, (_v, t) => layer.input(t * channels + c));
  if (node.kind === 'max' || node.average === null) {
    return layer.finish(
      Array.from({ length: channels }, (_v, c) => castSig(b, maxTree(b, tapSigs(c)), node.type)),
      [...notes, 'padding taps hold the smallest input code: they never win the compare'],
    );
  }
  const avg = node.average;
  const rt: FixedType = avg.recipType;
  const rf = fracBits(rt);
  const knobs = ctx.opts.knobs(node.name);
  let recipSel: Sig | null = null;
  if (varyingCount && avg.counts.length > 1) {
    b.port('input', 'm', taps);
    const cw = bitsFor(taps + 1) + 1;
    const bits = Array.from({ length: taps }, (_v, t) => `{${cw - 1}'d0, m[${t}]}`);
    const cnt = b.wire('cnt', cw, bits.join(' + '));
    let rmin = avg.recips[0] ?? 0n;
    let rmax = rmin;
    for (const r of avg.recips) {
      if (r < rmin) rmin = r;
      if (r > rmax) rmax = r;
    }
    const rw = signedWidth(rmin, rmax);
    let expr = literal(avg.recips[avg.recips.length - 1] ?? 0n, rw);
    for (let i = avg.counts.length - 2; i >= 0; i--) expr = `(${cnt} == ${cw}'d${avg.counts[i] ?? 0}) ? ${literal(avg.recips[i] ?? 0n, rw)} : ${expr}`;
    recipSel = { name: b.wire('rc', rw, expr), width: rw, frac: rf, min: rmin, max: rmax, stage: 0, depth: 2 };
    notes.push(`divisor by window: the count of real taps selects one of ${avg.counts.length} reciprocals`);
  }
  const outs = Array.from({ length: channels }, (_v, c) => {
    const sum = sumLeaves(
      b,
      tapSigs(c).map((sig) => ({ sig, neg: false })),
    );
    if (recipSel !== null) {
      layer.multipliers++;
      return castSig(b, mulSig(b, sum, recipSel, ctx.opts.mulLevels), node.type);
    }
    const recip = avg.recips[avg.recips.length - 1] ?? 0n;
    if (productKind(recip, knobs) === 'multiplier') layer.multipliers++;
    return castSig(b, sumLeaves(b, constProduct(b, sum, recip, rf, knobs, ctx.opts.mulLevels)), node.type);
  });
  return layer.finish(outs, notes);
}
