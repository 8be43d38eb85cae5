/** The `fixflow` command. */
import { Command, CommanderError, Option } from 'commander';
import { CompileError, formatError } from '../core/diagnostics.js';
import { PASS_NAMES } from '../pipeline.js';
import { runCompile } from './commands/compile.js';
import { runDemo } from './commands/demo.js';
import { runExplore } from './commands/explore.js';
import { runInspect } from './commands/inspect.js';
import { COMPRESS_METHODS, runCompress } from './commands/compress.js';
import { runReport } from './commands/report.js';
import { runSimulate } from './commands/simulate.js';
import { runSynth } from './commands/synth.js';
import { runVerify } from './commands/verify.js';
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
    .addOption(new Option('--backend <name>', 'what to emit besides the IR').choices(['ir', 'hls', 'verilog', 'ts']).default('ir'))
    .addOption(new Option('--io <style>', 'HLS interface style (default parallel)').choices(['parallel', 'stream']))
    .option('--fifo-depth <list>', 'Verilog streaming designs: override computed FIFO depths, e.g. add_in0=8')
    .action((model: string, opts) => runCompile(model, opts, out));

  modelOptions(program.command('simulate <model>').description('run input vectors through the bit-accurate simulator'))
    .requiredOption('--inputs <file>', 'input vectors (.csv, .json or .npy)')
    .option('-o, --output <file>', 'write outputs here (same formats); default: stdout as CSV')
    .option('--input-kind <kind>', 'float (quantized into the input type) or raw codes', 'float')
    .option('--output-kind <kind>', 'float (real values) or raw codes', 'float')
    .option('--profile', 'print the overflow profile')
    .option('--force', 'replace the output file if it exists')
    .option('--fast', 'use the specialized TypeScript model when it is faster for this many inputs (says which it used)')
    .action((model: string, opts) => runSimulate(model, opts, out));

  modelOptions(program.command('verify <model>').description('prove the backends bit-exact: simulator == TS model == g++ csim == Verilator == Icarus'))
    .option('--backend <list>', 'all (default), or a comma list of ts, hls, verilog')
    .addOption(new Option('--io <style>', 'HLS io styles to check (default both)').choices(['parallel', 'stream', 'both']))
    .option('--inputs <file>', 'input vectors (.csv, .json or .npy); default: random vectors')
    .option('--input-kind <kind>', 'float (quantized into the input type) or raw codes', 'float')
    .option('--random <n>', 'number of random vectors, corners first (default 200)')
    .option('--seed <n>', 'seed of the random vectors (default 1)')
    .option('--simulators <list>', 'RTL simulators: verilator,icarus (default both)')
    .option('--no-backpressure', 'skip the run under random backpressure')
    .option('--fifo-depth <list>', 'Verilog streaming designs: override computed FIFO depths, e.g. add_in0=8')
    .option('--json', 'machine-readable output')
    .action((model: string, opts) => runVerify(model, opts, out));

  modelOptions(program.command('synth <model>').description('synthesize the Verilog with Yosys: LUT/FF/DSP/BRAM per layer, longest path'))
    .addOption(new Option('--target <fpga>', 'synth_xilinx or synth_ice40').choices(['xilinx', 'ice40']).default('xilinx'))
    .option('--pnr', 'iCE40: also place and route with nextpnr-ice40 for Fmax')
    .option('--json', 'machine-readable output')
    .option('-o, --output <dir>', 'also write synth.json, synth.txt and the Verilog here')
    .option('--force', 'replace the output folder if it exists')
    .action((model: string, opts) => runSynth(model, opts, out));

  modelOptions(program.command('report <model>').description('self-contained HTML report: layers, overflow histograms, accuracy, resources'))
    .requiredOption('-o, --output <file>', 'the HTML file to write')
    .option('--force', 'replace the file if it exists')
    .option('--data <name>', 'labelled data set: fashion-mnist (default, test split)')
    .option('--inputs <file>', 'float input rows instead of --data (.csv, .json or .npy)')
    .option('--labels <file>', 'one class index per input row')
    .option('--classes <names>', 'comma-separated class names')
    .option('--limit <n>', 'use the first n samples (default 2000)')
    .option('--synth', 'also run Yosys and show measured resources')
    .option('--title <text>', 'page title')
    .action((model: string, opts) => runReport(model, opts, out));

  program
    .command('compress <method> <model>')
    .description(`one compression step (${COMPRESS_METHODS.join(', ')}); writes a graph IR (or, for calibrate, a precision config)`)
    .requiredOption('-o, --output <file>', 'output file (graph JSON, or YAML config for calibrate)')
    .option('--force', 'replace the output file if it exists')
    .option('-c, --config <file>', 'precision configuration used to measure fixed-point accuracy')
    .addOption(new Option('--format <format>', 'model format (default: from the file)').choices([...MODEL_FORMATS]))
    .option('--weights <file>', 'weights file for a Keras architecture JSON')
    .option('--data <name>', 'fashion-mnist: measure accuracy, and train on it (finetune, distill)')
    .option('--limit <n>', 'test images used for accuracy (default 2000)')
    .option('--sparsity <s>', 'prune: fraction of weights to zero, 0.8 or fc1=0.5,fc2=0.9')
    .option('--scope <scope>', 'prune: layer (default) or global')
    .option('--ratio <r>', 'prune-units/prune-filters: fraction of units or filters to remove, 0.5 or fc1=0.5')
    .option('--criterion <c>', 'prune-units/prune-filters: l1 (default), fpgm or bn-slim')
    .option('--layers <names>', 'restrict to these layers (comma list)')
    .option('--layer <name>', 'lowrank: the Dense or Conv layer to factorize')
    .option('--decomposition <d>', 'lowrank: svd (Dense, default), tucker2 (Conv default), cp or spatial')
    .option('--rank <k>', 'lowrank: rank (tucker2: in,out)')
    .option('--energy <e>', 'lowrank: keep this fraction of the spectral energy')
    .option('--mac-budget <n>', 'lowrank: largest rank within this many MACs')
    .option('--mode <m>', 'lowbit: binary or ternary')
    .option('--method <m>', 'calibrate: minmax, percentile or mse (default)')
    .option('--weight-bits <n>', 'calibrate: weight width (default 8)')
    .option('--activation-bits <n>', 'calibrate: activation width (default 8)')
    .option('--epochs <n>', 'finetune/distill: epochs (default 2)')
    .option('--learning-rate <lr>', 'finetune/distill: learning rate')
    .option('--train-limit <n>', 'finetune/distill: use the first n training images')
    .option('--student <model>', 'distill: the student model')
    .option('--temperature <t>', 'distill: softmax temperature (default 4)')
    .option('--alpha <a>', 'distill: weight of the soft loss (default 0.7)')
    .action((method: string, model: string, opts) => runCompress(method, model, opts, out));

  modelOptions(program.command('inspect <model>').description('layers, types, parameters, MACs and sparsity'))
    .option('--json', 'machine-readable output')
    .option('--ir', 'also print the dataflow IR')
    .option('--input-range <min,max>', 'range of the float inputs, for the error bound', '-1,1')
    .action((model: string, opts) => runInspect(model, opts, out));

  program
    .command('explore [model]')
    .description('sweep precision, reuse factor, pruning and rank: accuracy, estimated resources, exact latency; Pareto front; target mode')
    .option('--space <file>', 'search space (YAML or JSON); default: 4 precisions × reuse factor 1,4 × pruning 0,0.5')
    .option('--data <spec>', "validation data: 'fashion-mnist[:split[:offset[:limit]]]' (default for 784-input models: test:0:5000) or 'agreement[:count[:seed]]'")
    .option('--db <file>', 'results database (SQLite); a rerun resumes from it', 'fixflow-explore.sqlite')
    .option('--workers <n>', 'worker threads (0: in this process; default min(4, cores - 1))')
    .option('--queue <url>', 'distributed mode: BullMQ queue on Redis, redis://host:port[/db][#queue]')
    .option('--worker', 'run as a queue worker for --queue instead of sweeping')
    .option('--target <bounds>', "smallest design meeting e.g. 'acc>=0.85,latency<=20' (also luts, dsps, ffs, ii)")
    .option('-o, --output <dir>', 'write explore.html and explore.json here')
    .option('--force', 'replace the output folder if it exists')
    .option('--synth', 'measure the Pareto front with Yosys')
    .action((model: string | undefined, opts) => runExplore(model, opts, out));

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
