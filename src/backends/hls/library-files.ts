/**
 * The hand-written C++ the emitted project ships with (hw/include) and the
 * file skeletons (templates/hls), read from the repository.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CompileError } from '../../core/diagnostics.js';

const HW_INCLUDE = new URL('../../../hw/include/', import.meta.url);
const TEMPLATES = new URL('../../../templates/hls/', import.meta.url);

/** The files of hw/include/<folder>, as name → content, sorted by name. */
export function libraryFolder(folder: 'fixflow' | 'fixflow_ap'): Map<string, string> {
  const dir = fileURLToPath(new URL(`${folder}/`, HW_INCLUDE));
  const out = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.h')) out.set(name, readFileSync(`${dir}${name}`, 'utf8'));
  }
  if (out.size === 0) throw new CompileError('FF001', `no headers found in ${dir}`, { file: dir });
  return out;
}

const cache = new Map<string, string>();

/** templates/hls/<name>.tpl */
export function hlsTemplate(name: string): string {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const path = fileURLToPath(new URL(`${name}.tpl`, TEMPLATES));
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CompileError('FF001', `HLS template ${name}.tpl is missing`, { file: path });
  }
  cache.set(name, text);
  return text;
}
