/**
 * Load an emitted module: transpile it with the TypeScript compiler
 * (ts.transpileModule, no type check) and import it from a data: URL. The
 * loaded model wraps the module's functions and turns its RangeErrors (bad
 * input codes or values) into CompileError FF010.
 */
import { ts } from 'ts-morph';
import { CompileError } from '../../core/diagnostics.js';

export type RawInput = Int32Array | Float64Array | readonly number[] | readonly bigint[];

/** The functions and constants every emitted module exports. */
interface EmittedModule {
  readonly DESIGN_NAME: string;
  readonly INPUT_SIZE: number;
  readonly OUTPUT_SIZE: number;
  readonly SAMPLES_PER_BLOCK: number;
  readonly BIGINT_INPUTS: boolean;
  readonly BIGINT_OUTPUTS: boolean;
  infer(raw: RawInput): bigint[];
  inferBatch(raw: RawInput, n: number): Float64Array | bigint[];
  quantize(values: ArrayLike<number>, n?: number): Float64Array | bigint[];
  dequantize(raw: Float64Array | readonly number[] | readonly bigint[], n?: number): Float64Array;
}

export interface TsModel {
  readonly name: string;
  readonly inputSize: number;
  readonly outputSize: number;
  /** quantize returns bigint[] (an input type is wider than 53 bits) */
  readonly bigintInputs: boolean;
  /** inferBatch returns bigint[] (an output type is wider than 53 bits) */
  readonly bigintOutputs: boolean;
  /** one sample's raw codes → its raw output codes */
  infer(raw: RawInput): bigint[];
  /** n samples, row-major → n output rows, row-major (Float64Array of codes, or bigint[]) */
  inferBatch(raw: RawInput, n: number): Float64Array | bigint[];
  /** the simulator's contract (sim/simulate.ts simulateRaw): rows of codes in, rows of codes out */
  inferRows(rows: readonly (readonly bigint[])[]): bigint[][];
  /** float inputs of n samples → raw input codes */
  quantize(values: ArrayLike<number>, n?: number): Float64Array | bigint[];
  /** raw output codes of n samples → real values */
  dequantize(raw: Float64Array | readonly number[] | readonly bigint[], n?: number): Float64Array;
  /** milliseconds spent transpiling and importing */
  readonly loadMs: { readonly transpile: number; readonly import: number };
}

/** Transpile TypeScript source to an ES module (JavaScript text). */
export function transpileTs(source: string): string {
  const out = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
    reportDiagnostics: true,
  });
  const diag = out.diagnostics?.[0];
  if (diag) {
    throw new CompileError('FF016', `TypeScript transpile failed: ${ts.flattenDiagnosticMessageText(diag.messageText, ' ')}`);
  }
  return out.outputText;
}

function importUrl(url: string): Promise<unknown> {
  return import(/* @vite-ignore */ url) as Promise<unknown>;
}

function wrap<A extends unknown[], R>(f: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      return f(...args);
    } catch (e) {
      if (e instanceof RangeError) throw new CompileError('FF010', e.message);
      throw e;
    }
  };
}

export async function loadTsModel(source: string): Promise<TsModel> {
  const t0 = performance.now();
  const js = transpileTs(source);
  const t1 = performance.now();
  let m: EmittedModule;
  try {
    m = (await importUrl(`data:text/javascript;base64,${Buffer.from(js, 'utf8').toString('base64')}`)) as EmittedModule;
  } catch (e) {
    // the message of a failed data: import starts with the whole URL; keep only the error itself
    const msg = e instanceof Error ? `${e.name}: ${e.message.split('\n').pop() ?? ''}` : String(e);
    throw new CompileError('FF016', `emitted module failed to load: ${msg.slice(0, 300)}`);
  }
  const t2 = performance.now();
  for (const key of ['infer', 'inferBatch', 'quantize', 'dequantize'] as const) {
    if (typeof m[key] !== 'function') throw new CompileError('FF016', `emitted module does not export ${key}`);
  }
  const inferBatch = wrap((raw: RawInput, n: number) => m.inferBatch(raw, n));
  return {
    name: m.DESIGN_NAME,
    inputSize: m.INPUT_SIZE,
    outputSize: m.OUTPUT_SIZE,
    bigintInputs: m.BIGINT_INPUTS,
    bigintOutputs: m.BIGINT_OUTPUTS,
    infer: wrap((raw: RawInput) => m.infer(raw)),
    inferBatch,
    inferRows: (rows) => {
      rows.forEach((r, i) => {
        if (r.length !== m.INPUT_SIZE) throw new CompileError('FF010', `row ${i + 1} has ${r.length} values, expected ${m.INPUT_SIZE}`);
      });
      const flat = rows.flat();
      const out = inferBatch(flat, rows.length);
      const res: bigint[][] = [];
      for (let r = 0; r < rows.length; r++) {
        const row: bigint[] = [];
        for (let j = 0; j < m.OUTPUT_SIZE; j++) {
          const v = out[r * m.OUTPUT_SIZE + j] ?? 0;
          row.push(typeof v === 'bigint' ? v : BigInt(v));
        }
        res.push(row);
      }
      return res;
    },
    quantize: wrap((values: ArrayLike<number>, n?: number) => m.quantize(values, n)),
    dequantize: wrap((raw: Float64Array | readonly number[] | readonly bigint[], n?: number) => m.dequantize(raw, n)),
    loadMs: { transpile: t1 - t0, import: t2 - t1 },
  };
}
