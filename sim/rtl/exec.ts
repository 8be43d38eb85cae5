/** Running external tools: no shell, output captured, failures as FF016 with the tail of the log. */
import { spawn } from 'node:child_process';
import { CompileError } from '../../src/core/diagnostics.js';

export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

export function run(cmd: string, args: readonly string[], opts: { cwd?: string; timeoutMs?: number; what: string }): Promise<ExecResult> {
  const t0 = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          child.kill('SIGKILL');
        }, opts.timeoutMs)
      : null;
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(new CompileError('FF016', `${opts.what}: cannot start ${cmd}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const ms = performance.now() - t0;
      if (code === 0) resolvePromise({ stdout, stderr, ms });
      else {
        const why = signal ? `killed by ${signal}${opts.timeoutMs ? ` (time limit ${opts.timeoutMs} ms)` : ''}` : `exit code ${code}`;
        reject(new CompileError('FF016', `${opts.what} failed (${why}):\n${tail(`${stdout}\n${stderr}`)}`));
      }
    });
  });
}
