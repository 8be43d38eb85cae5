/**
 * The event log both harnesses write (I / O / F / E lines) → accepted-input
 * cycles, outputs with their cycles, and the end state.
 */
import { CompileError } from '../../src/core/diagnostics.js';

export interface Trace {
  readonly accepted: number[];
  readonly outputs: { cycle: number; last: boolean; hex: string }[];
  readonly cycles: number;
  readonly stalled: boolean;
  /** streaming designs, after a stall: the top's fx_fifo_full bits (hex), when it has FIFOs */
  readonly fifoFull?: string;
}

export function parseTrace(text: string, what: string): Trace {
  const accepted: number[] = [];
  const outputs: Trace['outputs'] = [];
  let end: { cycles: number; stalled: boolean } | null = null;
  let fifoFull: string | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const f = line.trim().split(/\s+/);
    if (f[0] === 'I' && f.length === 2) accepted.push(Number(f[1]));
    else if (f[0] === 'O' && f.length === 4) outputs.push({ cycle: Number(f[1]), last: f[2] === '1', hex: f[3] ?? '' });
    else if (f[0] === 'F' && f.length === 2) fifoFull = f[1];
    else if (f[0] === 'E' && f.length === 3) end = { cycles: Number(f[1]), stalled: f[2] !== 'ok' };
    else throw new CompileError('FF016', `${what}: unexpected line in the harness output: '${line.slice(0, 60)}'`);
  }
  if (!end) throw new CompileError('FF016', `${what}: the harness output has no end line (crashed?)`);
  return { accepted, outputs, cycles: end.cycles, stalled: end.stalled, ...(fifoFull !== undefined ? { fifoFull } : {}) };
}
