/**
 * Random dataflow designs for the ladder: several input nodes, each feeding a
 * random chain of ops with random types over every quantization and overflow
 * mode, narrow saturating and wrapping accumulators, pruned weights, and
 * types wider than 32 and 53 bits.
 */
import { MAX_WIDTH, maxRaw, minRaw, OVERFLOW_MODES, QUANT_MODES, type FixedType } from '../../../src/fixed/fixed-type.js';
import { accumulatorType, productType } from '../../../src/fixed/growth.js';
import { DATAFLOW_IR_VERSION, type Dataflow, type DfNode, type TableSpec } from '../../../src/ir/dataflow/types.js';
import type { Rng } from './rng.js';

export interface DesignOptions {
  /** probability of a type wider than 53 bits */
  readonly wide?: number;
  /** ops to draw from (default: all) */
  readonly ops?: readonly DfNode['op'][];
  readonly chains?: number;
  readonly maxChain?: number;
  /** largest dense layer side */
  readonly maxSide?: number;
  /** probability that a dense layer gets narrow product and accumulator types (hls4ml style, mostly WRAP) */
  readonly narrowAcc?: number;
  /** source names for the nodes (default `layer k`) */
  readonly source?: (k: number) => string;
}

export const ALL_OPS: readonly Exclude<DfNode['op'], 'input'>[] = ['dense', 'scale_shift', 'relu', 'clip', 'leaky_relu', 'cast', 'table', 'softmax', 'reshape'];

export function randomType(rng: Rng, wideP = 0.1, maxW = 40): FixedType {
  const width = rng.bool(wideP) ? rng.int(54, 80) : rng.bool(0.2) ? rng.int(33, 52) : rng.int(1, Math.min(maxW, 32));
  return {
    width,
    int: rng.int(-4, width + 4),
    signed: rng.bool(0.75) || width === 1,
    quant: rng.pick(QUANT_MODES),
    overflow: rng.pick(OVERFLOW_MODES),
  };
}

/** `exact` half of the time when it is a legal type, otherwise a random type. */
function capped(rng: Rng, exact: FixedType, wide: number): FixedType {
  return rng.bool(0.5) && exact.width <= MAX_WIDTH ? exact : randomType(rng, wide);
}

/** A random code of type t, biased toward the extremes. */
export function randomCode(rng: Rng, t: FixedType): bigint {
  const lo = minRaw(t);
  const hi = maxRaw(t);
  const r = rng.float();
  if (r < 0.08) return lo;
  if (r < 0.16) return hi;
  if (r < 0.2) return 0n > lo && 0n < hi ? 0n : lo;
  if (r < 0.35) {
    // small magnitudes
    const v = rng.big(-8n, 8n);
    return v < lo ? lo : v > hi ? hi : v;
  }
  return rng.big(lo, hi);
}

function randomTable(rng: Rng, fn: TableSpec['fn'], entryType: FixedType): TableSpec {
  const size = rng.int(2, 64);
  const entries: bigint[] = [];
  for (let i = 0; i < size; i++) entries.push(randomCode(rng, entryType));
  if (rng.bool(0.5)) entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    fn,
    size,
    loMant: rng.big(-64n, 64n),
    loExp: rng.int(-6, 2),
    stepLog2: rng.int(-6, 2),
    sample: rng.bool() ? 'left' : 'mid',
    entryType,
    entries,
  };
}

