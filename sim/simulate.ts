/**
 * The bit-accurate simulator of the dataflow IR: the executable spec. Batches
 * run on the fast kernels where a width argument proves them exact, and on
 * the BigInt reference elsewhere; both give the same integers.
 *
 * Vectors are exchanged as raw codes: an input row is the raw codes of all
 * input nodes concatenated in node order; an output row is the raw codes of
 * the design's outputs concatenated in `outputs` order.
 */
import { CompileError } from '../src/core/diagnostics.js';
import { castNumber, toNumber } from '../src/fixed/arith.js';
import { compileFloatCast, FAST_MAX_WIDTH } from '../src/fixed/cast-fast.js';
import { maxRaw, minCode, type FixedType } from '../src/fixed/fixed-type.js';
import type { Dataflow, DfNode } from '../src/ir/dataflow/types.js';
import { shapeSize } from '../src/ir/graph/types.js';
import { compileFast, type Kernel, type NodeStats } from './fast-kernels.js';
import { summarize, TensorStats, type TensorKind, type TensorProfile } from './profile.js';
import { refNode } from './reference.js';

type Tensor = Float64Array | bigint[];

interface Step {
  readonly node: DfNode;
  readonly inputs: readonly number[];
  readonly size: number;
  readonly fast: Kernel | null;
  readonly stats?: NodeStats;
  readonly inTypes: readonly FixedType[];
}

export interface SimulatorOptions {
  /** collect the overflow profile (slower) */
  readonly profile?: boolean;
  /** run every layer on the BigInt reference (the oracle; for tests) */
  readonly referenceOnly?: boolean;
}

export interface Simulator {
  readonly df: Dataflow;
  readonly inputSize: number;
  readonly outputSize: number;
  /** which layers run on the BigInt reference (types too wide for float64) */
  readonly referenceLayers: readonly string[];
  /** raw codes in, row-major B × inputSize; raw codes out, row-major B × outputSize */
  runBatch(inputs: Float64Array, B: number): Float64Array | bigint[];
  profile(): TensorProfile[];
}

const CHUNK = 256;

export function createSimulator(df: Dataflow, opts: SimulatorOptions = {}): Simulator {
  const index = new Map(df.nodes.map((n, i) => [n.name, i]));
  const steps: Step[] = df.nodes.map((node) => {
    const inputs = node.inputs.map((i) => {
      const k = index.get(i);
      if (k === undefined) throw new CompileError('FF020', `input '${i}' does not exist`, { layer: node.source });
      return k;
    });
    const inTypes = inputs.map((k) => df.nodes[k]?.type ?? node.type);
    const stats: NodeStats | undefined = opts.profile ? {} : undefined;
    return { node, inputs, size: shapeSize(node.shape), fast: opts.referenceOnly ? null : compileFast(node, inTypes, stats), stats, inTypes };
  });
  const inputSteps = steps.map((s, i) => [s, i] as const).filter(([s]) => s.node.op === 'input');
  const outIdx = df.outputs.map((o) => {
    const k = index.get(o);
    if (k === undefined) throw new CompileError('FF020', `output '${o}' does not exist`);
    return k;
  });
  const inputSize = inputSteps.reduce((a, [s]) => a + s.size, 0);
  const outputSize = outIdx.reduce((a, k) => a + (steps[k]?.size ?? 0), 0);
  const wideOut = outIdx.some((k) => (steps[k]?.node.type.width ?? 0) > FAST_MAX_WIDTH);

  // output buffers reused across chunks (one allocation per layer, not per chunk)
  const buffers = steps.map((s) => new Float64Array(s.size * CHUNK));
  const inBuffers = steps.map((s) => (s.node.op === 'input' ? new Float64Array(s.size * CHUNK) : null));
  const runChunk = (inputs: Float64Array, b0: number, B: number, stride: number): Tensor[] => {
    const values: Tensor[] = new Array(steps.length);
    let offset = 0;
    steps.forEach((step, si) => {
      let ins: Tensor[];
      if (step.node.op === 'input') {
        const t = (inBuffers[si] as Float64Array).subarray(0, step.size * B);
        for (let b = 0; b < B; b++) for (let i = 0; i < step.size; i++) t[i * B + b] = inputs[(b0 + b) * stride + offset + i] as number;
        offset += step.size;
        ins = [t];
      } else {
        ins = step.inputs.map((k) => values[k] as Tensor);
      }
      values[si] = runStep(step, ins, B, (buffers[si] as Float64Array).subarray(0, step.size * B));
    });
    return values;
  };

  return {
    df,
    inputSize,
    outputSize,
    referenceLayers: steps.filter((s) => s.fast === null).map((s) => s.node.source),
    runBatch(inputs, B) {
      if (inputs.length !== B * inputSize) throw new CompileError('FF010', `expected ${B}×${inputSize} input codes, got ${inputs.length}`);
      const outF = wideOut ? null : new Float64Array(B * outputSize);
      const outB: bigint[] = wideOut ? new Array<bigint>(B * outputSize) : [];
      for (let b0 = 0; b0 < B; b0 += CHUNK) {
        const nb = Math.min(CHUNK, B - b0);
        const values = runChunk(inputs, b0, nb, inputSize);
        let col = 0;
        for (const k of outIdx) {
          const t = values[k] as Tensor;
          const size = steps[k]?.size ?? 0;
          for (let i = 0; i < size; i++) {
            for (let b = 0; b < nb; b++) {
              const v = t[i * nb + b] as number | bigint;
              const at = (b0 + b) * outputSize + col + i;
              if (outF) outF[at] = Number(v);
              else outB[at] = BigInt(v);
            }
          }
          col += size;
        }
      }
      return outF ?? outB;
    },
    profile() {
      const out: TensorProfile[] = [];
      for (const s of steps) {
        if (!s.stats) continue;
        for (const kind of ['product', 'accum', 'sum', 'result'] as TensorKind[]) {
          const st = s.stats[kind];
          if (st) out.push(summarize(s.node.name, s.node.source, kind, st));
        }
      }
      return out;
    },
  };
}

