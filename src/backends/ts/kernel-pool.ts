/**
 * Pooling for the TypeScript golden model (src/ir/dataflow/conv-types.ts):
 * per channel over each window's input elements, never padding.
 *   max: y = cast_T(max x), compared exactly;
 *   avg: y = cast_T(s · recip), s the exact window sum, recip the code for
 *        the window's divisor (a constant per output position).
 */
import { fracBits } from '../../fixed/fixed-type.js';
import type { DfPool } from '../../ir/dataflow/conv-types.js';
import { mulCode } from './arith-code.js';
import { castCode } from './cast-code.js';
import { Block, type Flavor } from './code-block.js';
import { hullOf } from './interval.js';
import { loadCode, storeCode, withFlavor, xyCall, xyFunction, type ConstDecl, type KernelEnv, type KernelOut, type TensorInfo } from './kernel-types.js';
import { gridOf } from './window-grid.js';

export function poolKernel(node: DfPool, x: TensorInfo, y: TensorInfo, env: KernelEnv): KernelOut {
  return withFlavor(x.storage === 'num' && y.storage === 'num', (flavor) => emit(node, x, y, env, flavor));
}

function emit(node: DfPool, x: TensorInfo, y: TensorInfo, env: KernelEnv, flavor: Flavor): KernelOut {
  const g = gridOf(node);
  const S = env.S;
  const n = node.name;
  const fX = fracBits(x.type);
  const avg = node.average;
  const consts: ConstDecl[] = [];
  const b = new Block(flavor);
  const perS = b.child();
  const first = `((y0 + a0) * ${g.w} + x0 + b0) * ${g.c} + c`;
  const window = perS.child();
  const inner = window.child();
  const v = loadCode(inner, 'x', x, `(((y0 + ky) * ${g.w} + x0 + kx) * ${g.c} + c) * ${S} + s`);
  let outIvCode: ReturnType<typeof castCode>;
  if (avg === null) {
    const m = perS.letVar(loadCode(perS, 'x', x, `(${first}) * ${S} + s`), 'm');
    inner.line(`const v = ${v.code};`);
    inner.line(`if (v > ${m.code}) ${m.code} = v;`);
    window.nest(`for (let kx = b0; kx < b1; kx++)`, inner);
    perS.nest(`for (let ky = a0; ky < a1; ky++)`, window);
    outIvCode = castCode(perS, perS.val(m.code, x.iv, fX), y.type);
  } else {
    const recips: bigint[] = [];
    for (let oy = 0; oy < g.oh; oy++) {
      const rows = Math.min(g.kh, g.h - (oy * g.sh - g.ph)) - Math.max(0, g.ph - oy * g.sh);
      for (let ox = 0; ox < g.ow; ox++) {
        const cols = Math.min(g.kw, g.w - (ox * g.sw - g.pw)) - Math.max(0, g.pw - ox * g.sw);
        const count = avg.divisor === 'window' ? g.kh * g.kw : rows * cols;
        const k = avg.counts.indexOf(count);
        if (k < 0) throw new Error(`emitTs: pool ${n} has no reciprocal for a window of ${count}`); // verifyDataflow guarantees it
        recips.push(avg.recips[k] ?? 0n);
      }
    }
    const rc = `rc_${n}`;
    consts.push({ name: rc, kind: flavor === 'num' ? 'f64' : 'big', values: recips, doc: 'reciprocal of each output position’s divisor, raw codes of the reciprocal type' });
    const cells = BigInt(g.kh * g.kw);
    const lo = x.iv.lo < 0n ? x.iv.lo * cells : x.iv.lo;
    const hi = x.iv.hi > 0n ? x.iv.hi * cells : x.iv.hi;
    const sum = perS.letVar(perS.constVal(0n, fX), 'sum');
    const sumVal = perS.val(sum.code, { lo: lo < 0n ? lo : 0n, hi: hi > 0n ? hi : 0n }, fX);
    inner.line(`${sum.code} += ${v.code};`);
    window.nest(`for (let kx = b0; kx < b1; kx++)`, inner);
    perS.nest(`for (let ky = a0; ky < a1; ky++)`, window);
    const r = perS.val(`${rc}[q]`, hullOf(recips), fracBits(avg.recipType));
    outIvCode = castCode(perS, mulCode(perS, sumVal, r), y.type);
  }
  perS.line(storeCode(perS, 'y', y, `(p + c) * ${S} + s`, outIvCode));
  const perC = b.child();
  perC.nest(`for (let s = 0; s < ${S}; s++)`, perS);
  const perX = b.child();
  perX.line(`const x0 = ox * ${g.sw} - ${g.pw};`);
  perX.line(`const b0 = x0 < 0 ? -x0 : 0;`);
  perX.line(`const b1 = Math.min(${g.kw}, ${g.w} - x0);`);
  perX.line(`const p = (oy * ${g.ow} + ox) * ${g.c};`);
  if (avg !== null) perX.line(`const q = oy * ${g.ow} + ox;`);
  perX.nest(`for (let c = 0; c < ${g.c}; c++)`, perC);
  const perY = b.child();
  perY.line(`const y0 = oy * ${g.sh} - ${g.ph};`);
  perY.line(`const a0 = y0 < 0 ? -y0 : 0;`);
  perY.line(`const a1 = Math.min(${g.kh}, ${g.h} - y0);`);
  perY.nest(`for (let ox = 0; ox < ${g.ow}; ox++)`, perX);
  b.nest(`for (let oy = 0; oy < ${g.oh}; oy++)`, perY);
  const name = `k_${n}`;
  return {
    consts,
    functions: [
      xyFunction(name, x, y, b.lines, `${node.kind} pool ${g.kh}x${g.kw}, ${g.oh}x${g.ow}x${g.c} outputs; ${flavor === 'num' ? 'float64' : 'BigInt'} arithmetic`),
    ],
    calls: [xyCall(name, x, y)],
    outIv: outIvCode,
    flavor,
    strategy: `pool-${node.kind}/${flavor}`,
  };
}
