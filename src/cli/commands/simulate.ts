/** `fixflow simulate`: run vectors through the bit-accurate simulator. */
import { chooseEngine, emitTs, loadTsModel } from '../../backends/ts/index.js';
import { CompileError } from '../../core/diagnostics.js';
import { shapeSize } from '../../ir/graph/types.js';
import { createSimulator, outputsToReal, quantizeInputs, simulateRaw, checkRawInputs } from '../../../sim/simulate.js';
import { profileTable } from '../profile-table.js';
import { compileModel, type ModelArgs } from '../compile-model.js';
import { writeOutputFile } from '../output-dir.js';
import { formatVectors, readVectors, type VectorKind } from '../vector-files.js';

export interface SimulateArgs extends ModelArgs {
  readonly inputs: string;
  readonly output?: string;
  readonly inputKind?: string;
  readonly outputKind?: string;
  readonly profile?: boolean;
  readonly force?: boolean;
  /** use the specialized TypeScript model when it is faster for this many inputs */
  readonly fast?: boolean;
}

function kind(v: string | undefined, flag: string): VectorKind {
  if (v === undefined || v === 'float') return 'float';
  if (v === 'raw') return 'raw';
  throw new CompileError('FF014', `${flag} must be 'float' or 'raw', got '${v}'`, { field: flag });
}

export async function runSimulate(model: string, args: SimulateArgs, out: (s: string) => void): Promise<void> {
  const inKind = kind(args.inputKind, '--input-kind');
  const outKind = kind(args.outputKind, '--output-kind');
  const { dataflow } = await compileModel(model, args);
  const width = dataflow.nodes.filter((n) => n.op === 'input').reduce((a, n) => a + shapeSize(n.shape), 0);
  const vec = readVectors(args.inputs, inKind, width);
  const raw = vec.raw ?? quantizeInputs(dataflow, vec.floats ?? [], args.inputs);
  checkRawInputs(dataflow, raw, args.inputs);
  let results: bigint[][];
  if (args.fast) {
    const choice = chooseEngine(dataflow, raw.length);
    process.stderr.write(`engine: ${choice.reason}\n`);
    results = choice.engine === 'specialized' ? (await loadTsModel(emitTs(dataflow))).inferRows(raw) : simulateRaw(dataflow, raw);
  } else {
    results = simulateRaw(dataflow, raw);
  }
  const rows = outKind === 'raw' ? results : outputsToReal(dataflow, results);
  const text = formatVectors(args.output ?? 'stdout.csv', rows, outKind);
  if (args.output) {
    writeOutputFile(args.output, text, args.force ?? false);
    out(`simulated ${raw.length} vectors; wrote ${args.output}\n`);
  } else {
    out(typeof text === 'string' ? text : '');
  }
  if (args.profile) {
    const sim = createSimulator(dataflow, { profile: true });
    const flat = new Float64Array(raw.length * width);
    raw.forEach((r, i) => r.forEach((v, j) => (flat[i * width + j] = Number(v))));
    sim.runBatch(flat, raw.length);
    out(profileTable(sim.profile()));
  }
}