function runStep(step: Step, ins: Tensor[], B: number, buffer: Float64Array): Tensor {
  const wideOut = step.node.type.width > FAST_MAX_WIDTH;
  if (step.fast && !wideOut && ins.every((t) => t instanceof Float64Array)) {
    const out = buffer;
    step.fast(ins as Float64Array[], B, out);
    return out;
  }
  // reference path, one sample at a time
  const observe = step.stats
    ? (kind: TensorKind, raw: bigint, srcFrac: number, t: FixedType): void => {
        const stats = step.stats as NodeStats;
        (stats[kind] ??= new TensorStats(t)).observeBig(raw, srcFrac);
      }
    : undefined;
  const out: Tensor = wideOut ? new Array<bigint>(step.size * B) : new Float64Array(step.size * B);
  for (let b = 0; b < B; b++) {
    const sample = ins.map((t) => {
      const n = t.length / B;
      const row = new Array<bigint>(n);
      for (let i = 0; i < n; i++) row[i] = BigInt(t[i * B + b] as number | bigint);
      return row;
    });
    const r = step.node.op === 'input' ? (sample[0] ?? []) : refNode(step.node, sample, step.inTypes, observe);
    for (let i = 0; i < step.size; i++) {
      const v = r[i] ?? 0n;
      if (out instanceof Float64Array) out[i * B + b] = Number(v);
      else out[i * B + b] = v;
    }
  }
  return out;
}

function inputTypes(df: Dataflow): { type: FixedType; size: number; name: string }[] {
  return df.nodes.filter((n) => n.op === 'input').map((n) => ({ type: n.type, size: shapeSize(n.shape), name: n.source }));
}

function outputTypes(df: Dataflow): { type: FixedType; size: number }[] {
  return df.outputs.map((o) => {
    const n = df.nodes.find((m) => m.name === o);
    if (!n) throw new CompileError('FF020', `output '${o}' does not exist`);
    return { type: n.type, size: shapeSize(n.shape) };
  });
}

/** Check raw input rows: right length, codes within their type's range. */
export function checkRawInputs(df: Dataflow, inputs: readonly (readonly bigint[])[], file?: string): void {
  const specs = inputTypes(df);
  const width = specs.reduce((a, s) => a + s.size, 0);
  inputs.forEach((row, r) => {
    if (row.length !== width) throw new CompileError('FF010', `row ${r + 1} has ${row.length} values, expected ${width}`, { file });
    let col = 0;
    for (const s of specs) {
      for (let i = 0; i < s.size; i++, col++) {
        const v = row[col] ?? 0n;
        if (v < minCode(s.type) || v > maxRaw(s.type)) {
          throw new CompileError('FF010', `row ${r + 1}, column ${col + 1}: raw code ${v} is outside the input type's range`, { file, layer: s.name });
        }
      }
    }
  });
}

