/**
 * Convolution (1D/2D, grouped, depthwise) for the TypeScript golden model,
 * with every cast in the order src/ir/dataflow/conv-types.ts defines:
 *   acc = cast_A(bias[o]); for (ky, kx, ci) ascending, skipping padding and
 *   zero weights: acc = cast_A(acc + cast_P(x·w)); y = cast_T(acc).
 * When no partial sum can leave the accumulator type (the default bit-growth
 * accumulator), the casts inside the loop change nothing and are left out.
 * Loops over the output positions are specialised to the layer's geometry;
 * each output channel's nonzero weights (pruned ones absent) sit in constant
 * CSR arrays with their tap row, column and input channel.
 */
import { castRawRef } from '../../fixed/cast-ref.js';
import { fracBits } from '../../fixed/fixed-type.js';
import type { DfConv } from '../../ir/dataflow/conv-types.js';
import { addCode, alignCode, mulCode } from './arith-code.js';
import { castCode } from './cast-code.js';
import { Block, stripParens, type Flavor } from './code-block.js';
import { castIv, castRange, hull, hullOf, mulIv, typeRange, type Interval } from './interval.js';
import { loadCode, storeCode, withFlavor, xyCall, xyFunction, type ConstDecl, type KernelEnv, type KernelOut, type TensorInfo } from './kernel-types.js';
import { gridOf } from './window-grid.js';

export function convKernel(node: DfConv, x: TensorInfo, y: TensorInfo, env: KernelEnv): KernelOut {
  return withFlavor(x.storage === 'num' && y.storage === 'num', (flavor) => emit(node, x, y, env, flavor));
}

