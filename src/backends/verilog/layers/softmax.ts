/**
 * Softmax over the last axis, as defined in src/ir/dataflow/types.ts:
 * 'stable': max tree, exact differences, exp ROM, exact sum cast once to
 * sumType, reciprocal ROM, one product and cast per element;
 * 'argmax': the first maximum (ties go to the lower index) gets cast_type(1).
 */
import { castRawRef } from '../../../fixed/cast-ref.js';
import { fracBits } from '../../../fixed/fixed-type.js';
import type { DfSoftmax } from '../../../ir/dataflow/types.js';
import { CompileError } from '../../../core/diagnostics.js';
import { sumLeaves } from '../adder-tree.js';
import { castSig } from '../cast-sig.js';
import { muxSig, mulSig } from '../datapath.js';
import type { ModuleBuilder } from '../module-builder.js';
import { literal, shiftRange, signedWidth, type Sig } from '../signal.js';
import type { EmittedLayer, LayerContext } from './layer-types.js';
import { PipeLayer } from './pipe-layer.js';
import { declareRom, romLookup, tableIndex, tableIndexBelow } from './table-rom.js';

interface Cand {
  readonly v: Sig;
  /** index of the maximum (argmax only) */
  readonly idx?: Sig;
}

/** The first maximum of an ordered segment: the right half wins only when strictly greater. */
function firstMax(b: ModuleBuilder, l: Cand, r: Cand, root: boolean): Cand {
  const frac = Math.max(l.v.frac, r.v.frac);
  const rl = shiftRange(l.v, frac);
  const rr = shiftRange(r.v, frac);
  const w = Math.max(signedWidth(rl.min, rl.max), signedWidth(rr.min, rr.max));
  const idx = l.idx && r.idx ? [l.idx, r.idx] : [];
  const { ops, stage, depth } = b.schedule([l.v, r.v, ...idx], 2);
  const [lv, rv, li, ri] = ops as [Sig, Sig, Sig?, Sig?];
  const gt = b.wire('g', 1, `$signed(${b.align(rv, frac, w)}) > $signed(${b.align(lv, frac, w)})`);
  if (li && ri) {
    // argmax reads only the index of the root
    const idx = muxSig(b, gt, li, ri, stage, depth);
    return { v: root ? lv : muxSig(b, gt, lv, rv, stage, depth), idx };
  }
  return { v: muxSig(b, gt, lv, rv, stage, depth) };
}

function reduceOrdered(b: ModuleBuilder, cands: Cand[]): Cand {
  let level = cands;
  while (level.length > 1) {
    const next: Cand[] = [];
    for (let k = 0; k + 1 < level.length; k += 2) next.push(firstMax(b, level[k] as Cand, level[k + 1] as Cand, level.length === 2));
    if (level.length % 2 === 1) next.push(level[level.length - 1] as Cand);
    level = next;
  }
  return level[0] as Cand;
}

export function emitSoftmax(node: DfSoftmax, ctx: LayerContext): EmittedLayer {
  const layer = new PipeLayer(node, ctx);
  const b = layer.b;
  const n = node.shape[node.shape.length - 1] ?? 1;
  const outs: Sig[] = [];
  if (node.mode === 'argmax') {
    const one = castRawRef(1n, 0, node.type);
    const f = fracBits(node.type);
    for (let base = 0; base < ctx.inSize; base += n) {
      const cands = Array.from({ length: n }, (_v, j) => ({ v: layer.input(base + j), idx: b.constant(BigInt(j), 0) }));
      const win = reduceOrdered(b, cands);
      const widx = win.idx as Sig;
      for (let j = 0; j < n; j++) {
        if (widx.konst !== undefined) {
          outs.push(b.constant(widx.konst === BigInt(j) ? one : 0n, f));
          continue;
        }
        const { ops, stage, depth } = b.schedule([widx], 1);
        const idx = ops[0] as Sig;
        const w = Math.max(idx.width, signedWidth(BigInt(j), BigInt(j)));
        const hit = b.wire('q', 1, `${b.fit(idx, w)} == ${literal(BigInt(j), w)}`);
        outs.push(muxSig(b, hit, b.constant(0n, f), b.constant(one, f), stage, depth));
      }
    }
    return layer.finish(outs, ['argmax: cast(1) at the first maximum, 0 elsewhere']);
  }
  const et = node.expTable;
  const it = node.invTable;
  const st = node.sumType;
  if (!et || !it || !st) throw new CompileError('FF012', 'stable softmax needs its exp and reciprocal tables and sum type', { layer: node.source });
  const expRom = declareRom(b, et, 'exp_rom');
  const invRom = declareRom(b, it, 'inv_rom');
  for (let base = 0; base < ctx.inSize; base += n) {
    const xs = Array.from({ length: n }, (_v, j) => layer.input(base + j));
    const m = reduceOrdered(
      b,
      xs.map((v) => ({ v })),
    ).v;
    const e = xs.map((x) => romLookup(b, expRom, tableIndexBelow(b, x, m, et)));
    const s = castSig(
      b,
      sumLeaves(
        b,
        e.map((sig) => ({ sig, neg: false })),
      ),
      st,
    );
    const r = romLookup(b, invRom, tableIndex(b, s, it));
    for (const ej of e) outs.push(castSig(b, mulSig(b, ej, r, ctx.opts.mulLevels), node.type));
    layer.multipliers += n;
  }
  return layer.finish(outs, [`stable softmax over ${n} classes: exp ROM of ${et.size}, reciprocal ROM of ${it.size}`]);
}