export function randomDesign(rng: Rng, opts: DesignOptions = {}): Dataflow {
  const nodes: DfNode[] = [];
  const outputs: string[] = [];
  const wide = opts.wide ?? 0.1;
  const ops = opts.ops ?? ALL_OPS;
  const maxSide = opts.maxSide ?? 12;
  let k = 0;
  const src = opts.source ?? ((n: number): string => `layer ${n}`);
  const chains = opts.chains ?? rng.int(1, 3);
  const chainHeads: { name: string; type: FixedType; shape: number[] }[] = [];
  for (let c = 0; c < chains; c++) {
    const name = `n${k}`;
    const shape = rng.bool(0.3) ? [rng.int(1, 3), rng.int(1, 5)] : [rng.int(1, maxSide)];
    const type = randomType(rng, wide);
    nodes.push({ op: 'input', name, source: src(k), inputs: [], shape, type });
    k++;
    chainHeads.push({ name, type, shape });
  }
  for (const head of chainHeads) {
    let cur = head;
    const len = rng.int(1, opts.maxChain ?? 4);
    for (let step = 0; step < len; step++) {
      const op = rng.pick(ops);
      const name = `n${k}`;
      const base = { name, source: src(k), inputs: [cur.name] };
      k++;
      const type = randomType(rng, wide);
      const size = cur.shape.reduce((a, b) => a * b, 1);
      let node: DfNode;
      switch (op) {
        case 'dense': {
          const outSize = rng.int(1, maxSide);
          const weightType = randomType(rng, wide / 2, 20);
          const biasType = randomType(rng, wide / 2, 24);
          const sparsity = rng.pick([0, 0, 0.5, 0.9]);
          const weights: bigint[] = [];
          for (let i = 0; i < size * outSize; i++) weights.push(rng.bool(sparsity) ? 0n : randomCode(rng, weightType));
          const bias = Array.from({ length: outSize }, () => randomCode(rng, biasType));
          const exactP = productType(cur.type, weightType);
          const prod = rng.bool(0.5) && exactP.width <= MAX_WIDTH ? exactP : randomType(rng, wide);
          const grown = accumulatorType([prod, biasType], size + 1);
          let acc = rng.bool(0.4) && grown.width <= MAX_WIDTH ? grown : randomType(rng, wide);
          let prodT = prod;
          let outT = type;
          if (rng.bool(opts.narrowAcc ?? 0)) {
            const narrow = (): FixedType => {
              const width = rng.int(4, 24);
              const overflow = rng.bool(0.7) ? 'WRAP' : rng.pick(OVERFLOW_MODES);
              return { width, int: rng.int(1, width), signed: true, quant: rng.bool(0.6) ? 'TRN' : rng.pick(QUANT_MODES), overflow };
            };
            acc = narrow();
            prodT = rng.bool(0.5) ? { ...acc, width: acc.width + rng.int(0, 6), int: acc.int + rng.int(0, 3) } : narrow();
            outT = rng.bool(0.5) ? { ...acc, quant: 'TRN', overflow: 'WRAP' } : narrow();
          }
          node = { ...base, op: 'dense', shape: [outSize], type: outT, inSize: size, outSize, weights, bias, weightType, biasType, productType: prodT, accType: acc, reuseFactor: 1 };
          break;
        }
        case 'scale_shift': {
          const C = cur.shape[cur.shape.length - 1] ?? 1;
          const scaleType = randomType(rng, wide / 2, 20);
          const shiftType = randomType(rng, wide / 2, 24);
          node = {
            ...base,
            op: 'scale_shift',
            shape: [...cur.shape],
            type,
            scale: Array.from({ length: C }, () => randomCode(rng, scaleType)),
            shift: Array.from({ length: C }, () => randomCode(rng, shiftType)),
            scaleType,
            shiftType,
            productType: capped(rng, productType(cur.type, scaleType), wide),
            accType: randomType(rng, wide),
          };
          break;
        }
        case 'relu':
        case 'cast':
          node = { ...base, op, shape: [...cur.shape], type };
          break;
        case 'clip': {
          const boundType = randomType(rng, wide / 2, 24);
          let lo = randomCode(rng, boundType);
          let hi = randomCode(rng, boundType);
          if (lo > hi) [lo, hi] = [hi, lo];
          node = { ...base, op: 'clip', shape: [...cur.shape], type, lo, hi, boundType };
          break;
        }
        case 'leaky_relu': {
          const alphaType = randomType(rng, wide / 2, 20);
          node = {
            ...base,
            op: 'leaky_relu',
            shape: [...cur.shape],
            type,
            alpha: randomCode(rng, alphaType),
            alphaType,
            productType: capped(rng, productType(cur.type, alphaType), wide),
          };
          break;
        }
        case 'table':
          node = { ...base, op: 'table', shape: [...cur.shape], type, table: randomTable(rng, rng.pick(['sigmoid', 'tanh'] as const), randomType(rng, wide / 2, 24)) };
          break;
        case 'softmax': {
          if (rng.bool(0.3)) {
            node = { ...base, op: 'softmax', shape: [...cur.shape], type, mode: 'argmax', expTable: null, invTable: null, sumType: null };
          } else {
            const expT = randomTable(rng, 'exp', { ...randomType(rng, wide / 2, 20), signed: rng.bool(0.3) });
            const invT = randomTable(rng, 'reciprocal', randomType(rng, wide / 2, 20));
            const sumType = capped(rng, accumulatorType([expT.entryType], cur.shape[cur.shape.length - 1] ?? 1), wide);
            node = { ...base, op: 'softmax', shape: [...cur.shape], type, mode: 'stable', expTable: expT, invTable: invT, sumType };
          }
          break;
        }
        case 'reshape': {
          const flat = [size];
          const shape = cur.shape.length > 1 ? flat : size % 2 === 0 && size > 1 ? [2, size / 2] : [1, size];
          node = { ...base, op: 'reshape', shape, type: cur.type };
          break;
        }
        default:
          throw new Error(`unknown op ${op}`);
      }
      nodes.push(node);
      if (rng.bool(0.2)) outputs.push(name);
      cur = { name, type: node.type, shape: [...node.shape] };
    }
    if (!outputs.includes(cur.name)) outputs.push(cur.name);
  }
  return { version: DATAFLOW_IR_VERSION, name: 'random', nodes, outputs };
}

/** Random input rows for a design (codes of every input node, in node order). */
export function randomRows(rng: Rng, df: Dataflow, n: number): bigint[][] {
  const ins = df.nodes.filter((x) => x.op === 'input');
  const rows: bigint[][] = [];
  for (let r = 0; r < n; r++) {
    const row: bigint[] = [];
    for (const node of ins) {
      const size = node.shape.reduce((a, b) => a * b, 1);
      // some rows set every element to one extreme, to reach the edges of every interval
      const mode = r % 7;
      // the most negative code of a signed SAT_SYM input is left out: the simulator's fast path
      // casts it to −max on entry and its wide path does not (reported); the entry cast is tested apart
      const symLo = node.type.signed && node.type.overflow === 'SAT_SYM' ? -maxRaw(node.type) : minRaw(node.type);
      for (let i = 0; i < size; i++) {
        const v = mode === 0 ? minRaw(node.type) : mode === 1 ? maxRaw(node.type) : randomCode(rng, node.type);
        row.push(v < symLo ? symLo : v);
      }
    }
    rows.push(row);
  }
  return rows;
}
