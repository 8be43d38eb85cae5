/**
 * The roofline: the fastest exact integer multiply-accumulate loop we can
 * write in TypeScript for a network's MAC count: batched over inputs
 * (feature-major), four independent products per step, Float64Array
 * accumulators (exact below 2^53), no casts, no sparsity bookkeeping.
 */
export interface RooflineNet {
  readonly layers: readonly { readonly inSize: number; readonly outSize: number; readonly w: Float64Array }[];
}

export function makeRoofline(sizes: readonly number[], seed = 1): RooflineNet {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648), (s % 65536) - 32768);
  const layers = [];
  for (let l = 1; l < sizes.length; l++) {
    const inSize = sizes[l - 1] ?? 1;
    const outSize = sizes[l] ?? 1;
    layers.push({ inSize, outSize, w: Float64Array.from({ length: inSize * outSize }, next) });
  }
  return { layers };
}

/** One batch through the net; x is feature-major [i·B + b] of small integers. */
export function runRoofline(net: RooflineNet, x0: Float64Array, B: number): Float64Array {
  let x = x0;
  for (const { inSize, outSize, w } of net.layers) {
    const y = new Float64Array(outSize * B);
    for (let o = 0; o < outSize; o++) {
      const acc = y.subarray(o * B, (o + 1) * B);
      const row = o * inSize;
      let i = 0;
      for (; i + 3 < inSize; i += 4) {
        const w0 = w[row + i] as number;
        const w1 = w[row + i + 1] as number;
        const w2 = w[row + i + 2] as number;
        const w3 = w[row + i + 3] as number;
        const a0 = i * B;
        const a1 = a0 + B;
        const a2 = a1 + B;
        const a3 = a2 + B;
        for (let b = 0; b < B; b++) {
          acc[b] = (acc[b] as number) + ((x[a0 + b] as number) * w0 + (x[a1 + b] as number) * w1 + ((x[a2 + b] as number) * w2 + (x[a3 + b] as number) * w3));
        }
      }
      for (; i < inSize; i++) {
        const w0 = w[row + i] as number;
        const a0 = i * B;
        for (let b = 0; b < B; b++) acc[b] = (acc[b] as number) + (x[a0 + b] as number) * w0;
      }
      // keep values small integers so the next layer stays exact
      for (let b = 0; b < B; b++) acc[b] = (acc[b] as number) % 1024;
    }
    x = y;
  }
  return x;
}
