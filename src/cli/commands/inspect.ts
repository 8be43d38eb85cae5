/** `fixflow inspect`: layers, types, parameters, MACs, sparsity. */
import { printDataflow } from '../../ir/dataflow/print.js';
import { summarizeDesign, summaryTable } from '../../report/summary.js';
import { compileModel, type ModelArgs } from '../compile-model.js';

export interface InspectArgs extends ModelArgs {
  readonly json?: boolean;
  readonly ir?: boolean;
}

export async function runInspect(model: string, args: InspectArgs, out: (s: string) => void): Promise<void> {
  const { dataflow } = await compileModel(model, args, out);
  const summary = summarizeDesign(dataflow);
  if (args.json) {
    out(JSON.stringify(summary, null, 1) + '\n');
    return;
  }
  out(`model ${dataflow.name}: ${summary.params} parameters (${summary.nonzero} nonzero), ${summary.macs} MACs per inference, ${summary.weightBits} weight bits\n`);
  out(summaryTable(summary));
  if (args.ir) out(printDataflow(dataflow));
}
