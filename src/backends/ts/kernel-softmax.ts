/**
 * Softmax over the last axis (src/ir/dataflow/types.ts):
 *   stable: m = max_j x[j]; e[j] = expTable(x[j] − m); s = cast_sum(Σ_j e[j]);
 *           r = invTable(s); y[j] = cast_T(e[j] · r)
 *   argmax: y[j] = cast_T(1) at the first maximum, 0 elsewhere.
 */
import { CompileError } from '../../core/diagnostics.js';
import { castRawRef } from '../../fixed/cast-ref.js';
import { fracBits } from '../../fixed/fixed-type.js';
import type { DfSoftmax } from '../../ir/dataflow/types.js';
import { mulCode } from './arith-code.js';
import { castCode } from './cast-code.js';
import { Block, type Flavor } from './code-block.js';
import { hullOf } from './interval.js';
import { loadCode, storeCode, withFlavor, xyCall, xyFunction, type ConstDecl, type KernelEnv, type KernelOut, type TensorInfo } from './kernel-types.js';
import { indexSubscript, tableIndexCode } from './table-index-code.js';

export function softmaxKernel(node: DfSoftmax, x: TensorInfo, y: TensorInfo, env: KernelEnv): KernelOut {
  return withFlavor(x.storage === 'num' && y.storage === 'num', (flavor) => emit(node, x, y, env, flavor));
}

function emit(node: DfSoftmax, x: TensorInfo, y: TensorInfo, env: KernelEnv, flavor: Flavor): KernelOut {
  const S = env.S;
  const C = node.shape[node.shape.length - 1] ?? 1;
  const G = x.size / C;
  const b = new Block(flavor);
  const consts: ConstDecl[] = [];
  const perSample = b.child();
  perSample.line(`const o = g * ${C * S} + s;`);
  const xAt = (blk: Block, j: string): ReturnType<typeof loadCode> => loadCode(blk, 'x', x, j === '0' ? 'o' : `o + ${j} * ${S}`);
  const m = perSample.letVar(xAt(perSample, '0'), 'm');
  const maxLoop = perSample.child();
  const v = maxLoop.bind(xAt(maxLoop, 'j'), 'v');
  let outIv = y.iv;
  if (node.mode === 'argmax') {
    const arg = perSample.names.next('arg');
    perSample.line(`let ${arg} = 0;`);
    maxLoop.nest(`if (${v.code} > ${m.code})`, blockOf(maxLoop, [`${m.code} = ${v.code};`, `${arg} = j;`]));
    perSample.nest(`for (let j = 1; j < ${C}; j++)`, maxLoop);
    const one = castRawRef(1n, 0, y.type);
    const store = perSample.child();
    const lit = (n: bigint): string => (y.storage === 'num' ? String(n) : `${n}n`);
    store.line(`y[o + j * ${S}] = j === ${arg} ? ${lit(one)} : ${lit(0n)};`);
    perSample.nest(`for (let j = 0; j < ${C}; j++)`, store);
    outIv = hullOf([one, 0n]);
  } else {
    const et = node.expTable;
    const it = node.invTable;
    const st = node.sumType;
    if (!et || !it || !st) throw new CompileError('FF012', 'softmax in stable mode needs its exp table, reciprocal table and sum type', { layer: node.source, field: 'expTable' });
    maxLoop.nest(`if (${v.code} > ${m.code})`, blockOf(maxLoop, [`${m.code} = ${v.code};`]));
    perSample.nest(`for (let j = 1; j < ${C}; j++)`, maxLoop);
    const kind = flavor === 'num' ? 'f64' : 'big';
    const expName = `t_${node.name}`;
    const invName = `u_${node.name}`;
    const scratch = `e_${node.name}`;
    consts.push(
      { name: expName, kind, values: et.entries, doc: `exp table (${et.size} entries), raw codes of its entry type` },
      { name: invName, kind, values: it.entries, doc: `reciprocal table (${it.size} entries), raw codes of its entry type` },
      { name: scratch, kind, values: new Array<bigint>(C).fill(0n), doc: 'exp values of one row (scratch)', mutable: true },
    );
    const fX = fracBits(x.type);
    const fE = fracBits(et.entryType);
    const fR = fracBits(it.entryType);
    const eIv = hullOf(et.entries);
    const rIv = hullOf(it.entries);
    const cN = BigInt(C);
    const sumIv = { lo: cN * (eIv.lo < 0n ? eIv.lo : 0n), hi: cN * (eIv.hi > 0n ? eIv.hi : 0n) };
    const sum = perSample.letVar(perSample.val(perSample.lit(0n), sumIv, fE), 'sum');
    const expLoop = perSample.child();
    // d = x[j] − m ≤ 0, exact at x's fraction
    const d = expLoop.val(`(${xAt(expLoop, 'j').code} - ${m.code})`, { lo: x.iv.lo - x.iv.hi, hi: 0n }, fX);
    const idx = tableIndexCode(expLoop, d, et);
    const e = expLoop.bind(expLoop.val(`${expName}[${indexSubscript(expLoop, idx)}]`, eIv, fE), 'e');
    expLoop.line(`${scratch}[j] = ${e.code};`);
    expLoop.line(`${sum.code} += ${e.code};`);
    perSample.nest(`for (let j = 0; j < ${C}; j++)`, expLoop);
    const sCast = perSample.bind(castCode(perSample, sum, st), 's');
    const rIdx = tableIndexCode(perSample, sCast, it);
    const r = perSample.bind(perSample.val(`${invName}[${indexSubscript(perSample, rIdx)}]`, rIv, fR), 'r');
    const outLoop = perSample.child();
    const ej = outLoop.val(`${scratch}[j]`, eIv, fE);
    const out = castCode(outLoop, mulCode(outLoop, ej, r), y.type);
    outLoop.line(storeCode(outLoop, 'y', y, `o + j * ${S}`, out));
    perSample.nest(`for (let j = 0; j < ${C}; j++)`, outLoop);
    outIv = out;
  }
  const perGroup = b.child();
  perGroup.nest(`for (let s = 0; s < ${S}; s++)`, perSample);
  b.nest(`for (let g = 0; g < ${G}; g++)`, perGroup);
  const name = `k_${node.name}`;
  return {
    consts,
    functions: [
      xyFunction(name, x, y, b.lines, `softmax (${node.mode}) over ${G} group(s) of ${C}, ${flavor === 'num' ? 'float64' : 'BigInt'} arithmetic`),
    ],
    calls: [xyCall(name, x, y)],
    outIv: { lo: outIv.lo, hi: outIv.hi },
    flavor,
    strategy: `softmax-${node.mode}/${flavor}`,
  };
}

function blockOf(parent: Block, lines: readonly string[]): Block {
  const blk = parent.child();
  for (const l of lines) blk.line(l);
  return blk;
}
