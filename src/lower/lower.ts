/**
 * Lowering, the only bridge from the graph IR to the dataflow IR: fold
 * BatchNorms, resolve the precision of every tensor from the config, quantize
 * weights to raw codes, derive products and accumulators by bit growth, build
 * activation tables, and give every layer a safe unique identifier.
 */
import { assertNever } from '../core/assert-never.js';
import { CompileError } from '../core/diagnostics.js';
import { uniqueIdentifiers } from '../core/naming.js';
import { castNumber } from '../fixed/arith.js';
import { fracBits, MAX_WIDTH, parseType, typeContains, type FixedType } from '../fixed/fixed-type.js';
import { accumulatorType, productType } from '../fixed/growth.js';
import { DATAFLOW_IR_VERSION, type Dataflow, type DfNode } from '../ir/dataflow/types.js';
import { shapeSize, type Graph, type GraphNode } from '../ir/graph/types.js';
import { verifyGraph } from '../ir/graph/verify.js';
import { isConvGraphNode, type ConvGraphNode } from '../ir/graph/conv-types.js';
import { checkConfigNames, resolveLayer, type PrecisionConfig, type ResolvedTypes } from './config.js';
import { exactConstant } from './exact-constant.js';
import { batchnormScale, foldBatchnorm } from '../ir/graph/fold-batchnorm.js';
import { activationTable, expTable, reciprocalTable } from './tables.js';
import { createNameAllocator } from './conv/fresh-name.js';
import { lowerConvNode } from './conv/lower-conv.js';

export interface LowerOptions {
  /** file the config came from, for messages */
  readonly configFile?: string;
  /**
   * BatchNorms already folded by the fold-batchnorm pass: Dense name → the
   * BatchNorm node (whose config gives the fused layer's result type). When
   * absent, lowerGraph folds by itself.
   */
  readonly folded?: ReadonlyMap<string, GraphNode>;
}

function quantizeAll(values: readonly number[], t: FixedType, layer: string, field: string): bigint[] {
  return values.map((v, i) => {
    if (!Number.isFinite(v)) throw new CompileError('FF005', `${field}[${i}] is ${v}`, { layer, field });
    return castNumber(v, t);
  });
}

export function lowerGraph(graph: Graph, config: PrecisionConfig = {}, opts: LowerOptions = {}): Dataflow {
  verifyGraph(graph);
  let g = graph;
  let foldedInto = opts.folded;
  if (!foldedInto) {
    checkConfigNames(config, graph, opts.configFile);
    const f = foldBatchnorm(graph);
    g = f.graph;
    foldedInto = f.foldedInto;
  }

  const ids = uniqueIdentifiers(g.nodes.map((n) => n.name));
  const idOf = new Map(g.nodes.map((n, i) => [n.name, ids[i] ?? n.name]));
  const typeOf = new Map<string, FixedType>();
  const shapeOf = new Map(g.nodes.map((n) => [n.name, n.shape]));
  const freshName = createNameAllocator(ids);
  const nodes: DfNode[] = [];

  for (const n of g.nodes) {
    const name = idOf.get(n.name) ?? n.name;
    const inputs = n.inputs.map((i) => idOf.get(i) ?? i);
    if (isConvGraphNode(n)) {
      const bn = foldedInto.get(n.name);
      const lowered = lowerConvNode(n, {
        name,
        inputs,
        inTypes: n.inputs.flatMap((i) => typeOf.get(i) ?? []),
        inShapes: n.inputs.map((i) => shapeOf.get(i) ?? []),
        config,
        freshName,
        ...(bn?.op === 'batchnorm' ? { foldedBatchnorm: bn } : {}),
      });
      nodes.push(...lowered);
      const last = lowered[lowered.length - 1];
      if (last) typeOf.set(n.name, last.type);
      continue;
    }
    const inType = n.inputs.length > 0 ? typeOf.get(n.inputs[0] ?? '') : undefined;
    const cfg = resolveLayer(config, n);
    const bn = foldedInto.get(n.name);
    const result = bn ? resolveLayer(config, bn).result : cfg.result;
    const base = { name, source: n.name, inputs, shape: n.shape, type: result };
    const df = lowerNode(n, base, inType, cfg);
    typeOf.set(n.name, df.type);
    nodes.push(df);
  }
  return {
    version: DATAFLOW_IR_VERSION,
    name: graph.name,
    nodes,
    outputs: g.outputs.map((o) => idOf.get(o) ?? o),
  };
}

type Base = { name: string; source: string; inputs: string[]; shape: readonly number[]; type: FixedType };

