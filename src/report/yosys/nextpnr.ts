/** Place and route on an iCE40 with nextpnr; the achieved Fmax of the clock. */
import { CompileError } from '../../core/diagnostics.js';
import { run } from '../../../sim/rtl/exec.js';
import { requireTool } from '../../../sim/rtl/tools.js';

export interface PnrResult {
  readonly device: string;
  readonly pkg: string;
  readonly fmaxMHz: number;
  readonly ms: number;
  /** "Device utilisation" lines */
  readonly utilisation: readonly string[];
}

export async function placeAndRoute(jsonFile: string, device: string, pkg: string, freqMHz: number, timeoutMs: number, cwd: string): Promise<PnrResult> {
  const tool = requireTool('nextpnr-ice40');
  const args = [`--${device}`, '--package', pkg, '--json', jsonFile, '--freq', String(freqMHz), '--pcf-allow-unconstrained', '--seed', '1'];
  const r = await run(tool, args, { cwd, timeoutMs, what: 'nextpnr-ice40' });
  const log = `${r.stdout}\n${r.stderr}`;
  const fmax = [...log.matchAll(/Max frequency for clock\s+'[^']*':\s+([\d.]+)\s+MHz/g)].map((m) => Number(m[1]));
  if (fmax.length === 0) throw new CompileError('FF016', `nextpnr-ice40 reported no clock frequency:\n${log.split('\n').slice(-10).join('\n')}`);
  const utilisation = log.split('\n').filter((l) => /^Info:\s+\w+:\s+\d+\/\s*\d+/.test(l)).map((l) => l.replace(/^Info:\s+/, '').trim());
  return { device, pkg, fmaxMHz: fmax[fmax.length - 1] as number, ms: r.ms, utilisation };
}
