/**
 * The IDX reader and the Fashion-MNIST loader (src/datasets; the tests live
 * here because this folder belongs to the same task).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CompileError } from '../../../src/core/diagnostics.js';
import { FASHION_MNIST_DIR, imageRows, readFashionMnist } from '../../../src/datasets/fashion-mnist.js';
import { encodeIdx, parseIdx, readIdx } from '../../../src/datasets/idx.js';
import { useTmpDir } from './helpers/tmp-dir.js';

const tmp = useTmpDir('fixflow-idx-');

/** A 3-image, 2×2-pixel data set in MNIST layout, gzip-compressed like the real one. */
function writeTinySet(dir: string, split: 'train' | 't10k', labels = [3, 0, 9]): void {
  const pixels = Uint8Array.from([0, 255, 51, 102, 1, 2, 3, 4, 128, 64, 32, 16]);
  const images = encodeIdx([labels.length, 2, 2], pixels.subarray(0, 4 * labels.length));
  writeFileSync(join(dir, `${split}-images-idx3-ubyte.gz`), gzipSync(images));
  writeFileSync(join(dir, `${split}-labels-idx1-ubyte.gz`), gzipSync(encodeIdx([labels.length], Uint8Array.from(labels))));
}

function caught(run: () => unknown): CompileError {
  try {
    run();
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error('expected a CompileError');
}

describe('IDX reader', () => {
  it('parses header and data', () => {
    const bytes = encodeIdx([2, 3], Uint8Array.from([1, 2, 3, 4, 5, 6]));
    expect(Array.from(bytes.subarray(0, 12))).toEqual([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3]);
    const idx = parseIdx(bytes, 2, 'x');
    expect(idx.dims).toEqual([2, 3]);
    expect(Array.from(idx.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads plain and gzip files alike', () => {
    const dir = tmp();
    const bytes = encodeIdx([4], Uint8Array.from([9, 8, 7, 6]));
    writeFileSync(join(dir, 'plain'), bytes);
    writeFileSync(join(dir, 'packed.gz'), gzipSync(bytes));
    expect(Array.from(readIdx(join(dir, 'plain'), 1).data)).toEqual([9, 8, 7, 6]);
    expect(Array.from(readIdx(join(dir, 'packed.gz'), 1).data)).toEqual([9, 8, 7, 6]);
  });

  it('FF002 naming the file for a bad magic number, type, rank or size', () => {
    const good = encodeIdx([2, 2], Uint8Array.from([1, 2, 3, 4]));
    const badMagic = good.slice();
    badMagic[0] = 1;
    const badType = good.slice();
    badType[2] = 0x0d;
    expect(caught(() => parseIdx(badMagic, 2, 'f.idx'))).toMatchObject({ code: 'FF002', file: 'f.idx', field: 'header' });
    expect(caught(() => parseIdx(badType, 2, 'f.idx'))).toMatchObject({ code: 'FF002', file: 'f.idx', message: /0xd/ });
    expect(caught(() => parseIdx(good, 3, 'f.idx'))).toMatchObject({ code: 'FF002', message: /expected 3 dimension/ });
    expect(caught(() => parseIdx(good.subarray(0, good.length - 1), 2, 'f.idx'))).toMatchObject({
      code: 'FF002',
      field: 'data',
      message: /need 4 data bytes, the file has 3/,
    });
    expect(caught(() => parseIdx(Uint8Array.from([...good, 0]), 2, 'f.idx'))).toMatchObject({ code: 'FF002', field: 'data' });
    expect(caught(() => parseIdx(good.subarray(0, 7), 2, 'f.idx'))).toMatchObject({ code: 'FF002', field: 'header' });
  });

  it('FF001 for a missing file, FF002 for corrupt gzip', () => {
    const dir = tmp();
    expect(caught(() => readIdx(join(dir, 'none.gz'), 1))).toMatchObject({ code: 'FF001', file: join(dir, 'none.gz') });
    writeFileSync(join(dir, 'broken.gz'), Uint8Array.from([0x1f, 0x8b, 1, 2, 3]));
    expect(caught(() => readIdx(join(dir, 'broken.gz'), 1))).toMatchObject({ code: 'FF002', file: join(dir, 'broken.gz') });
  });
});

describe('readFashionMnist on a tiny data set', () => {
  it('scales pixels to [0, 1] as fround(byte / 255) and returns labels', () => {
    const dir = tmp();
    writeTinySet(dir, 't10k');
    const ds = readFashionMnist('test', { dir });
    expect({ count: ds.count, rows: ds.rows, cols: ds.cols }).toEqual({ count: 3, rows: 2, cols: 2 });
    expect(Array.from(ds.labels)).toEqual([3, 0, 9]);
    expect(ds.images[0]).toBe(0);
    expect(ds.images[1]).toBe(1);
    expect(ds.images[2]).toBe(Math.fround(0.2));
    expect(ds.images[8]).toBe(Math.fround(128 / 255));
    const slice = (a: number, b: number): number[] => Array.from(ds.images.subarray(a, b));
    expect(imageRows(ds)).toEqual([slice(0, 4), slice(4, 8), slice(8, 12)]);
  });

  it('takes a subset with offset and limit', () => {
    const dir = tmp();
    writeTinySet(dir, 'train');
    const ds = readFashionMnist('train', { dir, offset: 1, limit: 2 });
    expect(ds.count).toBe(2);
    expect(Array.from(ds.labels)).toEqual([0, 9]);
    expect(ds.images[0]).toBe(Math.fround(1 / 255));
    expect(caught(() => readFashionMnist('train', { dir, offset: 2, limit: 2 }))).toMatchObject({ code: 'FF014', field: 'limit' });
    expect(caught(() => readFashionMnist('train', { dir, offset: -1 }))).toMatchObject({ code: 'FF014', field: 'offset' });
  });

  it('FF002 for a label count that differs from the image count, or a label out of range', () => {
    const dir = tmp();
    writeTinySet(dir, 't10k');
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(encodeIdx([2], Uint8Array.from([1, 2]))));
    const labelFile = join(dir, 't10k-labels-idx1-ubyte.gz');
    expect(caught(() => readFashionMnist('test', { dir }))).toMatchObject({ code: 'FF002', file: labelFile, field: 'count' });
    const dir2 = tmp();
    writeTinySet(dir2, 't10k', [1, 12, 3]);
    expect(caught(() => readFashionMnist('test', { dir: dir2 }))).toMatchObject({
      code: 'FF002',
      field: 'labels',
      message: /label 12 of example 1/,
    });
  });

  it('FF001 naming the missing file', () => {
    const dir = tmp();
    expect(caught(() => readFashionMnist('test', { dir }))).toMatchObject({ code: 'FF001', file: join(dir, 't10k-images-idx3-ubyte.gz') });
  });
});

// The real files come from Debian's dataset-fashion-mnist, which CI installs;
// only a developer machine without it may skip.
const haveReal = existsSync(FASHION_MNIST_DIR);
describe.skipIf(!haveReal && !process.env['CI'])('readFashionMnist on the real files', () => {
  it('reads 10,000 test and 60,000 training examples of 28×28 with balanced labels', () => {
    const test = readFashionMnist('test');
    const got = { count: test.count, rows: test.rows, cols: test.cols, pixels: test.images.length };
    expect(got).toEqual({ count: 10000, rows: 28, cols: 28, pixels: 7840000 });
    const perClass = new Array<number>(10).fill(0);
    for (const l of test.labels) perClass[l] = (perClass[l] ?? 0) + 1;
    expect(perClass).toEqual(new Array<number>(10).fill(1000));
    expect(Math.min(...test.images.subarray(0, 784))).toBe(0);
    expect(Math.max(...test.images.subarray(0, 784))).toBeLessThanOrEqual(1);
    const train = readFashionMnist('train', { offset: 59990 });
    expect(train.count).toBe(10);
    expect(train.images.length).toBe(7840);
  });
});
