/**
 * fill(): the one template mechanism of both backends. A template is a file
 * skeleton with named slots `{{slot_name}}`. Filling throws when the template
 * has a slot with no value, or a value names no slot: a slot never passes
 * through silently.
 */
import { CompileError } from '../core/diagnostics.js';

const SLOT = /\{\{([a-z][a-z0-9_]*)\}\}/g;

export function templateSlots(template: string): string[] {
  const names = new Set<string>();
  for (const m of template.matchAll(SLOT)) names.add(m[1] ?? '');
  return [...names].sort();
}

export function fill(template: string, values: Readonly<Record<string, string>>, templateName = 'template'): string {
  const slots = new Set(templateSlots(template));
  const missing = [...slots].filter((s) => !(s in values));
  const unused = Object.keys(values).filter((k) => !slots.has(k));
  if (missing.length > 0) {
    throw new CompileError('FF021', `template slot(s) without a value: ${missing.join(', ')}`, { file: templateName });
  }
  if (unused.length > 0) {
    throw new CompileError('FF021', `value(s) for slot(s) the template does not have: ${unused.join(', ')}`, { file: templateName });
  }
  if (/\{\{(?![a-z][a-z0-9_]*\}\})/.test(template)) {
    throw new CompileError('FF021', 'template has a malformed slot (slot names are lower_snake_case)', { file: templateName });
  }
  return template.replace(SLOT, (_m, name: string) => values[name] ?? '');
}
