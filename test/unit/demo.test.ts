import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/commands/demo.js';
import { FASHION_MNIST_DIR } from '../../src/datasets/fashion-mnist.js';

const haveData = existsSync(FASHION_MNIST_DIR);

describe.skipIf(!haveData && !process.env.CI)('npm run demo (cut down to 400 images)', () => {
  it('compiles, simulates at three precisions, prints accuracies and the overflow profile', async () => {
    let text = '';
    await runDemo({ output: join(mkdtempSync(join(tmpdir(), 'ff-demo-')), 'demo'), limit: 400 }, (s) => (text += s));
    const acc = (label: string): number => {
      const line = text.split('\n').find((l) => l.startsWith(label));
      const m = /(\d+\.\d+)%/.exec(line ?? '');
      return Number(m?.[1] ?? NaN);
    };
    expect(acc('float32')).toBeGreaterThan(80);
    expect(Math.abs(acc('fixed ap_fixed<16,6>') - acc('float32'))).toBeLessThan(2);
    expect(acc('fixed ap_fixed<8,I,RND,SAT>')).toBeGreaterThan(acc('fixed ap_fixed<8,3,RND,SAT> ') - 0.01);
    expect(text).toContain('overflow profile');
    expect(text).toMatch(/fc1\s+result\s+ap_fixed<8,3,RND,SAT>\s+\d+\s+[1-9]/);
  });
});
