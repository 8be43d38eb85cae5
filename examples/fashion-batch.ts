/** The training examples' batches: images `idx` of a Fashion-MNIST split, flat, with one-hot labels over the 10 classes. */
import type { FashionMnist } from '../src/datasets/fashion-mnist.js';

export function oneHotBatch(ds: FashionMnist, idx: ArrayLike<number>): { xs: Float32Array; ys: Float32Array } {
  const size = ds.rows * ds.cols;
  const xs = new Float32Array(idx.length * size);
  const ys = new Float32Array(idx.length * 10);
  for (let r = 0; r < idx.length; r++) {
    const k = idx[r] ?? 0;
    xs.set(ds.images.subarray(k * size, (k + 1) * size), r * size);
    ys[r * 10 + (ds.labels[k] ?? 0)] = 1;
  }
  return { xs, ys };
}
