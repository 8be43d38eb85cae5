/**
 * Fashion-MNIST (Zalando): 28×28 grey-scale images of clothing in 10 classes,
 * 60,000 for training and 10,000 for testing, as gzip-compressed IDX files
 * (Debian package dataset-fashion-mnist installs them in FASHION_MNIST_DIR).
 *
 * Pixels are returned as float32 values in [0, 1]: pixel = fround(byte / 255),
 * row-major, one image after the other (image k occupies
 * images[k·784 .. k·784+783]). That is the input a model trained by
 * examples/train-mlp.ts expects.
 */
import { join } from 'node:path';
import { CompileError } from '../core/diagnostics.js';
import { readIdx } from './idx.js';

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

export type FashionMnistSplit = 'train' | 'test';

export interface FashionMnistOptions {
  /** folder holding the four .gz files (default FASHION_MNIST_DIR) */
  readonly dir?: string;
  /** index of the first example to take (default 0) */
  readonly offset?: number;
  /** number of examples to take (default: all from offset on) */
  readonly limit?: number;
}

export interface FashionMnist {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** count·rows·cols pixels in [0, 1], see the file comment */
  readonly images: Float32Array;
  /** count class indices in 0..9 */
  readonly labels: Uint8Array;
}

const FILES: Record<FashionMnistSplit, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz' },
  test: { images: 't10k-images-idx3-ubyte.gz', labels: 't10k-labels-idx1-ubyte.gz' },
};

function checkRange(total: number, offset: number, limit: number | undefined): number {
  if (!Number.isInteger(offset) || offset < 0 || offset > total) {
    throw new CompileError('FF014', `offset must be an integer in [0, ${total}], got ${offset}`, { field: 'offset' });
  }
  const count = limit ?? total - offset;
  if (!Number.isInteger(count) || count < 0 || offset + count > total) {
    throw new CompileError('FF014', `limit must be an integer in [0, ${total - offset}], got ${count}`, { field: 'limit' });
  }
  return count;
}

/** Read one split of Fashion-MNIST (or any MNIST-format data set with 10 classes). */
export function readFashionMnist(split: FashionMnistSplit, options: FashionMnistOptions = {}): FashionMnist {
  const dir = options.dir ?? FASHION_MNIST_DIR;
  const imageFile = join(dir, FILES[split].images);
  const labelFile = join(dir, FILES[split].labels);
  const images = readIdx(imageFile, 3);
  const labels = readIdx(labelFile, 1);
  const [n = 0, rows = 0, cols = 0] = images.dims;
  if (labels.dims[0] !== n) {
    throw new CompileError('FF002', `${labels.dims[0]} labels for ${n} images in ${imageFile}`, { file: labelFile, field: 'count' });
  }
  const offset = options.offset ?? 0;
  const count = checkRange(n, offset, options.limit);
  const size = rows * cols;
  const pixels = new Float32Array(count * size);
  const src = images.data.subarray(offset * size, (offset + count) * size);
  for (let k = 0; k < src.length; k++) pixels[k] = (src[k] ?? 0) / 255;
  const labelOut = labels.data.slice(offset, offset + count);
  const badLabel = labelOut.findIndex((c) => c >= FASHION_MNIST_CLASSES.length);
  if (badLabel >= 0) {
    throw new CompileError('FF002', `label ${labelOut[badLabel]} of example ${offset + badLabel} is not a class in 0..9`, {
      file: labelFile,
      field: 'labels',
    });
  }
  return { count, rows, cols, images: pixels, labels: labelOut };
}

/** The images as one number[] per example (the row form simulators and tfjsPredict take). */
export function imageRows(ds: FashionMnist): number[][] {
  const size = ds.rows * ds.cols;
  const out: number[][] = [];
  for (let k = 0; k < ds.count; k++) out.push(Array.from(ds.images.subarray(k * size, (k + 1) * size)));
  return out;
}