function emit(node: DfConv, x: TensorInfo, y: TensorInfo, env: KernelEnv, flavor: Flavor): KernelOut {
  const g = gridOf(node);
  const S = env.S;
  const n = node.name;
  const cg = g.c / node.groups;
  const og = node.outChannels / node.groups;
  const fX = fracBits(x.type);
  const fW = fracBits(node.weightType);
  const fP = fracBits(node.productType);
  const fA = fracBits(node.accType);
  // CSR over output channels, taps in ascending (ky, kx, ci), zero weights absent
  const rowPtr: bigint[] = [0n];
  const ty: bigint[] = [];
  const tx: bigint[] = [];
  const tc: bigint[] = [];
  const ws: bigint[] = [];
  for (let o = 0; o < node.outChannels; o++) {
    for (let ky = 0; ky < g.kh; ky++) {
      for (let kx = 0; kx < g.kw; kx++) {
        for (let ci = 0; ci < cg; ci++) {
          const w = node.weights[((o * g.kh + ky) * g.kw + kx) * cg + ci] ?? 0n;
          if (w === 0n) continue;
          ty.push(BigInt(ky));
          tx.push(BigInt(kx));
          tc.push(BigInt(Math.floor(o / og) * cg + ci));
          ws.push(w);
        }
      }
    }
    rowPtr.push(BigInt(ws.length));
  }
  const biasA = node.bias.map((b) => castRawRef(b, fracBits(node.biasType), node.accType));
  const kind = flavor === 'num' ? 'f64' : 'big';
  const names = { r: `r_${n}`, ky: `ky_${n}`, kx: `kx_${n}`, c: `c_${n}`, w: `w_${n}`, b: `b_${n}` };
  const consts: ConstDecl[] = [
    { name: names.b, kind, values: biasA, doc: 'cast of the bias to the accumulator type' },
    { name: names.r, kind: 'i32', values: rowPtr, doc: 'start of each output channel in the nonzero weights' },
    { name: names.ky, kind: 'i32', values: ty, doc: 'tap row of each nonzero weight' },
    { name: names.kx, kind: 'i32', values: tx, doc: 'tap column of each nonzero weight' },
    { name: names.c, kind: 'i32', values: tc, doc: 'input channel of each nonzero weight' },
    { name: names.w, kind, values: ws, doc: 'nonzero weights, raw codes of the weight type' },
  ];
  const biasIv = biasA.length > 0 ? hullOf(biasA) : { lo: 0n, hi: 0n };
  const wIv = ws.length > 0 ? hullOf(ws) : { lo: 0n, hi: 0n };
  // exact when no partial sum can leave the accumulator: then its casts change nothing and are left out
  const prefix = prefixHull(node, x.iv, rowPtr, ws, biasA, fX + fW, fA - fP);
  const exact = prefix !== null;
  const accIv = prefix ?? hull(typeRange(node.accType), biasIv);
  // SB samples side by side: each tap's index and weight are loaded once for SB accumulators
  let SB = Math.min(S, 4);
  while (S % SB !== 0) SB--;
  const b = new Block(flavor);
  const perH = b.child();
  const accs = Array.from({ length: SB }, () => perH.letVar(perH.val(`${names.b}[o]`, biasIv, fA), 'acc'));
  if (exact) perH.val('acc', accIv, fA); // the running sums must be exact in this flavour
  const tap = perH.child();
  tap.line(`const yy = y0 + ${names.ky}[j];`);
  if (g.ph > 0 || g.needRowCheck) tap.line(`if (yy < 0 || yy >= ${g.h}) continue;`);
  tap.line(`const xx = x0 + ${names.kx}[j];`);
  if (g.pw > 0 || g.needColCheck) tap.line(`if (xx < 0 || xx >= ${g.w}) continue;`);
  tap.line(`const xi = ((yy * ${g.w} + xx) * ${g.c} + ${names.c}[j]) * ${S} + h;`);
  const wv = tap.bind(tap.val(`${names.w}[j]`, wIv, fW), 'w');
  accs.forEach((acc, k) => {
    const prod = castCode(tap, mulCode(tap, loadCode(tap, 'x', x, `xi + ${k}`), wv), node.productType);
    if (exact) {
      tap.line(`${acc.code} += ${stripParens(alignCode(tap, prod, fA).code)};`);
    } else {
      const next = castCode(tap, addCode(tap, tap.val(acc.code, accIv, fA), prod), node.accType);
      tap.line(`${acc.code} = ${stripParens(next.code)};`);
    }
  });
  perH.nest(`for (let j = ${names.r}[o]; j < ${names.r}[o + 1]; j++)`, tap);
  const outs = accs.map((acc, k) => {
    const out = castCode(perH, perH.val(acc.code, accIv, fA), y.type);
    perH.line(storeCode(perH, 'y', y, `(p + o) * ${S} + h + ${k}`, out));
    return out;
  });
  const perO = b.child();
  perO.nest(`for (let h = 0; h < ${S}; h += ${SB})`, perH);
  const perX = b.child();
  perX.line(`const x0 = ox * ${g.sw} - ${g.pw};`);
  perX.line(`const p = (oy * ${g.ow} + ox) * ${node.outChannels};`);
  perX.nest(`for (let o = 0; o < ${node.outChannels}; o++)`, perO);
  const perY = b.child();
  perY.line(`const y0 = oy * ${g.sh} - ${g.ph};`);
  perY.nest(`for (let ox = 0; ox < ${g.ow}; ox++)`, perX);
  b.nest(`for (let oy = 0; oy < ${g.oh}; oy++)`, perY);
  const name = `k_${n}`;
  return {
    consts,
    functions: [
      xyFunction(name, x, y, b.lines, `conv ${g.kh}x${g.kw}, ${node.groups} group(s), ${g.oh}x${g.ow}x${node.outChannels} outputs, ${ws.length} nonzero weights; ${exact ? 'exact accumulation (no cast inside the loop can change a value)' : 'every cast in order'}, ${flavor === 'num' ? 'float64' : 'BigInt'} arithmetic`),
    ],
    calls: [xyCall(name, x, y)],
    outIv: { lo: outs.reduce((m, v) => (v.lo < m ? v.lo : m), outs[0]?.lo ?? 0n), hi: outs.reduce((m, v) => (v.hi > m ? v.hi : m), outs[0]?.hi ?? 0n) },
    flavor,
    strategy: `conv/${exact ? 'exact' : 'sequential'}-loop/${flavor}`,
  };
}

/**
 * The hull of every partial sum cast_A(bias) + Σ cast_P(x·w) over any prefix
 * of any channel's taps (accumulator units), or null when it could leave the
 * accumulator's range (or the product has more fractional bits than the
 * accumulator, so adding it would round).
 */
function prefixHull(node: DfConv, xIv: Interval, rowPtr: readonly bigint[], ws: readonly bigint[], biasA: readonly bigint[], fProduct: number, shift: number): Interval | null {
  if (shift < 0) return null;
  const range = castRange(node.accType);
  let lo = 0n;
  let hi = 0n;
  for (let o = 0; o < node.outChannels; o++) {
    let l = biasA[o] ?? 0n;
    let h = l;
    for (let j = Number(rowPtr[o] ?? 0n); j < Number(rowPtr[o + 1] ?? 0n); j++) {
      const w = ws[j] ?? 0n;
      const t = castIv(mulIv(xIv, { lo: w, hi: w }), fProduct, node.productType);
      if (t.lo < 0n) l += t.lo << BigInt(shift);
      if (t.hi > 0n) h += t.hi << BigInt(shift);
    }
    if (l < range.lo || h > range.hi) return null;
    if (o === 0 || l < lo) lo = l;
    if (o === 0 || h > hi) hi = h;
  }
  return { lo, hi };
}
