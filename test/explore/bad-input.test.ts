import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { CompileError } from '../../src/core/diagnostics.js';
import { pointKey, sweepIdentity } from '../../src/explore/point-key.js';
import { enumeratePoints, parseSpace, pointCount } from '../../src/explore/space.js';
import { openStore } from '../../src/explore/store.js';

const dir = mkdtempSync(join(tmpdir(), 'fixflow-explore-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof CompileError) return e.code;
    throw e;
  }
  return undefined;
}

describe('search space', () => {
  it('enumerates the cartesian product in a fixed order', () => {
    const s = parseSpace({ layers: ['a', 'b'], precision: ['ap_fixed<8,3>', 'ap_fixed<6,2>'], reuseFactor: [1, 4], prune: [0.5] });
    expect(pointCount(s)).toBe(8);
    const pts = enumeratePoints(s);
    expect(pts[0]).toEqual({ precision: ['ap_fixed<8,3>', 'ap_fixed<8,3>'], reuseFactor: 1, prune: 0.5, rank: 0 });
    expect(pts[7]).toEqual({ precision: ['ap_fixed<6,2>', 'ap_fixed<6,2>'], reuseFactor: 4, prune: 0.5, rank: 0 });
  });

  it('a space with zero points is FF024 naming the empty list', () => {
    const s = parseSpace({ precision: ['ap_fixed<8,3>'], reuseFactor: [] });
    expect(codeOf(() => enumeratePoints(s, 'space.yaml'))).toBe('FF024');
    expect(() => enumeratePoints(s)).toThrow(/'reuseFactor' is empty/);
    expect(codeOf(() => enumeratePoints(parseSpace({ precision: [] })))).toBe('FF024');
  });

  it('bad types and unknown keys are configuration errors', () => {
    expect(codeOf(() => parseSpace({ precision: ['ap_fixed<0,3>'] }))).toBe('FF009');
    expect(codeOf(() => parseSpace({ precision: ['ap_fixed<8,3>'], prune: [1.5] }))).toBe('FF007');
    expect(codeOf(() => parseSpace({ precision: ['ap_fixed<8,3>'], colour: 'red' }))).toBe('FF007');
  });

  it('point keys are stable and differ when anything they depend on differs', () => {
    const s = parseSpace({ precision: ['ap_fixed<8,3>'] });
    const id = sweepIdentity('abc', { kind: 'agreement', count: 10, seed: 1, range: 2 }, s);
    const p = { precision: ['ap_fixed<8,3>'], reuseFactor: 1, prune: 0, rank: 0 };
    expect(pointKey(id, p)).toBe(pointKey(sweepIdentity('abc', { kind: 'agreement', count: 10, seed: 1, range: 2 }, s), { rank: 0, prune: 0, reuseFactor: 1, precision: ['ap_fixed<8,3>'] }));
    expect(pointKey(id, p)).not.toBe(pointKey(id, { ...p, prune: 0.5 }));
    expect(pointKey(id, p)).not.toBe(pointKey(sweepIdentity('abd', id.data, s), p));
  });
});

describe('results database', () => {
  it('a file that is not SQLite is refused with FF023 and left unchanged', () => {
    const f = join(dir, 'garbage.sqlite');
    const bytes = Buffer.from('this is not a database\n'.repeat(400));
    writeFileSync(f, bytes);
    expect(codeOf(() => openStore(f))).toBe('FF023');
    expect(() => openStore(f)).toThrow(/file was not changed/);
    expect(readFileSync(f).equals(bytes)).toBe(true);
  });

  it('a truncated database is refused, the file kept', () => {
    const f = join(dir, 'trunc.sqlite');
    const s = openStore(f);
    for (let i = 0; i < 200; i++) s.put({ key: `k${i}`, point: { precision: ['x'], reuseFactor: 1, prune: 0, rank: 0 }, outcome: { ok: false, failure: { error: 'x'.repeat(200) } }, worker: 'w' });
    s.close();
    const whole = readFileSync(f);
    const cut = Buffer.concat([whole.subarray(0, 4096), Buffer.alloc(4096, 0x5a), whole.subarray(8192)]);
    writeFileSync(f, cut);
    expect(codeOf(() => openStore(f))).toBe('FF023');
    expect(readFileSync(f).equals(cut)).toBe(true);
  });

  it('a SQLite database of something else is refused', () => {
    const f = join(dir, 'other.sqlite');
    const db = new Database(f);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    db.close();
    expect(codeOf(() => openStore(f))).toBe('FF023');
    expect(() => openStore(f)).toThrow(/no meta table/);
  });

  it('stores and reads back points', () => {
    const f = join(dir, 'ok.sqlite');
    const s = openStore(f);
    s.put({ key: 'a', point: { precision: ['p'], reuseFactor: 2, prune: 0.5, rank: 0 }, outcome: { ok: false, failure: { error: 'e', code: 'FF019' } }, worker: 'w1' });
    s.close();
    const t = openStore(f);
    expect(t.has('a')).toBe(true);
    expect(t.get('a')?.point.reuseFactor).toBe(2);
    expect([...t.keys()]).toEqual(['a']);
    t.close();
  });
});
