/**
 * A small deterministic PRNG for example weights and test data: a Weyl
 * sequence (step 0x9e3779b9) mixed by the MurmurHash3 32-bit finalizer.
 * Same seed, same numbers, on every platform.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 4294967296;
  };
}

/** Uniform float32 values in [−scale, scale). */
export function uniformFloat32(rand: () => number, count: number, scale: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (rand() * 2 - 1) * scale;
  return out;
}

/** `rows` rows of `width` uniform float32 values in [−scale, scale). */
export function randomRows(rand: () => number, rows: number, width: number, scale = 2): number[][] {
  return Array.from({ length: rows }, () => Array.from(uniformFloat32(rand, width, scale)));
}
