/**
 * The backend's datapath operations (src/backends/verilog/datapath.ts,
 * cast-sig.ts, adder-tree.ts, const-mult.ts) replayed on abstract signals:
 * the same ranges, widths, logic levels and tree shapes, counted instead of
 * written. The backend's own predicates (castIsExact, castCost, productKind,
 * csdDigits) are imported, not re-derived, so a decision cannot drift.
 */
import { castRawRef } from '../../fixed/cast-ref.js';
import { fracBits, type FixedType } from '../../fixed/fixed-type.js';
import { castCost, castIsExact, castParts, castRange } from '../../backends/verilog/cast-sig.js';
import { csdDigits, productKind } from '../../backends/verilog/const-mult.js';
import type { LayerKnobs } from '../../backends/verilog/options.js';
import { trailingZeros } from '../../backends/verilog/signal.js';
import { signedWidth, type AbstractModule, type ASig } from './abstract-sched.js';

export interface ALeaf {
  readonly sig: ASig;
  readonly neg: boolean;
}

function shifted(s: ASig, frac: number): { min: bigint; max: bigint } {
  const k = BigInt(frac - s.frac);
  return { min: s.min << k, max: s.max << k };
}

export function addA(b: AbstractModule, x: ASig, y: ASig, subtract = false): ASig {
  const frac = Math.max(x.frac, y.frac);
  const rx = shifted(x, frac);
  const ry = shifted(y, frac);
  const min = subtract ? rx.min - ry.max : rx.min + ry.min;
  const max = subtract ? rx.max - ry.min : rx.max + ry.max;
  if (x.konst !== undefined && y.konst !== undefined) return b.constant(min, frac);
  const { stage, depth } = b.schedule([x, y], 1);
  const s = b.sig({ min, max, frac }, stage, depth);
  b.tally.adders++;
  const bits = Math.max(1, s.width - Math.abs(x.frac - y.frac));
  const mul = [x.mul, y.mul].find((m) => m !== undefined && !b.absorbed.has(m));
  if (mul !== undefined) {
    b.absorbed.add(mul);
    b.tally.dspAdderBits += bits;
  } else b.tally.adderBits += bits;
  return s;
}

export function mulA(b: AbstractModule, x: ASig, y: ASig, levels: number): ASig {
  const frac = x.frac + y.frac;
  const ends = [x.min * y.min, x.min * y.max, x.max * y.min, x.max * y.max];
  const min = ends.reduce((a, v) => (v < a ? v : a));
  const max = ends.reduce((a, v) => (v > a ? v : a));
  if (x.konst !== undefined && y.konst !== undefined) return b.constant(x.konst * y.konst, frac);
  const { stage, depth } = b.schedule([x, y], levels);
  b.tally.mults.push([x.width, y.width]);
  return b.sig({ min, max, frac }, stage, depth);
}

export function reluA(b: AbstractModule, x: ASig): ASig {
  const min = x.min > 0n ? x.min : 0n;
  const max = x.max > 0n ? x.max : 0n;
  if (x.min >= 0n) return x;
  if (x.max <= 0n) return b.constant(0n, x.frac);
  const { stage, depth } = b.schedule([x], 1);
  const s = b.sig({ min, max, frac: x.frac }, stage, depth);
  b.tally.muxBits += s.width;
  return s;
}

export function clipA(b: AbstractModule, x: ASig, lo: bigint, hi: bigint, boundFrac: number): ASig {
  const frac = Math.max(x.frac, boundFrac);
  const L = lo << BigInt(frac - boundFrac);
  const H = hi << BigInt(frac - boundFrac);
  const r = shifted(x, frac);
  const f = (v: bigint): bigint => (v < L ? L : v > H ? H : v);
  const min = f(r.min);
  const max = f(r.max);
  if (r.min >= L && r.max <= H) return x;
  if (min === max) return b.constant(min, frac);
  const trivial = (r.min >= L || L === 0n) && (r.max <= H || H === (1n << BigInt(signedWidth(0n, H) - 1)) - 1n);
  const { stage, depth } = b.schedule([x], trivial ? 1 : 2);
  const s = b.sig({ min, max, frac }, stage, depth);
  b.tally.muxBits += s.width * (trivial ? 1 : 2);
  return s;
}

export function muxA(b: AbstractModule, x: ASig, y: ASig, stage: number, depth: number): ASig {
  const frac = Math.max(x.frac, y.frac);
  const rx = shifted(x, frac);
  const ry = shifted(y, frac);
  const s = b.sig({ min: rx.min < ry.min ? rx.min : ry.min, max: rx.max > ry.max ? rx.max : ry.max, frac }, stage, depth);
  b.tally.muxBits += s.width;
  return s;
}

/**
 * Select bits of a saturating cast: the W-bit choice between the value and the
 * two limits, one LUT per bit, and as many again when the value is rounded
 * first (the overflow test then reads the rounded sum). Rounding alone rides
 * the carry chain; a wrapping cast is wiring. (synth_xilinx on fx_cast alone:
 * 20 → 10 bits RND SAT 21 LUTs, TRN SAT 11, RND WRAP 1.)
 */
