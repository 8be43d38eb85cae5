/**
 * One dataflow node → its LayerShape. Dense, ReLU, clip, cast, input and
 * reshape are replayed on abstract signals (fast, exact stages); the rarer
 * ops (softmax, tables, leaky ReLU, scale-shift) ask the backend's own layer
 * emitter for their stages (exact, slower) and are counted by structure.
 */
import { CompileError } from '../../core/diagnostics.js';
import { fracBits, type FixedType } from '../../fixed/fixed-type.js';
import type { DfNode, TableSpec } from '../../ir/dataflow/types.js';
import { shapeSize } from '../../ir/graph/types.js';
import { emitLayer } from '../../backends/verilog/layers/emit-layer.js';
import type { ResolvedOptions } from '../../backends/verilog/options.js';
import { castA, clipA, reluA } from './abstract-ops.js';
import { AbstractModule, emptyTally, type ASig } from './abstract-sched.js';
import { denseFolded, denseParallel, finishPipe, inputSig } from './dense-cost.js';
import type { LayerShape } from './layer-shape.js';

export interface LayerInput {
  readonly inType: FixedType;
  readonly inSize: number;
  readonly inDepth: number;
}

function elementwise(opts: ResolvedOptions, inp: LayerInput, f: (b: AbstractModule, x: ASig) => ASig): LayerShape {
  const b = new AbstractModule(opts.stageLevels);
  const outs = Array.from({ length: inp.inSize }, () => f(b, inputSig(b, inp.inType, inp.inDepth)));
  return finishPipe(b, outs, 0);
}

/** Counted by structure around the backend's own emitter (which fixes the stages). */
function viaEmitter(node: DfNode, opts: ResolvedOptions, inp: LayerInput): LayerShape {
  const e = emitLayer(node, { opts, inType: inp.inType, inSize: inp.inSize, inDepth: inp.inDepth });
  const tally = emptyTally();
  const out = shapeSize(node.shape);
  const w = node.type.width;
  // every lookup is its own copy of the table in logic: one per element, and softmax's reciprocal once per row
  const rows = out / Math.max(1, node.shape[node.shape.length - 1] ?? 1);
  const lookups: [TableSpec | null, number][] = node.op === 'table' ? [[node.table, out]] : node.op === 'softmax' ? [[node.expTable, out], [node.invTable, rows]] : [];
  if (e.romReads) for (const r of e.romReads) tally.roms.push({ ...r });
  else for (const [t, n] of lookups) for (let k = 0; t && k < n; k++) tally.roms.push({ entries: t.size, width: t.entryType.width });
  for (let k = 0; k < e.multipliers; k++) tally.mults.push([w + 1, w + 1]);
  tally.castBits += out * w;
  tally.adderBits += out * (w + 1);
  tally.adders += out;
  tally.regBits += e.latency * out * w;
  return { kind: e.kind, latency: e.latency, ii: e.ii, outDepth: e.outDepth, multipliers: e.multipliers, tally };
}

export function layerShape(node: DfNode, opts: ResolvedOptions, inp: LayerInput): LayerShape {
  const knobs = opts.knobs(node.name);
  switch (node.op) {
    case 'input': {
      const b = new AbstractModule(opts.stageLevels);
      const outs = Array.from({ length: inp.inSize }, () => b.register(castA(b, inputSig(b, inp.inType, 0), node.type)));
      const s = finishPipe(b, outs, 0);
      return { ...s, latency: 1, outDepth: 0 };
    }
    case 'dense': {
      const ctx = { inType: inp.inType, inDepth: inp.inDepth, stageLevels: opts.stageLevels, mulLevels: opts.mulLevels, knobs };
      return node.reuseFactor > 1 ? denseFolded(node, ctx, inp.inSize) : denseParallel(node, ctx);
    }
    case 'relu':
      return elementwise(opts, inp, (b, x) => castA(b, reluA(b, x), node.type));
    case 'clip':
      return elementwise(opts, inp, (b, x) => castA(b, clipA(b, x, node.lo, node.hi, fracBits(node.boundType)), node.type));
    case 'cast':
      return elementwise(opts, inp, (b, x) => castA(b, x, node.type));
    case 'reshape':
      return { kind: 'pipe', latency: 0, ii: 1, outDepth: inp.inDepth, multipliers: 0, tally: emptyTally() };
    case 'softmax':
    case 'table':
    case 'leaky_relu':
    case 'scale_shift':
      return viaEmitter(node, opts, inp);
    default:
      throw new CompileError('FF006', `${node.op} is not supported by the Verilog backend's cost model`, { layer: node.source, field: 'op' });
  }
}
