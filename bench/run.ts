/**
 * `npm run bench [section…]`: every benchmark, measured side by side in one
 * run, printed as Markdown tables (copied into BENCHMARKS.md). Sections: sim,
 * ts, hls, verilog (add `--no-synth` to skip Yosys), cnn, explore. Progress goes to stderr.
 */
import { cpus } from 'node:os';
import { cnnBench, cnnBenchTable } from './cnn-bench.js';
import { exploreBench, exploreBenchTable } from './explore-bench.js';
import { runHlsBench, type HlsBenchResult } from './hls-bench.js';
import { simBench, simBenchTable } from './sim-bench.js';
import { tsBench, tsBenchTable } from './ts-bench.js';
import { runVerilogBench, verilogBenchTable } from './verilog-bench.js';

const log = (s: string): void => {
  process.stderr.write(s + '\n');
};

function hlsTable(rows: readonly HlsBenchResult[]): string {
  const head = '| model | io | vectors | lower ms | emit ms | g++ build s | csim inf/s | TS sim inf/s | csim / sim | mismatches |\n|---|---|---|---|---|---|---|---|---|---|\n';
  return (
    head +
    rows
      .map(
        (r) =>
          `| ${r.model} | ${r.io} | ${r.vectors} | ${r.lowerMs.toFixed(1)} | ${r.emitMs.toFixed(1)} | ${r.gxxBuildSeconds.toFixed(1)} | ${Math.round(r.csimInferencesPerSec)} | ${Math.round(r.simInferencesPerSec)} | ${r.csimOverSim.toFixed(2)} | ${r.mismatches} |`,
      )
      .join('\n') +
    '\n'
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args.filter((a) => !a.startsWith('--'));
  const want = (name: string): boolean => only.length === 0 || only.includes(name);
  const out: string[] = [];
  out.push(`# fixflow bench, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`);
  if (want('sim')) {
    log('bench: simulator');
    out.push('## Simulator throughput (batch of 10,000)\n');
    out.push(simBenchTable(await simBench(log)));
  }
  if (want('ts')) {
    log('bench: specialized TypeScript model');
    out.push('## Specialized TypeScript model vs interpreter vs int32 roofline\n');
    out.push(tsBenchTable(await tsBench({ log })));
  }
  if (want('hls')) {
    log('bench: HLS C++ (g++ csim)');
    out.push('## HLS C++: compile time, g++ build, csim vs TS simulator (16-64-32-32-5, ap_fixed<16,6>)\n');
    const rows: HlsBenchResult[] = [];
    for (const io of ['parallel', 'stream'] as const) rows.push(await runHlsBench({ io }));
    out.push(hlsTable(rows));
  }
  if (want('verilog')) {
    log('bench: Verilog (Verilator, Icarus, Yosys)');
    out.push('## Verilog: Verilator vs simulator, latency, II, Yosys resources\n');
    out.push(verilogBenchTable(await runVerilogBench({ log, synth: !args.includes('--no-synth') })));
  }
  if (want('cnn')) {
    log('bench: CNN cost curve');
    out.push('## CNN: compile time and Verilator cycles as the image and channels grow\n');
    out.push(cnnBenchTable(await cnnBench(log)));
  }
  if (want('explore')) {
    log('bench: design-space sweep and cost model');
    out.push('## Co-design loop: sweep throughput and the cost model (details in bench/results/)\n');
    out.push(exploreBenchTable(await exploreBench(log)));
  }
  process.stdout.write(out.join('\n') + '\n');
}

await main();
