/**
 * Unrolled Dense: weights become literals of the code (pruned ones are
 * absent), inputs are loaded once into locals, and each output is one sum
 * in four independent chains (free modes) or the defined sequence of casts.
 */
import { addCode, alignCode, mulCode } from './arith-code.js';
import { castCode } from './cast-code.js';
import { Block, stripParens, type Flavor, type Val } from './code-block.js';
import { typeRange, type Interval } from './interval.js';
import { loadCode, storeCode, xyCall, xyFunction, type FunctionCode, type KernelOut } from './kernel-types.js';
import { finish, ivHull, kernelDoc, type Mode, type Setup } from './dense-plan.js';

/** Sum values in `groups` independent chains, then combine (exact in any order). */
export function sumTerms(b: Block, terms: readonly Val[], groups: number, frac: number): Val {
  const chains: (Val | undefined)[] = new Array<Val | undefined>(groups).fill(undefined);
  terms.forEach((t, k) => {
    const g = k % groups;
    const c = chains[g];
    chains[g] = c ? addCode(b, c, t) : t;
  });
  let total: Val | undefined;
  for (const c0 of chains) {
    // each chain on its own line: readable, and the same independent sums
    const c = c0 && c0.op === '+' ? b.bind(c0, 'p') : c0;
    if (c) total = total ? addCode(b, total, c) : c;
  }
  return total ?? b.constVal(0n, frac);
}

export function sIndex(base: number, S: number): string {
  if (S === 1) return String(base);
  return base === 0 ? 's' : `${base} + s`;
}

export function denseUnrolled(st: Setup, mode: Mode, skipP: boolean, flavor: Flavor): KernelOut {
  const { node, env, x, y } = st;
  const S = env.S;
  const perTerm = termCost(st, mode, skipP, flavor);
  const functions: FunctionCode[] = [];
  const calls: string[] = [];
  const outIvs: Interval[] = [];
  let o0 = 0;
  let part = 0;
  const base = `k_${node.name}`;
  while (o0 < node.outSize) {
    // outputs [o0, o1) in one function, within the size budget
    let o1 = o0;
    let cost = 0;
    while (o1 < node.outSize && (o1 === o0 || cost + (st.rows[o1]?.terms.length ?? 0) * perTerm <= env.functionBudget)) {
      cost += (st.rows[o1]?.terms.length ?? 0) * perTerm + 4;
      o1++;
    }
    const b = new Block(flavor);
    const inner = b.child();
    const used = new Set<number>();
    for (let o = o0; o < o1; o++) for (const t of st.rows[o]?.terms ?? []) used.add(t.i);
    const useLocals = node.inSize <= 256;
    const xv = new Map<number, Val>();
    for (const i of [...used].sort((a, c) => a - c)) {
      const v = loadCode(inner, 'x', x, sIndex(i * S, S));
      xv.set(i, useLocals ? inner.bind(v, 'x') : v);
    }
    for (let o = o0; o < o1; o++) {
      const row = st.rows[o] ?? { terms: [], bias: 0n };
      const terms = row.terms.map((t) => {
        const xi = xv.get(t.i) ?? loadCode(inner, 'x', x, sIndex(t.i * S, S));
        return castCode(inner, mulCode(inner, xi, inner.constVal(t.w, st.fW)), node.productType, { skipWrap: skipP });
      });
      let out: Val;
      if (mode === 'sequential') {
        out = sequentialRow(inner, st, row.bias, terms);
      } else {
        const sum = sumTerms(inner, terms, 4, st.fP);
        const acc = addCode(inner, inner.constVal(row.bias, st.fA), alignCode(inner, sum, st.fA));
        out = finish(inner, st, acc, mode);
      }
      outIvs.push(out);
      inner.line(storeCode(inner, 'y', y, sIndex(o * S, S), out));
    }
    if (S === 1) b.lines.push(...inner.lines);
    else b.nest(`for (let s = 0; s < ${S}; s++)`, inner);
    const name = o0 === 0 && o1 === node.outSize ? base : `${base}__p${part}`;
    functions.push(xyFunction(name, x, y, b.lines, kernelDoc(st, `${mode} accumulation, unrolled, outputs ${o0}..${o1 - 1}`)));
    calls.push(xyCall(name, x, y));
    part++;
    o0 = o1;
  }
  return { consts: [], functions, calls, outIv: ivHull(outIvs, y.type), flavor, strategy: `${mode}/unrolled${flavor === 'big' ? '/big' : ''}` };
}

/**
 * Size of the code of one term, in units of a plain `x * w` (about 12
 * characters): the function budget counts these units, so a function with
 * casts inside its terms covers fewer of them.
 */
export function termCost(st: Setup, mode: Mode, skipP: boolean, flavor: Flavor): number {
  const probe = new Block(flavor);
  const w = st.rows.find((r) => r.terms.length > 0)?.terms[0]?.w ?? 1n;
  const xv = probe.val('x1', st.x.iv, st.fX);
  let t = castCode(probe, mulCode(probe, xv, probe.constVal(w, st.fW)), st.node.productType, { skipWrap: skipP });
  if (mode === 'sequential') t = castCode(probe, addCode(probe, probe.val('acc', typeRange(st.node.accType), st.fA), t), st.node.accType);
  const chars = probe.lines.join('').length + t.code.length;
  return Math.max(1, Math.ceil(chars / 12));
}

/** The defined order, one cast per step, for one output. */
export function sequentialRow(b: Block, st: Setup, bias: bigint, terms: readonly Val[]): Val {
  const A = st.node.accType;
  let acc: Val = b.constVal(bias, st.fA);
  let name: string | null = null;
  for (const t of terms) {
    const next = castCode(b, addCode(b, acc, t), A);
    if (next.code === acc.code) continue;
    if (name === null) {
      acc = b.letVar(next, 'acc');
      name = acc.code;
    } else {
      b.line(`${name} = ${stripParens(next.code)};`);
      acc = { code: name, lo: next.lo, hi: next.hi, frac: next.frac };
    }
  }
  return castCode(b, acc, st.y.type);
}