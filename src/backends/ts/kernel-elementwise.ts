/**
 * Element-wise ops (src/ir/dataflow/types.ts): relu, clip, leaky_relu, cast,
 * table (sigmoid/tanh), scale_shift (per channel, channel = last axis), and
 * the code copy of a reshape whose storage changes. One loop over the
 * block's elements; the arithmetic is the cast machinery of cast-code.ts.
 */
import { assertNever } from '../../core/assert-never.js';
import { castRawRef } from '../../fixed/cast-ref.js';
import { fracBits } from '../../fixed/fixed-type.js';
import type { DfClip, DfLeakyRelu, DfNode, DfScaleShift, DfTable } from '../../ir/dataflow/types.js';
import { addCode, maxCode, minCode, mulCode } from './arith-code.js';
import { castCode } from './cast-code.js';
import { Block, type Flavor, type Val } from './code-block.js';
import { hullOf, type Interval } from './interval.js';
import { loadCode, storeCode, withFlavor, xyCall, xyFunction, type ConstDecl, type KernelEnv, type KernelOut, type TensorInfo } from './kernel-types.js';
import { indexSubscript, tableIndexCode } from './table-index-code.js';

export type ElementwiseNode = DfClip | DfLeakyRelu | DfScaleShift | DfTable | Extract<DfNode, { op: 'relu' | 'cast' | 'reshape' }>;

export function elementwiseKernel(node: ElementwiseNode, x: TensorInfo, y: TensorInfo, env: KernelEnv): KernelOut {
  return withFlavor(x.storage === 'num' && y.storage === 'num', (flavor) => emit(node, x, y, env, flavor));
}

interface Body {
  readonly consts: ConstDecl[];
  /** per-element code: v is the loaded input element */
  element(b: Block, v: Val): Val;
  /** scale_shift: per-channel values bound before the sample loop */
  readonly channels?: number;
  perChannel?(b: Block): void;
  readonly what: string;
}

function emit(node: ElementwiseNode, x: TensorInfo, y: TensorInfo, env: KernelEnv, flavor: Flavor): KernelOut {
  const body = bodyOf(node, x, y, flavor);
  const S = env.S;
  const b = new Block(flavor);
  const outs: Val[] = [];
  if (body.perChannel) {
    const C = body.channels ?? 1;
    const perI = b.child();
    if (C < x.size) perI.line(`const c = i % ${C};`);
    else perI.line(`const c = i;`);
    body.perChannel(perI);
    const inner = perI.child();
    const v = loadCode(inner, 'x', x, `i * ${S} + s`);
    const out = body.element(inner, v);
    outs.push(out);
    inner.line(storeCode(inner, 'y', y, `i * ${S} + s`, out));
    perI.nest(`for (let s = 0; s < ${S}; s++)`, inner);
    b.nest(`for (let i = 0; i < ${x.size}; i++)`, perI);
  } else {
    const inner = b.child();
    const v = loadCode(inner, 'x', x, 'e');
    const out = body.element(inner, v);
    outs.push(out);
    inner.line(storeCode(inner, 'y', y, 'e', out));
    b.nest(`for (let e = 0; e < ${x.size * S}; e++)`, inner);
  }
  const name = `k_${node.name}`;
  const out = outs[0];
  return {
    consts: body.consts,
    functions: [
      xyFunction(name, x, y, b.lines, `${body.what}, ${x.size} elements x ${S} samples, ${flavor === 'num' ? 'float64' : 'BigInt'} arithmetic`),
    ],
    calls: [xyCall(name, x, y)],
    outIv: out ? { lo: out.lo, hi: out.hi } : y.iv,
    flavor,
    strategy: `elementwise/${flavor}`,
  };
}

