/**
 * `npm run bench`: every benchmark, measured side by side in one run, printed
 * as Markdown tables (copied into BENCHMARKS.md).
 */
import { cpus } from 'node:os';
import { simBench, simBenchTable } from './sim-bench.js';

const log = (s: string): void => {
  process.stderr.write(s + '\n');
};

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (name: string): boolean => only.length === 0 || only.includes(name);
  const out: string[] = [];
  out.push(`# fixflow bench, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`);
  if (want('sim')) {
    log('bench: simulator');
    out.push('## Simulator throughput (batch of 10,000)\n');
    out.push(simBenchTable(await simBench(log)));
  }
  process.stdout.write(out.join('\n') + '\n');
}

await main();
