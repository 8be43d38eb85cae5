/** `fixflow synth`: emit the Verilog and run Yosys on it; resources per layer and in total, and the longest path. */
import { emitVerilog } from '../../backends/verilog/index.js';
import { CompileError } from '../../core/diagnostics.js';
import { formatSynthTable, synthVerilog, type SynthReport, type SynthTarget } from '../../report/yosys/index.js';
import { compileModel, type ModelArgs } from '../compile-model.js';
import { writeOutputDir } from '../output-dir.js';

export interface SynthArgs extends ModelArgs {
  readonly target?: string;
  readonly json?: boolean;
  readonly output?: string;
  readonly force?: boolean;
  readonly pnr?: boolean;
}

function target(v: string | undefined): SynthTarget {
  const t = v ?? 'xilinx';
  if (t !== 'xilinx' && t !== 'ice40') throw new CompileError('FF014', `--target must be xilinx or ice40, got '${t}'`, { field: '--target' });
  return t;
}

/** The report as JSON, without the run time so the same design always gives the same file. */
export function synthJson(r: SynthReport): string {
  const { yosysMs: _ms, ...stable } = r;
  return JSON.stringify(stable, null, 1) + '\n';
}

export async function runSynth(model: string, args: SynthArgs, out: (s: string) => void): Promise<void> {
  const t = target(args.target);
  const { dataflow } = await compileModel(model, args);
  const files = emitVerilog(dataflow);
  const report = await synthVerilog(files, {
    target: t,
    placeAndRoute: args.pnr ?? false,
    onProgress: args.json ? undefined : (m) => process.stderr.write(`  ${m}\n`),
  });
  const table = formatSynthTable(report) + '\n';
  if (args.output !== undefined) {
    const outFiles = new Map<string, string>([
      ['synth.json', synthJson(report)],
      ['synth.txt', table],
      ...[...files].map(([p, text]): [string, string] => [`verilog/${p}`, text]),
    ]);
    writeOutputDir(args.output, outFiles, args.force ?? false);
  }
  out(args.json ? synthJson(report) : table);
  if (!args.json) out(`yosys ${(report.yosysMs / 1000).toFixed(1)} s${args.output !== undefined ? `; wrote ${args.output}` : ''}\n`);
}
