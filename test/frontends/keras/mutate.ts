/**
 * Deterministic mutations of model files for the fuzz tests: bit flips,
 * truncations, swapped and duplicated byte ranges, overwritten ranges, and
 * (for JSON) swapped or replaced field values.
 */

/** A small deterministic generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: () => number, n: number): number => Math.floor(r() * n);

export type Mutation = 'flip' | 'truncate' | 'swap' | 'splice' | 'fill';
const KINDS: readonly Mutation[] = ['flip', 'truncate', 'swap', 'splice', 'fill'];

/** A mutated copy of `bytes` and a description of what was done. */
export function mutateBytes(bytes: Uint8Array, r: () => number): { bytes: Uint8Array; what: string } {
  const kind = KINDS[int(r, KINDS.length)] ?? 'flip';
  const b = Uint8Array.from(bytes);
  const n = b.length;
  switch (kind) {
    case 'flip': {
      const k = 1 + int(r, 8);
      const at: number[] = [];
      for (let i = 0; i < k; i++) {
        const p = int(r, n);
        b[p] = (b[p] ?? 0) ^ (1 << int(r, 8));
        at.push(p);
      }
      return { bytes: b, what: `flip bits at ${at.join(',')}` };
    }
    case 'truncate': {
      const len = int(r, n);
      return { bytes: b.subarray(0, len), what: `truncate to ${len}` };
    }
    case 'swap': {
      const len = 1 + int(r, 64);
      const p = int(r, Math.max(1, n - len));
      const q = int(r, Math.max(1, n - len));
      const tmp = b.slice(p, p + len);
      b.copyWithin(p, q, q + len);
      b.set(tmp.subarray(0, Math.min(len, n - q)), q);
      return { bytes: b, what: `swap ${len} bytes at ${p} and ${q}` };
    }
    case 'splice': {
      const len = 1 + int(r, 256);
      const p = int(r, n);
      const q = int(r, n);
      b.copyWithin(q, p, Math.min(n, p + len));
      return { bytes: b, what: `copy ${len} bytes from ${p} to ${q}` };
    }
    case 'fill': {
      const len = 1 + int(r, 32);
      const p = int(r, n);
      const v = [0, 0xff, int(r, 256)][int(r, 3)] ?? 0;
      b.fill(v, p, Math.min(n, p + len));
      return { bytes: b, what: `fill ${len} bytes at ${p} with ${v}` };
    }
  }
}

type J = null | boolean | number | string | J[] | { [k: string]: J };

const ODD_VALUES: readonly J[] = [null, 0, -1, 1e12, 2 ** 31, -(2 ** 40), 0.5, 1e308, '', 'relu', 'Conv2D', true, false, [], {}, [null, 3], [null, 1e9, 1e9], 'quantized_bits(99,0)'];

/** Paths to every value in a JSON tree. */
function paths(v: J, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function get(v: J, p: readonly (string | number)[]): J {
  return p.reduce<J>((a, k) => (a !== null && typeof a === 'object' ? ((a as Record<string | number, J>)[k] ?? null) : null), v);
}

function set(v: J, p: readonly (string | number)[], x: J): void {
  const parent = get(v, p.slice(0, -1));
  const k = p[p.length - 1];
  if (parent !== null && typeof parent === 'object' && k !== undefined) (parent as Record<string | number, J>)[k] = x;
}

/** A JSON text with one to three values replaced, swapped or deleted. */
export function mutateJson(text: string, r: () => number): { text: string; what: string } {
  const doc = JSON.parse(text) as J;
  const all = paths(doc).filter((p) => p.length > 0);
  const steps: string[] = [];
  for (let s = 1 + int(r, 3); s > 0; s--) {
    const p = all[int(r, all.length)] ?? [];
    const op = int(r, 3);
    if (op === 0) {
      const x = ODD_VALUES[int(r, ODD_VALUES.length)] ?? null;
      set(doc, p, structuredClone(x));
      steps.push(`set ${p.join('.')} = ${JSON.stringify(x)}`);
    } else if (op === 1) {
      const q = all[int(r, all.length)] ?? [];
      const a = structuredClone(get(doc, p));
      const b = structuredClone(get(doc, q));
      set(doc, p, b);
      set(doc, q, a);
      steps.push(`swap ${p.join('.')} and ${q.join('.')}`);
    } else {
      const parent = get(doc, p.slice(0, -1));
      const k = p[p.length - 1];
      if (Array.isArray(parent) && typeof k === 'number') parent.splice(k, 1);
      else if (parent !== null && typeof parent === 'object' && typeof k === 'string') delete (parent as Record<string, J>)[k];
      steps.push(`delete ${p.join('.')}`);
    }
  }
  return { text: JSON.stringify(doc), what: steps.join('; ') };
}
