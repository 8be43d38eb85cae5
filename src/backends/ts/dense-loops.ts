/**
 * Looped Dense for layers too large to unroll: weights in constant typed
 * arrays, dense rows tiled two outputs at a time, or CSR rows (pruned
 * weights absent); the inner loop is unrolled four times.
 */
import { addCode, alignCode, mulCode } from './arith-code.js';
import { castCode } from './cast-code.js';
import { Block, stripParens, type Flavor, type Val } from './code-block.js';
import { typeRange, type Interval } from './interval.js';
import { loadCode, storeCode, xyCall, xyFunction, type ConstDecl, type KernelOut } from './kernel-types.js';
import { biasIv, finish, hullIv, ivHull, kernelDoc, rowSumIv, weightIv, type Mode, type Setup } from './dense-plan.js';

/** Copies of the inner-loop body per iteration in looped layers. */
export const LOOP_UNROLL = 4;

/** Looped layers at least this dense keep their few zero weights, to tile outputs in pairs. */
export const DENSE_ROWS_MIN_DENSITY = 0.9;

export function csrConsts(st: Setup, flavor: Flavor): { consts: ConstDecl[]; r: string; c: string; w: string } {
  const n = st.node.name;
  const rowPtr: bigint[] = [0n];
  const cols: bigint[] = [];
  const ws: bigint[] = [];
  for (const r of st.rows) {
    for (const t of r.terms) {
      cols.push(BigInt(t.i * st.env.S));
      ws.push(t.w);
    }
    rowPtr.push(BigInt(cols.length));
  }
  const names = { r: `r_${n}`, c: `c_${n}`, w: `w_${n}` };
  return {
    ...names,
    consts: [
      { name: names.r, kind: 'i32', values: rowPtr, doc: 'start of each output row in the nonzero weights' },
      { name: names.c, kind: 'i32', values: cols, doc: 'input offset (index * samples per block) of each nonzero weight' },
      { name: names.w, kind: flavor === 'num' ? 'f64' : 'big', values: ws, doc: `nonzero weights, raw codes of the weight type` },
    ],
  };
}

/** Free-order accumulation in loops: dense rows tiled 2 outputs × S samples, or CSR rows × S samples. */
export function denseFreeLoop(st: Setup, mode: Mode, skipP: boolean, flavor: Flavor): KernelOut {
  const { node, env, x, y } = st;
  const S = env.S;
  // sparse rows (CSR) unless nearly all weights are nonzero: a zero weight adds exactly 0 in
  // these modes, and dense rows let two outputs share every input load
  const pruned = st.nnz < DENSE_ROWS_MIN_DENSITY * node.inSize * node.outSize;
  const T = pruned ? 1 : 2;
  // samples per tile: at most 4, so a tile keeps its T × SB accumulators in registers
  let SB = Math.min(S, 4);
  while (S % SB !== 0) SB--;
  const h = SB < S ? 'h + ' : '';
  const b = new Block(flavor);
  const kind = flavor === 'num' ? 'f64' : 'big';
  const consts: ConstDecl[] = [];
  const n = node.name;
  const bName = `b_${n}`;
  consts.push({ name: bName, kind, values: st.rows.map((r) => r.bias), doc: 'cast of the bias to the accumulator type' });
  // zero weights kept in dense rows give products of exactly 0
  const wIv = pruned ? weightIv(st) : hullIv(weightIv(st), { lo: 0n, hi: 0n });
  const sumIv = rowSumIv(st, skipP);
  let wName: string;
  let rName = '';
  let cName = '';
  if (pruned) {
    const c = csrConsts(st, flavor);
    consts.push(...c.consts);
    wName = c.w;
    rName = c.r;
    cName = c.c;
  } else {
    wName = `w_${n}`;
    consts.push({ name: wName, kind, values: node.weights, doc: 'weights, out-major, raw codes of the weight type' });
  }
  const outIvs: Interval[] = [];
  const emitTile = (tile: number, oExpr: string): Block => {
    const body = b.child();
    const acc: string[][] = [];
    for (let u = 0; u < tile; u++) {
      acc.push([]);
      for (let s = 0; s < SB; s++) {
        const a = body.names.next(`a${u}_`);
        acc[u]?.push(a);
        body.line(`let ${a} = ${body.lit(0n)};`);
      }
    }
    // one step of the inner loop at index `k` (+ d): S input loads and `tile` weight loads shared by tile × S products
    const step = (loop: Block, k: string): void => {
      const wIdx = (u: number): string => (pruned ? k : `r${u} + ${k}`);
      const xiName = loop.names.next('xi');
      loop.line(pruned ? `const ${xiName} = ${cName}[${k}];` : `const ${xiName} = (${k}) * ${S};`);
      const xs: Val[] = [];
      for (let s = 0; s < SB; s++) xs.push(loop.bind(loadCode(loop, 'x', x, `${xiName} + ${h}${s}`), 'x'));
      for (let u = 0; u < tile; u++) {
        const wv = loop.bind(loop.val(`${wName}[${wIdx(u)}]`, wIv, st.fW), 'w');
        for (let s = 0; s < SB; s++) {
          const xv = xs[s] ?? loop.constVal(0n, st.fX);
          const t = castCode(loop, mulCode(loop, xv, wv), node.productType, { skipWrap: skipP });
          loop.line(`${acc[u]?.[s] ?? ''} += ${stripParens(t.code)};`);
        }
      }
    };
    // the inner loop, unrolled LOOP_UNROLL times (V8 does not unroll loops)
    const U = LOOP_UNROLL;
    const main = body.child();
    for (let d = 0; d < U; d++) step(main, d === 0 ? 'k' : `k + ${d}`);
    const rest = body.child();
    step(rest, 'k');
    if (pruned) {
      body.line(`const end = ${rName}[${oExpr} + 1];`);
      body.line(`let k = ${rName}[${oExpr}];`);
      body.nest(`for (; k + ${U - 1} < end; k += ${U})`, main);
      body.nest(`for (; k < end; k++)`, rest);
    } else {
      for (let u = 0; u < tile; u++) body.line(`const r${u} = (${oExpr} + ${u}) * ${node.inSize};`);
      const full = Math.floor(node.inSize / U) * U;
      body.line('let k = 0;');
      if (full > 0) body.nest(`for (; k < ${full}; k += ${U})`, main);
      if (full < node.inSize) body.nest(`for (; k < ${node.inSize}; k++)`, rest);
    }
    for (let u = 0; u < tile; u++) {
      const bias = body.bind(body.val(`${bName}[${oExpr} + ${u}]`, biasIv(st), st.fA), 'bias');
      for (let s = 0; s < SB; s++) {
        const sum = body.val(acc[u]?.[s] ?? '', sumIv, st.fP);
        const out = finish(body, st, addCode(body, bias, alignCode(body, sum, st.fA)), mode);
        outIvs.push(out);
        body.line(storeCode(body, 'y', y, `(${oExpr} + ${u}) * ${S} + ${h}${s}`, out));
      }
    }
    return body;
  };
  const full = Math.floor(node.outSize / T) * T;
  const tiles = SB < S ? b.child() : b;
  if (full > 0) tiles.nest(`for (let o = 0; o < ${full}; o += ${T})`, emitTile(T, 'o'));
  if (full < node.outSize) tiles.nest(`for (let o = ${full}; o < ${node.outSize}; o++)`, emitTile(1, 'o'));
  if (SB < S) b.nest(`for (let h = 0; h < ${S}; h += ${SB})`, tiles);
  const name = `k_${n}`;
  const strategy = `${mode}/${pruned ? 'csr' : 'tiled'}-loop${flavor === 'big' ? '/big' : ''}`;
  return {
    consts,
    functions: [
      xyFunction(name, x, y, b.lines, kernelDoc(st, `${mode} accumulation, ${pruned ? 'CSR rows' : `tiles of ${T} outputs`} x ${SB} samples, ${flavor === 'num' ? 'float64' : 'BigInt'} arithmetic`)),
    ],
    calls: [xyCall(name, x, y)],
    outIv: ivHull(outIvs, y.type),
    flavor,
    strategy,
  };
}

