/** Unique safe identifiers for nodes that lowering adds (SeparableConv2D's depthwise half). */
import { sanitizeIdentifier } from '../../core/naming.js';

/** Returns a function giving, for each base name, a safe identifier unused so far (case-insensitively). */
export function createNameAllocator(used: Iterable<string>): (base: string) => string {
  const taken = new Set([...used].map((s) => s.toLowerCase()));
  return (base) => {
    const b = sanitizeIdentifier(base);
    let candidate = b;
    for (let k = 2; taken.has(candidate.toLowerCase()); k++) candidate = sanitizeIdentifier(`${b.slice(0, 44)}_${k}`);
    taken.add(candidate.toLowerCase());
    return candidate;
  };
}
