/**
 * Data-movement ops as gathers: output element i is input element map[i],
 * or zero where map[i] = −1. Codes move unchanged (these ops keep their
 * input's type), so the kernels are exact at any width of at most 52 bits.
 */
import type { DfChannelShuffle, DfUpsample, DfZeroPad } from '../../src/ir/dataflow/conv-types.js';
import type { Kernel } from '../fast-kernels.js';
import { hwc, rowsCols } from '../../src/ir/graph/conv-geometry.js';

export function compileGather(map: Int32Array): Kernel {
  return (ins, B, out) => {
    const x = ins[0] ?? new Float64Array(0);
    for (let i = 0; i < map.length; i++) {
      const src = map[i] as number;
      const o = i * B;
      if (src < 0) {
        out.fill(0, o, o + B);
        continue;
      }
      const s = src * B;
      for (let b = 0; b < B; b++) out[o + b] = x[s + b] as number;
    }
  };
}

export function zeroPadMap(n: DfZeroPad): Int32Array {
  const [H, W, C] = hwc(n.shape);
  const [pt, pl] = rowsCols(n.padBefore, 0);
  const [pb, pr] = rowsCols(n.padAfter, 0);
  const h = H - pt - pb;
  const w = W - pl - pr;
  const map = new Int32Array(H * W * C).fill(-1);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < C; c++) map[((y + pt) * W + x + pl) * C + c] = (y * w + x) * C + c;
    }
  }
  return map;
}

export function upsampleMap(n: DfUpsample): Int32Array {
  const [H, W, C] = hwc(n.shape);
  const [fy, fx] = rowsCols(n.factors, 1);
  const w = W / fx;
  const map = new Int32Array(H * W * C);
  let i = 0;
  for (let y = 0; y < H; y++) {
    const iy = Math.floor(y / fy);
    for (let x = 0; x < W; x++) {
      const base = (iy * w + Math.floor(x / fx)) * C;
      for (let c = 0; c < C; c++) map[i++] = base + c;
    }
  }
  return map;
}

export function channelShuffleMap(n: DfChannelShuffle): Int32Array {
  const C = n.perm.length;
  const size = n.shape.reduce((a, b) => a * b, 1);
  const map = new Int32Array(size);
  for (let p = 0; p < size; p += C) for (let c = 0; c < C; c++) map[p + c] = p + (n.perm[c] ?? 0);
  return map;
}
