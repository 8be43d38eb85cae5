/** Repeat a function until enough time has passed; report the best per-call time. */
export function timeIt(fn: () => void, minMs = 300, rounds = 5): number {
  fn(); // warm up
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < minMs / rounds) {
      fn();
      n++;
      t = performance.now();
    }
    best = Math.min(best, (t - t0) / n);
  }
  return best; // ms per call
}

export function fmt(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1e9) return (v / 1e9).toPrecision(digits) + 'G';
  if (Math.abs(v) >= 1e6) return (v / 1e6).toPrecision(digits) + 'M';
  if (Math.abs(v) >= 1e3) return (v / 1e3).toPrecision(digits) + 'k';
  return v.toPrecision(digits);
}
