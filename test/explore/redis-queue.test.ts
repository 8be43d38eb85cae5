import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseQueueUrl } from '../../src/explore/queue/redis-url.js';
import { runSweep } from '../../src/explore/sweep.js';
import { loadGraph } from '../../src/explore/work-spec.js';
import { AGREEMENT, JET_MODEL, smallSpace } from './helpers/sweep-fixture.js';

const haveRedis = spawnSync('redis-server', ['--version']).status === 0;
// in CI a missing redis-server is a failure, not a skip
const skip = !haveRedis && !process.env.CI;
const WORKER = fileURLToPath(new URL('../../src/explore/queue/queue-worker-main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fixflow-explore-redis-'));
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function waitForLine(c: ChildProcess, stream: 'stdout' | 'stderr', re: RegExp, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re} (got: ${text.slice(-500)})`)), ms);
    c[stream]?.on('data', (b: Buffer) => {
      text += b.toString();
      if (re.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
    c.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited (${String(code)}) before ${re}: ${text.slice(-500)}`));
    });
  });
}

describe.skipIf(skip)('distributed sweep on a BullMQ queue (Redis)', () => {
  it('two worker processes compute every point exactly once', async () => {
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(redis);
    await waitForLine(redis, 'stdout', /Ready to accept connections/, 20_000);
    const url = `redis://127.0.0.1:${port}#explore-test`;
    const logs = [join(dir, 'w1.log'), join(dir, 'w2.log')];
    const workers = logs.map((log) => spawn(process.execPath, ['--import', 'tsx', WORKER, url, '--log', log], { stdio: ['ignore', 'pipe', 'pipe'] }));
    children.push(...workers);
    await Promise.all(workers.map((w) => waitForLine(w, 'stderr', /ready on/, 60_000)));

    const graph = await loadGraph(JET_MODEL);
    const db = join(dir, 'sweep.sqlite');
    const r = await runSweep({ modelPath: JET_MODEL, graph, space: smallSpace(), data: AGREEMENT, db, queue: parseQueueUrl(url) });
    expect(r.entries).toHaveLength(12);
    expect(r.computed).toBe(12);
    const lines = logs.flatMap((f) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter((l) => l.length > 0) : []));
    const keys = lines.map((l) => l.split(' ')[0]);
    // every point computed, none twice
    expect(keys).toHaveLength(12);
    expect(new Set(keys)).toEqual(new Set(r.entries.map((e) => e.key)));
    // the stored worker of each point is a worker process, not this one
    const pids = new Set(workers.map((w) => `pid${w.pid}`));
    for (const e of r.entries) expect(pids.has(e.worker)).toBe(true);
    // results match an in-process evaluation of the same points
    const local = await runSweep({ modelPath: JET_MODEL, graph, space: smallSpace(), data: AGREEMENT, db: join(dir, 'local.sqlite'), workers: 0 });
    const strip = (o: (typeof r.entries)[number]['outcome']): unknown => (o.ok ? { ...o.result, seconds: 0 } : o);
    expect(r.entries.map((e) => strip(e.outcome))).toEqual(local.entries.map((e) => strip(e.outcome)));

    // a rerun on the queue finds everything in the database: nothing is queued or computed again
    const r2 = await runSweep({ modelPath: JET_MODEL, graph, space: smallSpace(), data: AGREEMENT, db, queue: parseQueueUrl(url) });
    expect(r2.computed).toBe(0);
    const after = logs.flatMap((f) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter((l) => l.length > 0) : []));
    expect(after).toHaveLength(12);
  });
});
