/** `fixflow inspect`: layers, types, parameters, MACs, sparsity. */
import { printDataflow } from '../../ir/dataflow/print.js';
import { CompileError } from '../../core/diagnostics.js';
import { errorBounds } from '../../report/error-bound.js';
import { summarizeDesign, summaryTable, textTable } from '../../report/summary.js';
import { compileModel, type ModelArgs } from '../compile-model.js';

export interface InspectArgs extends ModelArgs {
  readonly json?: boolean;
  readonly ir?: boolean;
  /** 'min,max' of the float inputs, for the error bound */
  readonly inputRange?: string;
}

function parseRange(s: string | undefined): { min: number; max: number } {
  const parts = (s ?? '-1,1').split(',').map(Number);
  const [min = NaN, max = NaN] = parts;
  if (parts.length !== 2 || !(min <= max)) throw new CompileError('FF014', `--input-range must be 'min,max', got '${s}'`, { field: '--input-range' });
  return { min, max };
}

export async function runInspect(model: string, args: InspectArgs, out: (s: string) => void): Promise<void> {
  const range = parseRange(args.inputRange);
  const { dataflow, graph } = await compileModel(model, args, out);
  const summary = summarizeDesign(dataflow);
  const bounds = graph ? errorBounds(graph, dataflow, range) : [];
  if (args.json) {
    out(JSON.stringify({ ...summary, errorBounds: bounds }, null, 1) + '\n');
    return;
  }
  out(`model ${dataflow.name}: ${summary.params} parameters (${summary.nonzero} nonzero), ${summary.macs} MACs per inference, ${summary.weightBits} weight bits\n`);
  out(summaryTable(summary));
  if (bounds.length > 0) {
    out(`\nstated quantization bound, |fixed − float| per element, for inputs in [${range.min}, ${range.max}]:\n`);
    out(
      textTable(
        ['layer', 'max |float|', 'error bound'],
        bounds.map((b) => [b.layer, b.maxAbs.toPrecision(4), b.overflowPossible ? 'overflow possible' : b.error.toPrecision(3)]),
      ),
    );
  }
  if (args.ir) out(printDataflow(dataflow));
}
