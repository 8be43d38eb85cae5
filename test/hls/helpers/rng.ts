/** A small seeded PRNG (mulberry32) so generated test cases are reproducible. */
export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** uniform in [0, 1) */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    const x = xs[Math.floor(this.next() * xs.length)];
    if (x === undefined) throw new Error('pick from an empty list');
    return x;
  }

  /** uniform BigInt in [0, 2^bits) */
  bits(bits: number): bigint {
    let v = 0n;
    for (let done = 0; done < bits; done += 32) v = (v << 32n) | BigInt(Math.floor(this.next() * 4294967296));
    const extra = (Math.ceil(bits / 32) * 32 - bits) | 0;
    return bits <= 0 ? 0n : v >> BigInt(extra);
  }

  /** uniform BigInt in [lo, hi] (hi − lo < 2^1024) */
  range(lo: bigint, hi: bigint): bigint {
    const span = hi - lo + 1n;
    const n = span.toString(2).length + 8;
    return lo + (this.bits(n) % span);
  }
}