/** Every cast in the defined order, looping over CSR rows (any flavour). */
export function denseSequentialLoop(st: Setup, flavor: Flavor): KernelOut {
  const { node, env, x, y } = st;
  const S = env.S;
  const A = node.accType;
  const b = new Block(flavor);
  const n = node.name;
  const c = csrConsts(st, flavor);
  const bName = `b_${n}`;
  const consts: ConstDecl[] = [{ name: bName, kind: flavor === 'num' ? 'f64' : 'big', values: st.rows.map((r) => r.bias), doc: 'cast of the bias to the accumulator type' }, ...c.consts];
  const body = b.child();
  const accIv = typeRange(A);
  const acc = body.letVar(body.val(`${bName}[o]`, biasIv(st), st.fA), 'acc');
  const loop = body.child();
  loop.line(`const w = ${c.w}[j];`);
  const xv = loadCode(loop, 'x', x, `${c.c}[j] + s`);
  const wv = loop.val('w', weightIv(st), st.fW);
  const t = castCode(loop, mulCode(loop, xv, wv), node.productType);
  const accVal = loop.val(acc.code, accIv, st.fA);
  const next = castCode(loop, addCode(loop, accVal, t), A);
  loop.line(`${acc.code} = ${stripParens(next.code)};`);
  body.nest(`for (let j = ${c.r}[o]; j < ${c.r}[o + 1]; j++)`, loop);
  const out = castCode(body, body.val(acc.code, hullIv(accIv, biasIv(st)), st.fA), y.type);
  body.line(storeCode(body, 'y', y, `o * ${S} + s`, out));
  const perOut = b.child();
  perOut.nest(`for (let s = 0; s < ${S}; s++)`, body);
  b.nest(`for (let o = 0; o < ${node.outSize}; o++)`, perOut);
  const name = `k_${n}`;
  return {
    consts,
    functions: [
      xyFunction(name, x, y, b.lines, kernelDoc(st, `sequential accumulation (every cast in order), CSR rows, ${flavor === 'num' ? 'float64' : 'BigInt'} arithmetic`)),
    ],
    calls: [xyCall(name, x, y)],
    outIv: out,
    flavor,
    strategy: `sequential/csr-loop/${flavor}`,
  };
}