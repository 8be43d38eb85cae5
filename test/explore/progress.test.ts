import { describe, expect, it } from 'vitest';
import { progressLine, stderrProgress } from '../../src/explore/progress.js';

function fakeStream(tty: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = { isTTY: tty, write: (s: string) => ((text += s), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

const state = { done: 6, total: 10, reused: 2, elapsedMs: 8000, best: 'acc 0.8800, 1200 LUT, 4 DSP, 9 cycles' };

describe('sweep progress', () => {
  it('the bar shows points done, an ETA from the computed points only, and the best design', () => {
    // 4 computed in 8 s → 2 s each, 4 left → 8 s
    expect(progressLine(state, 10)).toBe('[######....] 6/10 points, ETA 8s, best: acc 0.8800, 1200 LUT, 4 DSP, 9 cycles');
    expect(progressLine({ ...state, done: 2, elapsedMs: 0 }, 10)).toMatch(/ETA \?/);
  });

  it('redraws one line on a terminal', () => {
    const f = fakeStream(true);
    const p = stderrProgress(f.stream);
    p.update(state);
    p.update({ ...state, done: 7 });
    p.finish({ ...state, done: 10 });
    expect(f.text().split('\r\x1b[2K')).toHaveLength(4);
    expect(f.text().endsWith('\n')).toBe(true);
    expect(f.text().split('\n')).toHaveLength(2);
  });

  it('prints plain lines otherwise, one per change', () => {
    const f = fakeStream(false);
    const p = stderrProgress(f.stream);
    p.update(state);
    p.update(state);
    p.update({ ...state, done: 7 });
    p.finish({ ...state, done: 10 });
    // 7 done: 5 computed in 8 s, 3 left → 4.8 s
    const lines = f.text().trim().split('\n');
    expect(lines).toEqual([
      'explore: 6/10 points, ETA 8s, best: acc 0.8800, 1200 LUT, 4 DSP, 9 cycles',
      'explore: 7/10 points, ETA 5s, best: acc 0.8800, 1200 LUT, 4 DSP, 9 cycles',
      'explore: done, 10/10 points (2 from the database) in 8.0 s',
    ]);
    expect(f.text()).not.toMatch(/\x1b/);
  });
});
