/** The backends `compile --backend` can run; each returns relative path → file content. */
import { emitHls } from '../backends/hls/emit-hls.js';
import { emitTs } from '../backends/ts/index.js';
import { emitVerilogDesign, type VerilogOptions } from '../backends/verilog/index.js';
import { CompileError } from '../core/diagnostics.js';
import { sanitizeIdentifier } from '../core/naming.js';
import type { Dataflow } from '../ir/dataflow/types.js';

export const BACKENDS = ['ir', 'hls', 'verilog', 'ts'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendOptions {
  /** HLS interface style */
  readonly io?: string;
  /** Verilog streaming designs: FIFO depth overrides, `add_in0=8,cat_in1=4` */
  readonly fifoDepth?: string;
}

/** Parse `name=n,name2=m` FIFO depth overrides (the backend checks names and ranges). */
export function fifoDepths(spec: string | undefined): Record<string, number> | undefined {
  if (spec === undefined) return undefined;
  const out: Record<string, number> = {};
  for (const part of spec.split(',')) {
    const m = /^([A-Za-z0-9_]+)=(\d+)$/.exec(part.trim());
    if (!m?.[1] || m[2] === undefined) throw new CompileError('FF014', `--fifo-depth expects name=depth[,name=depth…], got '${part}'`, { field: '--fifo-depth' });
    out[m[1]] = Number(m[2]);
  }
  return out;
}

export function checkBackend(name: string | undefined, allowed: readonly string[] = BACKENDS): BackendName {
  const b = name ?? 'ir';
  if (!allowed.includes(b)) throw new CompileError('FF014', `unknown backend '${b}' (one of ${allowed.join(', ')})`, { field: '--backend' });
  return b as BackendName;
}

export function checkIo(io: string | undefined, backend: BackendName): 'parallel' | 'stream' {
  if (io !== undefined && backend !== 'hls') throw new CompileError('FF014', `--io applies to the hls backend only, not '${backend}'`, { field: '--io' });
  const v = io ?? 'parallel';
  if (v !== 'parallel' && v !== 'stream') throw new CompileError('FF014', `--io must be 'parallel' or 'stream', got '${v}'`, { field: '--io' });
  return v;
}

export function emitBackend(name: BackendName, df: Dataflow, opts: BackendOptions): Map<string, string> {
  switch (name) {
    case 'ir':
      return new Map();
    case 'hls':
      return prefixed('hls', emitHls(df, { io: checkIo(opts.io, name) }));
    case 'verilog': {
      const design = emitVerilogDesign(df, verilogOptions(opts));
      const stuck = design.stream?.deadlock ?? [];
      if (stuck.length > 0) {
        const mins = stuck.map((n) => `${n} (minimum depth ${design.stream?.fifos.find((f) => f.name === n)?.minDepth ?? '?'})`);
        throw new CompileError('FF022', `with these FIFO depths the design deadlocks: at full speed ${mins.join(', ')} fill up and nothing moves`, { field: '--fifo-depth' });
      }
      return prefixed('verilog', design.files);
    }
    case 'ts':
      return new Map([[`ts/${sanitizeIdentifier(df.name)}.ts`, emitTs(df)]]);
  }
}

export function verilogOptions(opts: BackendOptions): VerilogOptions {
  const depths = fifoDepths(opts.fifoDepth);
  return depths ? { fifoDepths: depths } : {};
}

function prefixed(dir: string, files: ReadonlyMap<string, string>): Map<string, string> {
  const m = new Map<string, string>();
  for (const [p, t] of files) m.set(`${dir}/${p}`, t);
  return m;
}
