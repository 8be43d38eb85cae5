/** The `fixflow` command. */
import { Command, CommanderError, Option } from 'commander';
import { CompileError, formatError } from '../core/diagnostics.js';
import { PASS_NAMES } from '../pipeline.js';
import { runCompile } from './commands/compile.js';
import { runDemo } from './commands/demo.js';
import { runInspect } from './commands/inspect.js';
import { runSimulate } from './commands/simulate.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { MODEL_FORMATS } from './load-model.js';

const out = (s: string): void => {
  process.stdout.write(s);
};

function modelOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'precision configuration (JSON or YAML)')
    .addOption(new Option('--format <format>', 'model format (default: from the file)').choices([...MODEL_FORMATS]))
    .option('--weights <file>', 'weights file for a Keras architecture JSON')
    .addOption(new Option('--dump-after <pass>', 'print the IR after a pass').choices([...PASS_NAMES]));
}

export function buildProgram(): Command {
  const program = new Command();
  program.name('fixflow').description('Compile compressed neural networks into bit-exact fixed-point FPGA accelerators').version('0.1.0');
  program.option('--debug', 'print stack traces of internal errors');
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });

  modelOptions(program.command('compile <model>').description('compile a model into a fixed-point design'))
    .requiredOption('-o, --output <dir>', 'output folder (must not exist, unless --force)')
    .option('--force', 'replace the output folder if it exists')
    .option('--backend <name>', 'ir (default), hls, verilog or ts')
    .option('--io <style>', 'HLS interface style: parallel or stream')
    .action((model: string, opts) => runCompile(model, opts, out));

  modelOptions(program.command('simulate <model>').description('run input vectors through the bit-accurate simulator'))
    .requiredOption('--inputs <file>', 'input vectors (.csv, .json or .npy)')
    .option('-o, --output <file>', 'write outputs here (same formats); default: stdout as CSV')
    .option('--input-kind <kind>', 'float (quantized into the input type) or raw codes', 'float')
    .option('--output-kind <kind>', 'float (real values) or raw codes', 'float')
    .option('--profile', 'print the overflow profile')
    .option('--force', 'replace the output file if it exists')
    .action((model: string, opts) => runSimulate(model, opts, out));

  modelOptions(program.command('inspect <model>').description('layers, types, parameters, MACs and sparsity'))
    .option('--json', 'machine-readable output')
    .option('--ir', 'also print the dataflow IR')
    .option('--input-range <min,max>', 'range of the float inputs, for the error bound', '-1,1')
    .action((model: string, opts) => runInspect(model, opts, out));

  program
    .command('demo')
    .description('compile the bundled Fashion-MNIST MLP, simulate the test set at two precisions')
    .option('-o, --output <dir>', 'base output folder', 'out/demo')
    .option('--limit <n>', 'only the first n test images', (v) => Number(v))
    .action((opts) => runDemo(opts, out));
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof CompileError) {
      process.stderr.write(formatError(e) + '\n');
      return exitCodeFor(e.code);
    }
    const debug = argv.includes('--debug');
    process.stderr.write(`internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (debug) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    else process.stderr.write('this is a bug in fixflow; rerun with --debug for details\n');
    return EXIT.internal;
  }
}