/** Run raw input rows; returns raw output rows. */
export function simulateRaw(df: Dataflow, inputs: readonly (readonly bigint[])[]): bigint[][] {
  checkRawInputs(df, inputs);
  const sim = createSimulator(df);
  const flat = new Float64Array(inputs.length * sim.inputSize);
  const wideIn = inputTypes(df).some((s) => s.type.width > FAST_MAX_WIDTH);
  if (wideIn) return inputs.map((row) => simulateRawWide(df, row));
  inputs.forEach((row, r) => row.forEach((v, i) => (flat[r * sim.inputSize + i] = Number(v))));
  const out = sim.runBatch(flat, inputs.length);
  const rows: bigint[][] = [];
  for (let r = 0; r < inputs.length; r++) {
    const row: bigint[] = [];
    for (let i = 0; i < sim.outputSize; i++) row.push(BigInt(out[r * sim.outputSize + i] as number | bigint));
    rows.push(row);
  }
  return rows;
}

/** Inputs wider than float64 can hold go through the reference one sample at a time. */
function simulateRawWide(df: Dataflow, row: readonly bigint[]): bigint[] {
  const values = new Map<string, bigint[]>();
  const types = new Map<string, FixedType>();
  let offset = 0;
  for (const node of df.nodes) {
    let out: bigint[];
    if (node.op === 'input') {
      const size = shapeSize(node.shape);
      out = row.slice(offset, offset + size);
      offset += size;
    } else {
      out = refNode(
        node,
        node.inputs.map((i) => values.get(i) ?? []),
        node.inputs.map((i) => types.get(i) ?? node.type),
      );
    }
    values.set(node.name, out);
    types.set(node.name, node.type);
  }
  return df.outputs.flatMap((o) => values.get(o) ?? []);
}

/** Float inputs enter by cast to the input type (quantize, then overflow). */
export function quantizeInputs(df: Dataflow, floats: readonly (readonly number[])[], file?: string): bigint[][] {
  const specs = inputTypes(df);
  const width = specs.reduce((a, s) => a + s.size, 0);
  return floats.map((row, r) => {
    if (row.length !== width) throw new CompileError('FF010', `row ${r + 1} has ${row.length} values, expected ${width}`, { file });
    const out: bigint[] = [];
    let col = 0;
    for (const s of specs) {
      for (let i = 0; i < s.size; i++, col++) {
        const v = row[col] ?? NaN;
        if (!Number.isFinite(v)) throw new CompileError('FF010', `row ${r + 1}, column ${col + 1} is not a finite number`, { file });
        out.push(castNumber(v, s.type));
      }
    }
    return out;
  });
}

/** Real values of raw output rows. */
export function outputsToReal(df: Dataflow, rows: readonly (readonly bigint[])[]): number[][] {
  const specs = outputTypes(df);
  return rows.map((row) => {
    const out: number[] = [];
    let col = 0;
    for (const s of specs) for (let i = 0; i < s.size; i++, col++) out.push(toNumber(row[col] ?? 0n, s.type));
    return out;
  });
}

/** Fast float-in path for large batches (e.g. a test set): quantize on numbers when exact. */
export function quantizeInputsFlat(df: Dataflow, floats: Float32Array | Float64Array, B: number): Float64Array {
  const specs = inputTypes(df);
  const width = specs.reduce((a, s) => a + s.size, 0);
  if (floats.length !== B * width) throw new CompileError('FF010', `expected ${B}×${width} input values, got ${floats.length}`);
  const out = new Float64Array(floats.length);
  let col = 0;
  for (const s of specs) {
    const fast = compileFloatCast(s.type);
    if (!fast) throw new CompileError('FF014', 'input type too wide for the flat path; use quantizeInputs');
    for (let i = 0; i < s.size; i++, col++) {
      for (let b = 0; b < B; b++) {
        const v = floats[b * width + col] as number;
        if (!Number.isFinite(v)) throw new CompileError('FF010', `sample ${b + 1}, column ${col + 1} is not a finite number`);
        out[b * width + col] = fast(v) ?? Number(castNumber(v, s.type));
      }
    }
  }
  return out;
}