function lowerNode(n: Exclude<GraphNode, ConvGraphNode>, base: Base, inType: FixedType | undefined, cfg: ResolvedTypes): DfNode {
  const layer = n.name;
  const needIn = (): FixedType => {
    if (!inType) throw new CompileError('FF012', `layer has no typed input`, { layer });
    return inType;
  };
  switch (n.op) {
    case 'input':
      return { ...base, op: 'input' };
    case 'dense': {
      const x = needIn();
      const inSize = n.kernel.length / n.units;
      const w = quantizeAll(n.kernel, cfg.weight, layer, 'kernel');
      // kernel is [in][out]; the dataflow IR is out-major
      const weights = new Array<bigint>(w.length);
      let nnzMax = 0;
      for (let o = 0; o < n.units; o++) {
        let nnz = 0;
        for (let i = 0; i < inSize; i++) {
          const v = w[i * n.units + o] ?? 0n;
          weights[o * inSize + i] = v;
          if (v !== 0n) nnz++;
        }
        nnzMax = Math.max(nnzMax, nnz);
      }
      const bias = quantizeAll(n.bias ?? new Array<number>(n.units).fill(0), cfg.bias, layer, 'bias');
      const prod = derived(cfg.product ?? productType(x, cfg.weight), layer, 'product');
      const acc = derived(cfg.accum ?? accumulatorType([prod, cfg.bias], nnzMax + 1), layer, 'accum');
      return {
        ...base,
        op: 'dense',
        inSize,
        outSize: n.units,
        weights,
        bias,
        weightType: cfg.weight,
        biasType: cfg.bias,
        productType: prod,
        accType: acc,
        reuseFactor: checkReuse(cfg.reuseFactor, inSize * n.units, layer),
      };
    }
    case 'batchnorm': {
      const x = needIn();
      const { scale, shift } = batchnormScale(n);
      const s = quantizeAll(scale, cfg.weight, layer, 'scale');
      const b = quantizeAll(shift, cfg.bias, layer, 'shift');
      const prod = derived(cfg.product ?? productType(x, cfg.weight), layer, 'product');
      const acc = derived(cfg.accum ?? accumulatorType([prod, cfg.bias], 2), layer, 'accum');
      return { ...base, op: 'scale_shift', scale: s, shift: b, scaleType: cfg.weight, shiftType: cfg.bias, productType: prod, accType: acc };
    }
    case 'activation':
      switch (n.fn) {
        case 'linear':
          return { ...base, op: 'cast' };
        case 'relu':
          return { ...base, op: 'relu' };
        case 'sigmoid':
        case 'tanh': {
          const t = cfg.table;
          const size = t.size ?? 1024;
          const min = t.min ?? -8;
          const max = t.max ?? 8;
          const entry = t.entry !== undefined ? parseType(t.entry, 'table.entry') : base.type;
          return { ...base, op: 'table', table: activationTable(n.fn, size, min, max, entry, layer) };
        }
        default:
          return assertNever(n.fn, 'activation');
      }
    case 'clip': {
      needIn();
      if (!(n.min <= n.max)) throw new CompileError('FF004', `clip min ${n.min} exceeds max ${n.max}`, { layer, field: 'min' });
      const boundType = widenToHold(exactConstant(n.min, { layer, field: 'min' }).type, [n.max]);
      return { ...base, op: 'clip', lo: castNumber(n.min, boundType), hi: castNumber(n.max, boundType), boundType };
    }
    case 'leaky_relu': {
      const x = needIn();
      const alpha = castNumber(n.alpha, cfg.alpha);
      return { ...base, op: 'leaky_relu', alpha, alphaType: cfg.alpha, productType: derived(cfg.product ?? productType(x, cfg.alpha), layer, 'product') };
    }
    case 'softmax': {
      const sm = cfg.softmax;
      const classes = n.shape[n.shape.length - 1] ?? 1;
      if ((sm.mode ?? 'stable') === 'argmax') {
        return { ...base, op: 'softmax', mode: 'argmax', expTable: null, invTable: null, sumType: null };
      }
      const expEntry = parseType(sm.exp?.entry ?? 'ap_ufixed<18,1,RND,SAT>', 'softmax.exp.entry');
      const invEntry = parseType(sm.inv?.entry ?? 'ap_ufixed<18,1,RND,SAT>', 'softmax.inv.entry');
      const expSize = sm.exp?.size ?? 1024;
      const expStep = sm.exp?.min !== undefined ? Math.log2(-sm.exp.min / expSize) : -7;
      if (!Number.isInteger(expStep)) {
        throw new CompileError('FF007', `softmax exp table: -min/size must be a power of two`, { layer, field: 'softmax.exp.min' });
      }
      const sumType = sm.sum !== undefined ? parseType(sm.sum, 'softmax.sum') : accumulatorType([expEntry], classes);
      return {
        ...base,
        op: 'softmax',
        mode: 'stable',
        expTable: expTable(expSize, expStep, expEntry, layer),
        invTable: reciprocalTable(sm.inv?.size ?? 1024, classes, invEntry, layer),
        sumType,
      };
    }
    case 'reshape':
      return { ...base, op: 'reshape', type: needIn() };
    default:
      return assertNever(n, 'graph op');
  }
}

/** A derived (full-precision) type must stay within the width limit: say which setting to narrow. */
function derived(t: FixedType, layer: string, field: 'product' | 'accum'): FixedType {
  if (t.width > MAX_WIDTH) {
    throw new CompileError('FF009', `the exact ${field} type needs ${t.width} bits, over the ${MAX_WIDTH}-bit limit: set a narrower '${field}' type for this layer`, {
      layer,
      field,
    });
  }
  return t;
}

/** Bound types are exact constants; make one type that holds both bounds. */
function widenToHold(t: FixedType, values: readonly number[]): FixedType {
  let out = t;
  for (const v of values) {
    const c = exactConstant(v, { layer: '', field: 'bound' });
    if (!typeContains(out, c.type)) {
      const frac = Math.max(fracBits(out), fracBits(c.type));
      const int = Math.max(out.int, c.type.int);
      out = { ...out, width: int + frac, int };
    }
  }
  return out;
}

function checkReuse(rf: number, multiplies: number, layer: string): number {
  if (!Number.isInteger(rf) || rf < 1 || rf > Math.max(1, multiplies)) {
    throw new CompileError('FF007', `reuse factor must be an integer in 1..${multiplies}, got ${rf}`, { layer, field: 'reuseFactor' });
  }
  return rf;
}

export function inputSize(df: Dataflow): number {
  return df.nodes.filter((n) => n.op === 'input').reduce((a, n) => a + shapeSize(n.shape), 0);
}
