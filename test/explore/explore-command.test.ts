import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExplore } from '../../src/cli/commands/explore.js';
import { CompileError } from '../../src/core/diagnostics.js';
import { JET_MODEL } from './helpers/sweep-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'fixflow-explore-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const space = join(dir, 'space.yaml');
writeFileSync(space, ['precision: ["ap_fixed<6,2>", "ap_fixed<10,4>"]', 'reuseFactor: [1, 4]', 'prune: [0, 0.7]', ''].join('\n'));
const base = { space, data: 'agreement:500:5', db: join(dir, 'cli.sqlite') };

describe('fixflow explore', () => {
  it('sweeps on two worker threads, writes the page and JSON, answers a reachable target', async () => {
    let text = '';
    await runExplore(JET_MODEL, { ...base, workers: '2', target: 'acc>=0.85,latency<=30', output: join(dir, 'out') }, (s) => (text += s));
    expect(text).toMatch(/8 points \(8 computed, 0 from/);
    expect(text).toMatch(/target acc>=0.85,latency<=30: /);
    const html = readFileSync(join(dir, 'out', 'explore.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect((html.match(/<svg /g) ?? []).length).toBe(2);
    expect(html).toMatch(/class="pt front"/);
    expect(html).toMatch(/<tr class="chosen"/);
    const json = JSON.parse(readFileSync(join(dir, 'out', 'explore.json'), 'utf8')) as { rows: { front: boolean; result: { accuracy: number; latency: number } }[]; target: { answer: { met: boolean; best: { result: { accuracy: number; latency: number } } } } };
    expect(json.rows).toHaveLength(8);
    expect(json.rows.some((r) => r.front)).toBe(true);
    expect(json.target.answer.met).toBe(true);
    expect(json.target.answer.best.result.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(json.target.answer.best.result.latency).toBeLessThanOrEqual(30);
  });

  it('an impossible target is FF025 naming the closest point; the outputs are still written; nothing is recomputed', async () => {
    let text = '';
    const out = join(dir, 'out2');
    let err: unknown;
    try {
      await runExplore(JET_MODEL, { ...base, workers: '0', target: 'acc>=0.999,latency<=3', output: out }, (s) => (text += s));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CompileError);
    expect((err as CompileError).code).toBe('FF025');
    expect((err as CompileError).message).toMatch(/no explored design meets the target acc>=0\.999,latency<=3; closest: .*RF \d.*latency \d+ \(wanted <= 3\)/);
    expect(text).toMatch(/8 points \(0 computed, 8 from/);
    expect(readFileSync(join(out, 'explore.html'), 'utf8')).toMatch(/No explored design meets/);
  });

  it('an empty space and a corrupted database are coded errors; the database file is kept', async () => {
    const empty = join(dir, 'empty.yaml');
    writeFileSync(empty, 'precision: ["ap_fixed<8,3>"]\nprune: []\n');
    await expect(runExplore(JET_MODEL, { ...base, space: empty, workers: '0' }, () => undefined)).rejects.toMatchObject({ code: 'FF024' });
    const bad = join(dir, 'bad.sqlite');
    writeFileSync(bad, 'not sqlite at all');
    await expect(runExplore(JET_MODEL, { ...base, db: bad, workers: '0' }, () => undefined)).rejects.toMatchObject({ code: 'FF023' });
    expect(readFileSync(bad, 'utf8')).toBe('not sqlite at all');
    expect(existsSync(`${bad}-wal`)).toBe(false);
  });
});
