/**
 * The hand-written files the backend ships: the Verilog library in hw/rtl and
 * the skeletons in templates/verilog, located relative to this source file.
 */
import { readFileSync } from 'node:fs';
import { CompileError } from '../../core/diagnostics.js';

const ROOT = new URL('../../../', import.meta.url);

/** Library modules every emitted design may instantiate (file = module name + .v). */
export const LIBRARY_MODULES = ['fx_cast', 'fx_pipe_ctrl'] as const;

/** Library modules of streaming (convolutional) designs only. */
export const STREAM_LIBRARY_MODULES = ['fx_window', 'fx_fifo', 'fx_upsample', 'fx_accum'] as const;

const cache = new Map<string, string>();

function read(rel: string): string {
  const hit = cache.get(rel);
  if (hit !== undefined) return hit;
  let text: string;
  try {
    text = readFileSync(new URL(rel, ROOT), 'utf8');
  } catch {
    throw new CompileError('FF001', `fixflow installation is missing ${rel}`, { file: rel });
  }
  cache.set(rel, text);
  return text;
}

export function libraryFile(module: (typeof LIBRARY_MODULES)[number] | (typeof STREAM_LIBRARY_MODULES)[number]): string {
  return read(`hw/rtl/${module}.v`);
}

export function template(name: string): string {
  return read(`templates/verilog/${name}`);
}