function bodyOf(node: ElementwiseNode, x: TensorInfo, y: TensorInfo, flavor: Flavor): Body {
  const T = y.type;
  const fX = fracBits(x.type);
  switch (node.op) {
    case 'relu':
      return { consts: [], what: 'relu', element: (b, v) => castCode(b, maxCode(b, v, b.constVal(0n, fX)), T) };
    case 'cast':
      return { consts: [], what: 'cast', element: (b, v) => castCode(b, v, T) };
    case 'reshape':
      return { consts: [], what: 'reshape (copy between storages)', element: (_b, v) => v };
    case 'clip': {
      // min(max(x, lo), hi), compared exactly at the finer fraction
      const fB = fracBits(node.boundType);
      return {
        consts: [],
        what: 'clip',
        element: (b, v) => {
          const lo = b.constVal(node.lo, fB);
          const hi = b.constVal(node.hi, fB);
          return castCode(b, minCode(b, maxCode(b, v, lo), hi), T);
        },
      };
    }
    case 'leaky_relu':
      return { consts: [], what: 'leaky relu', element: (b, v) => leaky(b, node, v, T) };
    case 'table':
      return tableBody(node, y, flavor);
    case 'scale_shift':
      return scaleShiftBody(node, y, flavor);
    default:
      return assertNever(node, 'element-wise op');
  }
}

function leaky(b: Block, node: DfLeakyRelu, v: Val, T: TensorInfo['type']): Val {
  const fA = fracBits(node.alphaType);
  const neg = (vv: Val): Val => castCode(b, castCode(b, mulCode(b, vv, b.constVal(node.alpha, fA)), node.productType), T);
  if (v.lo >= 0n) return castCode(b, v, T);
  if (v.hi < 0n) return neg(v);
  const vb = b.bind(v, 'v');
  // each branch is specialised on its own half of the interval; the untaken one is discarded
  const pos = b.bind(castCode(b, { ...vb, lo: 0n }, T), 'p');
  const n = b.bind(neg({ ...vb, hi: -1n }), 'n');
  const zero = b.lit(0n);
  return b.val(`(${vb.code} >= ${zero} ? ${pos.code} : ${n.code})`, { lo: pos.lo < n.lo ? pos.lo : n.lo, hi: pos.hi > n.hi ? pos.hi : n.hi }, pos.frac);
}

function tableBody(node: DfTable, y: TensorInfo, flavor: Flavor): Body {
  const fE = fracBits(node.table.entryType);
  // y = cast_T(entries[index]): the cast is applied to the table once, here
  const values = node.table.entries.map((e) => castRawRef(e, fE, y.type));
  const name = `t_${node.name}`;
  const iv: Interval = hullOf(values);
  return {
    consts: [{ name, kind: flavor === 'num' ? 'f64' : 'big', values, doc: `${node.table.fn} table (${node.table.size} entries), cast to the output type` }],
    what: `${node.table.fn} table`,
    element: (b, v) => {
      const idx = tableIndexCode(b, v, node.table);
      return b.val(`${name}[${indexSubscript(b, idx)}]`, iv, fracBits(y.type));
    },
  };
}

function scaleShiftBody(node: DfScaleShift, y: TensorInfo, flavor: Flavor): Body {
  const A = node.accType;
  const fS = fracBits(node.scaleType);
  const fA = fracBits(A);
  const shifts = node.shift.map((v) => castRawRef(v, fracBits(node.shiftType), A));
  const scName = `w_${node.name}`;
  const shName = `b_${node.name}`;
  const kind = flavor === 'num' ? 'f64' : 'big';
  let sc: Val | null = null;
  let sh: Val | null = null;
  return {
    consts: [
      { name: scName, kind, values: node.scale, doc: 'per-channel scale, raw codes of the scale type' },
      { name: shName, kind, values: shifts, doc: 'per-channel shift, cast to the accumulator type' },
    ],
    what: 'per-channel scale and shift',
    channels: node.scale.length,
    perChannel: (b) => {
      sc = b.bind(b.val(`${scName}[c]`, hullOf(node.scale), fS), 'sc');
      sh = b.bind(b.val(`${shName}[c]`, hullOf(shifts), fA), 'sh');
    },
    element: (b, v) => {
      if (!sc || !sh) throw new Error('scale_shift: channel values not bound');
      const p = castCode(b, mulCode(b, v, sc), node.productType);
      const acc = castCode(b, addCode(b, sh, p), A);
      return castCode(b, acc, y.type);
    },
  };
}
