/** A small seeded generator (xorshift128+ on BigInt-free 32-bit halves) so every test run sees the same cases. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = seed | 0 || 1;
    this.b = 0x9e3779b9;
    this.c = 0x243f6a88;
    this.d = 0xb7e15162;
    for (let i = 0; i < 16; i++) this.u32();
  }

  /** uniform 32-bit unsigned integer (xoshiro128** step) */
  u32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r;
  }

  /** uniform in [0, 1) */
  float(): number {
    return this.u32() / 2 ** 32;
  }

  /** uniform integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  bool(p = 0.5): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    const v = items[Math.floor(this.float() * items.length)];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  }

  /** uniform BigInt in [lo, hi] */
  big(lo: bigint, hi: bigint): bigint {
    const span = hi - lo + 1n;
    if (span <= 0n) return lo;
    let r = 0n;
    const bits = span.toString(2).length + 16;
    for (let k = 0; k < bits; k += 32) r = (r << 32n) | BigInt(this.u32());
    return lo + (r % span);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
