/** `fixflow compile`: model → dataflow IR (+ backend files). */
import { dataflowToJson } from '../../ir/dataflow/json.js';
import { printDataflow } from '../../ir/dataflow/print.js';
import { summarizeDesign, summaryTable } from '../../report/summary.js';
import { checkBackend, checkIo, emitBackend } from '../backends.js';
import { compileModel, type ModelArgs } from '../compile-model.js';
import { writeOutputDir } from '../output-dir.js';

export interface CompileArgs extends ModelArgs {
  readonly output: string;
  readonly force?: boolean;
  readonly backend?: string;
  readonly io?: string;
  readonly fifoDepth?: string;
}

export async function runCompile(model: string, args: CompileArgs, out: (s: string) => void): Promise<void> {
  const backend = checkBackend(args.backend);
  checkIo(args.io, backend);
  const { dataflow } = await compileModel(model, args, out);
  const summary = summarizeDesign(dataflow);
  const files = new Map<string, string>();
  files.set('dataflow.json', dataflowToJson(dataflow));
  files.set('dataflow.txt', printDataflow(dataflow));
  files.set('summary.json', JSON.stringify(summary, null, 1) + '\n');
  files.set('summary.txt', summaryTable(summary));
  for (const [path, text] of emitBackend(backend, dataflow, { io: args.io, fifoDepth: args.fifoDepth })) files.set(path, text);
  const dir = writeOutputDir(args.output, files, args.force ?? false);
  out(summaryTable(summary));
  out(`wrote ${files.size} files to ${dir}\n`);
}