export function saturationMuxBits(parts: { rounds: boolean; saturates: boolean }, width: number): number {
  return parts.saturates ? width * (parts.rounds ? 2 : 1) : 0;
}

export function castA(b: AbstractModule, x: ASig, t: FixedType): ASig {
  if (castIsExact(x, t)) return x;
  const f = fracBits(t);
  if (x.konst !== undefined) return b.constant(castRawRef(x.konst, x.frac, t), f);
  const r = castRange(x, t);
  if (r.min === r.max) return b.constant(r.min, f);
  const cost = castCost(x, t);
  const { stage, depth } = b.schedule([x], cost);
  const width = !r.overflow ? signedWidth(r.min, r.max) : t.signed ? t.width : t.width + 1;
  if (cost > 0) b.tally.castBits += width;
  b.tally.muxBits += saturationMuxBits(castParts(x, t), width);
  return b.sig({ min: r.min, max: r.max, frac: f }, stage, depth, width);
}

function combine(b: AbstractModule, x: ALeaf, y: ALeaf): ALeaf {
  if (x.neg === y.neg) return { sig: addA(b, x.sig, y.sig), neg: x.neg };
  return x.neg ? { sig: addA(b, y.sig, x.sig, true), neg: false } : { sig: addA(b, x.sig, y.sig, true), neg: false };
}

/** src/backends/verilog/adder-tree.ts sumLeaves: earliest-ready pairs first. */
export function sumLeavesA(b: AbstractModule, leaves: readonly ALeaf[]): ASig {
  let cFrac = 0;
  let cVal = 0n;
  let anyConst = false;
  for (const l of leaves) {
    if (l.sig.konst === undefined) continue;
    anyConst = true;
    const f = Math.max(cFrac, l.sig.frac);
    cVal = (cVal << BigInt(f - cFrac)) + (l.neg ? -l.sig.konst : l.sig.konst) * (1n << BigInt(f - l.sig.frac));
    cFrac = f;
  }
  // the backend keeps one list sorted by (ready key, insertion); a FIFO per key is the same order without the splices
  const items: { leaf: ALeaf; seq: number }[] = leaves.filter((l) => l.sig.konst === undefined).map((leaf, seq) => ({ leaf, seq }));
  let seq = items.length;
  if (anyConst && (cVal !== 0n || items.length === 0)) items.push({ leaf: { sig: b.constant(cVal, cFrac), neg: false }, seq: seq++ });
  if (items.length === 0) return b.constant(0n, 0);
  const key = (l: ALeaf): number => (l.sig.konst !== undefined ? -1 : l.sig.stage * 1024 + l.sig.depth);
  const buckets = new Map<number, { leaf: ALeaf; seq: number }[]>();
  const push = (item: { leaf: ALeaf; seq: number }): void => {
    const k = key(item.leaf);
    const q = buckets.get(k);
    if (q) q.push(item);
    else buckets.set(k, [item]);
  };
  for (const it of items) push(it);
  let count = items.length;
  const heads = new Map<number, number>();
  const pop = (): { leaf: ALeaf; seq: number } => {
    const k = Math.min(...buckets.keys());
    const q = buckets.get(k) as { leaf: ALeaf; seq: number }[];
    const h = heads.get(k) ?? 0;
    const item = q[h] as { leaf: ALeaf; seq: number };
    if (h + 1 >= q.length) {
      buckets.delete(k);
      heads.delete(k);
    } else heads.set(k, h + 1);
    count--;
    return item;
  };
  while (count > 1) {
    const first = pop();
    const second = pop();
    const [x, y] = first.seq < second.seq ? [first, second] : [second, first];
    push({ leaf: combine(b, x.leaf, y.leaf), seq: seq++ });
    count++;
  }
  const last = pop();
  const root = last.leaf;
  return root.neg ? addA(b, b.constant(0n, root.sig.frac), root.sig, true) : root.sig;
}

/** const-mult.ts constProduct: wires, shifted copies, or one multiplier. */
export function constProductA(b: AbstractModule, x: ASig, c: bigint, cFrac: number, knobs: Required<LayerKnobs>, mulLevels: number): ALeaf[] {
  if (c === 0n) return [];
  const t = trailingZeros(c);
  const m = c >> BigInt(t);
  const frac = x.frac + cFrac - t;
  if (x.konst !== undefined) return [{ sig: b.constant(x.konst * m, frac), neg: false }];
  const kind = productKind(c, knobs);
  if (kind === 'wires') return [{ sig: { ...x, frac }, neg: m < 0n }];
  if (kind === 'shift-add') return csdDigits(m).map((d) => ({ sig: { ...x, frac: frac - d.shift }, neg: d.sign < 0 }));
  const a = x.min * m;
  const z = x.max * m;
  const { stage, depth } = b.schedule([x], mulLevels);
  let seen = b.products.get(x.wire);
  if (!seen) {
    seen = new Set();
    b.products.set(x.wire, seen);
  }
  const fresh = !seen.has(m);
  if (fresh) {
    seen.add(m);
    b.tally.mults.push([x.width, signedWidth(m, m)]);
  }
  const p = b.sig({ min: a < z ? a : z, max: a < z ? z : a, frac }, stage, depth);
  return [{ sig: fresh ? { ...p, mul: p.wire } : p, neg: false }];
}
