import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../src/explore/sweep.js';
import { loadGraph } from '../../src/explore/work-spec.js';
import { AGREEMENT, JET_MODEL, smallSpace } from './helpers/sweep-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'fixflow-explore-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CHILD = fileURLToPath(new URL('./helpers/sweep-child.ts', import.meta.url));

function storedKeys(db: string): string[] {
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (d.prepare('SELECT key FROM points').all() as { key: string }[]).map((r) => r.key);
    } finally {
      d.close();
    }
  } catch {
    return [];
  }
}

describe('an interrupted sweep resumes', () => {
  it('kill mid-sweep, rerun: only the missing points are computed, each once', async () => {
    const db = join(dir, 'sweep.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, db], { stdio: ['ignore', 'pipe', 'inherit'] });
    let childOut = '';
    child.stdout.on('data', (b: Buffer) => (childOut += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // wait until some, not all, points are stored, then kill hard
    const deadline = Date.now() + 60_000;
    while (storedKeys(db).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exited;
    const before = storedKeys(db);
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.length).toBeLessThan(12);
    // everything the child reported as computed is in the database (stored before reported)
    const reported = childOut.split('\n').filter((l) => l.startsWith('computed ')).map((l) => l.slice(9));
    for (const k of reported) expect(before).toContain(k);

    const computed: string[] = [];
    const graph = await loadGraph(JET_MODEL);
    const r = await runSweep({ modelPath: JET_MODEL, graph, space: smallSpace(), data: AGREEMENT, db, workers: 0, onComputed: (key) => computed.push(key) });
    expect(r.entries).toHaveLength(12);
    expect(r.reused).toBe(before.length);
    expect(computed).toHaveLength(12 - before.length);
    for (const k of computed) expect(before).not.toContain(k);
    expect(new Set(storedKeys(db)).size).toBe(12);

    // a third run computes nothing
    const again: string[] = [];
    const r3 = await runSweep({ modelPath: JET_MODEL, graph, space: smallSpace(), data: AGREEMENT, db, workers: 0, onComputed: (key) => again.push(key) });
    expect(again).toEqual([]);
    expect(r3.entries.map((e) => e.outcome)).toEqual(r.entries.map((e) => e.outcome));
  });
});
