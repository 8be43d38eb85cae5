/**
 * Add, Concatenate and the data-movement ops for the TypeScript golden model
 * (src/ir/dataflow/conv-types.ts):
 *   add:    y = cast_T(Σ x_k), the sum exact (aligned to the finest fraction);
 *   concat: on the last axis, y = cast_T(x_k) from each input's own type;
 *   zero_pad, upsample, channel_shuffle: codes moved, type unchanged
 *   (a constant table gives each output element's source, −1 for a padding zero).
 */
import { fracBits } from '../../fixed/fixed-type.js';
import type { DfAdd, DfChannelShuffle, DfConcat, DfUpsample, DfZeroPad } from '../../ir/dataflow/conv-types.js';
import { addCode, alignCode } from './arith-code.js';
import { castCode } from './cast-code.js';
import { Block, type Flavor, type Val } from './code-block.js';
import { typeRange } from './interval.js';
import { bufferType, loadCode, storeCode, withFlavor, type KernelEnv, type KernelOut, type TensorInfo } from './kernel-types.js';

function params(xs: readonly TensorInfo[], y: TensorInfo): { name: string; type: string }[] {
  return [...xs.map((x, k) => ({ name: `x${k}`, type: bufferType(x.storage) })), { name: 'y', type: bufferType(y.storage) }];
}

function calls(name: string, xs: readonly TensorInfo[], y: TensorInfo): string[] {
  return [`${name}(${[...xs.map((x) => x.buffer), y.buffer].join(', ')});`];
}

export function addKernel(node: DfAdd, xs: readonly TensorInfo[], y: TensorInfo, env: KernelEnv): KernelOut {
  const canNum = xs.every((x) => x.storage === 'num') && y.storage === 'num';
  return withFlavor(canNum, (flavor) => {
    const b = new Block(flavor);
    const inner = b.child();
    const f = Math.max(...xs.map((x) => fracBits(x.type)));
    let sum: Val | null = null;
    xs.forEach((x, k) => {
      const v = alignCode(inner, loadCode(inner, `x${k}`, x, 'e'), f);
      sum = sum === null ? v : addCode(inner, sum, v);
    });
    const total = sum ?? inner.constVal(0n, f);
    const out = castCode(inner, total, y.type);
    inner.line(storeCode(inner, 'y', y, 'e', out));
    b.nest(`for (let e = 0; e < ${y.size * env.S}; e++)`, inner);
    const name = `k_${node.name}`;
    return {
      consts: [],
      functions: [{ name, params: params(xs, y), body: b.lines, doc: `add of ${xs.length} inputs, exact sum then one cast; ${flavor === 'num' ? 'float64' : 'BigInt'} arithmetic` }],
      calls: calls(name, xs, y),
      outIv: out,
      flavor,
      strategy: `add/${flavor}`,
    };
  });
}

export function concatKernel(node: DfConcat, xs: readonly TensorInfo[], y: TensorInfo, env: KernelEnv): KernelOut {
  const canNum = xs.every((x) => x.storage === 'num') && y.storage === 'num';
  return withFlavor(canNum, (flavor: Flavor) => {
    const S = env.S;
    const C = node.shape[node.shape.length - 1] ?? 1;
    const positions = y.size / C;
    const b = new Block(flavor);
    let offset = 0;
    xs.forEach((x, k) => {
      const ck = x.size / positions;
      const perC = b.child();
      const inner = perC.child();
      const v = loadCode(inner, `x${k}`, x, `(p * ${ck} + c) * ${S} + s`);
      inner.line(storeCode(inner, 'y', y, `(p * ${C} + ${offset} + c) * ${S} + s`, castCode(inner, v, y.type)));
      perC.nest(`for (let s = 0; s < ${S}; s++)`, inner);
      const perP = b.child();
      perP.nest(`for (let c = 0; c < ${ck}; c++)`, perC);
      b.nest(`for (let p = 0; p < ${positions}; p++)`, perP);
      offset += ck;
    });
    const name = `k_${node.name}`;
    return {
      consts: [],
      functions: [{ name, params: params(xs, y), body: b.lines, doc: `concatenation of ${xs.length} inputs on the channel axis, each cast from its own type` }],
      calls: calls(name, xs, y),
      outIv: typeRange(y.type),
      flavor,
      strategy: `concat/${flavor}`,
    };
  });
}

type Movement = DfZeroPad | DfUpsample | DfChannelShuffle;

/** Source element of each output element (−1: a padding zero). */
function sources(node: Movement, inShape: readonly number[]): bigint[] {
  const C = node.shape[node.shape.length - 1] ?? 1;
  const outSp = node.shape.slice(0, -1);
  const inSp = inShape.slice(0, -1);
  const size = node.shape.reduce((a, d) => a * d, 1);
  const out: bigint[] = [];
  for (let k = 0; k < size; k++) {
    const c = k % C;
    if (node.op === 'channel_shuffle') {
      out.push(BigInt(k - c + (node.perm[c] ?? 0)));
      continue;
    }
    const idx: number[] = [];
    let rest = Math.floor(k / C);
    for (let a = outSp.length - 1; a >= 0; a--) {
      idx[a] = rest % (outSp[a] ?? 1);
      rest = Math.floor(rest / (outSp[a] ?? 1));
    }
    const src = idx.map((v, a) => (node.op === 'zero_pad' ? v - (node.padBefore[a] ?? 0) : Math.floor(v / (node.factors[a] ?? 1))));
    const inside = src.every((v, a) => v >= 0 && v < (inSp[a] ?? 1));
    out.push(inside ? BigInt(src.reduce((acc, v, a) => acc * (inSp[a] ?? 1) + v, 0) * C + c) : -1n);
  }
  return out;
}

export function movementKernel(node: Movement, x: TensorInfo, inShape: readonly number[], y: TensorInfo, env: KernelEnv): KernelOut {
  const S = env.S;
  const flavor: Flavor = y.storage === 'num' ? 'num' : 'big';
  const table = `m_${node.name}`;
  const b = new Block(flavor);
  const perI = b.child();
  perI.line(`const j = ${table}[i];`);
  perI.line(`if (j < 0) y.fill(${flavor === 'num' ? '0' : '0n'}, i * ${S}, (i + 1) * ${S});`);
  perI.line(`else for (let s = 0; s < ${S}; s++) y[i * ${S} + s] = x[j * ${S} + s];`);
  b.nest(`for (let i = 0; i < ${y.size}; i++)`, perI);
  const name = `k_${node.name}`;
  return {
    consts: [{ name: table, kind: 'i32', values: sources(node, inShape), doc: 'source element of each output element (-1: a padding zero)' }],
    functions: [{ name, params: params([x], y).map((p, k) => (k === 0 ? { ...p, name: 'x' } : p)), body: b.lines, doc: `${node.op}: codes moved, type unchanged` }],
    calls: calls(name, [x], y),
    outIv: node.op === 'zero_pad' ? { lo: x.iv.lo < 0n ? x.iv.lo : 0n, hi: x.iv.hi > 0n ? x.iv.hi : 0n } : x.iv,
    flavor,
    strategy: `${node.op}/gather`,
  };
}
