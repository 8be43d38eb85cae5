/**
 * Should `fixflow simulate --fast` run the interpreter (sim/) or generate and
 * load the specialized TypeScript model? The specialized model runs faster
 * per input but costs a fixed time to generate, transpile and compile; it
 * pays off once that cost is amortized over enough inputs. The estimate is a
 * cost model on the design's work (nonzero multiply-accumulates, elements of
 * element-wise layers, and which layers need BigInt arithmetic), with
 * constants measured by bench/ts-bench.ts on a 2-core x86 machine. It only
 * decides which engine runs: both give the same integers.
 *
 * This file does not load the TypeScript compiler, so asking is cheap.
 */
import type { Dataflow, DfNode } from '../../ir/dataflow/types.js';

export interface EngineCalibration {
  /** interpreter, per multiply-accumulate / element on float64 (ns) */
  readonly interpMacNs: number;
  readonly interpElemNs: number;
  /** interpreter on its BigInt reference path (layers wider than 52 bits), per MAC / element (ns) */
  readonly interpWideMacNs: number;
  readonly interpWideElemNs: number;
  /** specialized model, float64 code (ns) */
  readonly specMacNs: number;
  readonly specElemNs: number;
  /** specialized model, BigInt code (ns) */
  readonly specWideMacNs: number;
  readonly specWideElemNs: number;
  /** fixed cost of generating, transpiling and importing a module (ms), and per nonzero weight (ms) */
  readonly compileBaseMs: number;
  readonly compilePerWeightMs: number;
  /** loading the TypeScript compiler the first time (ms) */
  readonly coldStartMs: number;
}

export const DEFAULT_CALIBRATION: EngineCalibration = {
  interpMacNs: 1.2,
  interpElemNs: 4,
  interpWideMacNs: 250,
  interpWideElemNs: 150,
  specMacNs: 0.5,
  specElemNs: 1,
  specWideMacNs: 35,
  specWideElemNs: 20,
  compileBaseMs: 350,
  compilePerWeightMs: 0.008,
  coldStartMs: 800,
};

export interface EngineChoice {
  readonly engine: 'interpreter' | 'specialized';
  /** one sentence for the user */
  readonly reason: string;
  readonly estimate: {
    readonly interpreterMs: number;
    /** compile plus run */
    readonly specializedMs: number;
    readonly compileMs: number;
    /** inputs from which the specialized model is estimated to be faster (Infinity: never) */
    readonly breakEvenInputs: number;
  };
}

export interface EngineOptions {
  readonly calibration?: EngineCalibration;
  /** the TypeScript compiler is already loaded in this process */
  readonly warm?: boolean;
}

interface Work {
  macs: number;
  elems: number;
  wideMacs: number;
  wideElems: number;
  weights: number;
}

const WIDE = 52;

function designWork(df: Dataflow): Work {
  const w: Work = { macs: 0, elems: 0, wideMacs: 0, wideElems: 0, weights: 0 };
  const typeOf = new Map(df.nodes.map((n) => [n.name, n.type]));
  for (const node of df.nodes) {
    const size = node.shape.reduce((a, b) => a * b, 1);
    const inWidth = typeOf.get(node.inputs[0] ?? '')?.width ?? 0;
    const wide = Math.max(node.type.width, inWidth, ...innerWidths(node)) > WIDE;
    let macs = 0;
    let elems = 0;
    if (node.op === 'dense') {
      macs = node.weights.reduce((a, v) => a + (v !== 0n ? 1 : 0), 0);
      w.weights += macs;
      elems = size;
    } else if (node.op === 'scale_shift') {
      macs = size;
    } else if (node.op === 'softmax') {
      elems = 4 * size;
    } else if (node.op !== 'input' && node.op !== 'reshape') {
      elems = size;
    }
    if (wide) {
      w.wideMacs += macs;
      w.wideElems += elems;
    } else {
      w.macs += macs;
      w.elems += elems;
    }
  }
  return w;
}

function innerWidths(node: DfNode): number[] {
  switch (node.op) {
    case 'dense':
    case 'scale_shift':
      return [node.productType.width, node.accType.width];
    case 'leaky_relu':
      return [node.productType.width];
    case 'softmax':
      return node.sumType ? [node.sumType.width] : [];
    default:
      return [];
  }
}

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

export function chooseEngine(df: Dataflow, nInputs: number, opts: EngineOptions = {}): EngineChoice {
  const c = opts.calibration ?? DEFAULT_CALIBRATION;
  const w = designWork(df);
  const n = Math.max(0, nInputs);
  const interpPer = (w.macs * c.interpMacNs + w.elems * c.interpElemNs + w.wideMacs * c.interpWideMacNs + w.wideElems * c.interpWideElemNs) / 1e6;
  const specPer = (w.macs * c.specMacNs + w.elems * c.specElemNs + w.wideMacs * c.specWideMacNs + w.wideElems * c.specWideElemNs) / 1e6;
  const compileMs = c.compileBaseMs + c.compilePerWeightMs * w.weights + (opts.warm ? 0 : c.coldStartMs);
  const interpreterMs = n * interpPer;
  const specializedMs = compileMs + n * specPer;
  const gain = interpPer - specPer;
  const breakEvenInputs = gain > 0 ? Math.ceil(compileMs / gain) : Infinity;
  const engine = specializedMs < interpreterMs ? 'specialized' : 'interpreter';
  const speed = specPer > 0 ? interpPer / specPer : 1;
  const reason =
    engine === 'specialized'
      ? `specialized model: about ${speed.toFixed(1)}x faster per input, so its ${fmtMs(compileMs)} to generate and load pays off over ${n} inputs (estimated ${fmtMs(specializedMs)} vs ${fmtMs(interpreterMs)})`
      : Number.isFinite(breakEvenInputs)
        ? `interpreter: ${n} inputs take an estimated ${fmtMs(interpreterMs)}, less than the ${fmtMs(compileMs)} needed to generate and load the specialized model (worth it from about ${breakEvenInputs} inputs)`
        : `interpreter: the specialized model would not be faster per input for this design`;
  return { engine, reason, estimate: { interpreterMs, specializedMs, compileMs, breakEvenInputs } };
}
