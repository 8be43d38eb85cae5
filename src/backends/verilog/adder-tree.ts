/**
 * Sums of terms as adder trees. Terms carry a sign, so negative weights cost
 * a subtraction instead of a negation. The tree is built by always combining
 * the two terms that are ready earliest (stage, then logic depth), which
 * gives a balanced tree for equal terms and lets late terms join near the
 * root; registers are inserted by the module builder's scheduler every
 * `stageLevels` levels. Only valid where the sum is exact (no cast between
 * additions), which is why the dense emitters check before using it.
 */
import type { Leaf } from './const-mult.js';
import { addSig } from './datapath.js';
import type { ModuleBuilder } from './module-builder.js';
import type { Sig } from './signal.js';

function combine(b: ModuleBuilder, x: Leaf, y: Leaf): Leaf {
  if (x.neg === y.neg) return { sig: addSig(b, x.sig, y.sig), neg: x.neg };
  return x.neg ? { sig: addSig(b, y.sig, x.sig, true), neg: false } : { sig: addSig(b, x.sig, y.sig, true), neg: false };
}

export function sumLeaves(b: ModuleBuilder, leaves: readonly Leaf[]): Sig {
  // constants fold into one
  let cFrac = 0;
  let cVal = 0n;
  let anyConst = false;
  for (const l of leaves) {
    if (l.sig.konst === undefined) continue;
    anyConst = true;
    const f = Math.max(cFrac, l.sig.frac);
    cVal = (cVal << BigInt(f - cFrac)) + (l.neg ? -l.sig.konst : l.sig.konst) * (1n << BigInt(f - l.sig.frac));
    cFrac = f;
  }
  const queue: { leaf: Leaf; seq: number }[] = leaves.filter((l) => l.sig.konst === undefined).map((leaf, seq) => ({ leaf, seq }));
  let seq = queue.length;
  if (anyConst && (cVal !== 0n || queue.length === 0)) queue.push({ leaf: { sig: b.constant(cVal, cFrac), neg: false }, seq: seq++ });
  if (queue.length === 0) return b.constant(0n, 0);
  const key = (l: Leaf): number => (l.sig.konst !== undefined ? -1 : l.sig.stage * 1024 + l.sig.depth);
  // ready order: (key, seq); kept sorted, new sums go after every equal key
  queue.sort((p, q) => key(p.leaf) - key(q.leaf) || p.seq - q.seq);
  const insert = (item: { leaf: Leaf; seq: number }): void => {
    const k = key(item.leaf);
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (key((queue[mid] as { leaf: Leaf }).leaf) <= k) lo = mid + 1;
      else hi = mid;
    }
    queue.splice(lo, 0, item);
  };
  while (queue.length > 1) {
    const first = queue.shift();
    const second = queue.shift();
    if (!first || !second) break;
    // keep ascending term order inside each addition (readable output)
    const [x, y] = first.seq < second.seq ? [first, second] : [second, first];
    insert({ leaf: combine(b, x.leaf, y.leaf), seq: seq++ });
  }
  const root = (queue[0] as { leaf: Leaf }).leaf;
  return root.neg ? addSig(b, b.constant(0n, root.sig.frac), root.sig, true) : root.sig;
}
