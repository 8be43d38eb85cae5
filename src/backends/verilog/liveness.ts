/**
 * What an emitted module actually reads: which declarations are live (read,
 * directly or not, by the body's statements) and which bits of each are
 * read. Unread declarations are dropped; partly read ones get a lint waiver.
 */
const LITERAL = /\d+'[sS]?[hHdDbBoO][0-9a-fA-F_xXzZ]+/g;
const USE = /(?<![$\w'])([A-Za-z_][A-Za-z0-9_]*)(\[(\d+)(?::(\d+))?\])?/g;

export interface BitUses {
  all: boolean;
  ranges: [number, number][];
}

/** Identifiers an expression or statement reads (literals and system functions skipped). */
export function identifiers(text: string): string[] {
  return [...text.replace(LITERAL, ' ').matchAll(USE)].map((m) => m[1] as string);
}

/** Record, per identifier, whether it is read whole or which bit ranges are selected. */
export function scanBitUses(text: string, into: Map<string, BitUses>): void {
  for (const m of text.replace(LITERAL, ' ').matchAll(USE)) {
    const name = m[1] as string;
    const u = into.get(name) ?? { all: false, ranges: [] };
    if (m[2] === undefined) u.all = true;
    else {
      const hi = Number(m[3]);
      const lo = m[4] === undefined ? hi : Number(m[4]);
      u.ranges.push([Math.min(lo, hi), Math.max(lo, hi)]);
    }
    into.set(name, u);
  }
}

/** True when every bit 0..width−1 is read. */
export function fullyRead(u: BitUses | undefined, width: number): boolean {
  if (!u) return false;
  if (u.all) return true;
  const seen = new Array<boolean>(width).fill(false);
  for (const [lo, hi] of u.ranges) for (let b = lo; b <= hi && b < width; b++) seen[b] = true;
  return seen.every((x) => x);
}

/** Names reachable from `roots` through `deps` (name → names it is computed from). */
export function liveNames(roots: readonly string[], deps: ReadonlyMap<string, readonly string[]>): Set<string> {
  const live = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const n = stack.pop() as string;
    if (live.has(n)) continue;
    live.add(n);
    for (const r of deps.get(n) ?? []) if (!live.has(r)) stack.push(r);
  }
  return live;
}
