/**
 * The results database (better-sqlite3): one row per point, keyed by its
 * stable hash, written as each point finishes (WAL, so a killed sweep loses
 * only the points in flight). Opening checks that the file is a SQLite
 * database with this layout; anything else is refused with FF023 and the
 * file is left untouched.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CompileError } from '../core/diagnostics.js';
import type { PointOutcome } from './point-result.js';
import type { Point } from './space.js';

export const STORE_FORMAT = 'fixflow-explore/1';

export interface StoredPoint {
  readonly key: string;
  readonly point: Point;
  readonly outcome: PointOutcome;
  readonly worker: string;
}

export interface ResultStore {
  readonly file: string;
  has(key: string): boolean;
  keys(): Set<string>;
  get(key: string): StoredPoint | undefined;
  put(p: StoredPoint): void;
  all(): StoredPoint[];
  close(): void;
}

function corrupted(file: string, why: string): CompileError {
  return new CompileError('FF023', `cannot use the results database: ${why}; the file was not changed (move it away or pass another --db)`, { file });
}

export function openStore(file: string): ResultStore {
  const existed = existsSync(file) && file !== ':memory:';
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: false });
  } catch (e) {
    throw corrupted(file, (e as Error).message);
  }
  try {
    if (existed) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`SQLite integrity check failed (${String(check)})`);
      const meta = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
      if (!meta && tables.n > 0) throw new Error('it is a SQLite database of something else (no meta table)');
      if (meta) {
        const row = db.prepare("SELECT value FROM meta WHERE key = 'format'").get() as { value: string } | undefined;
        if (row?.value !== STORE_FORMAT) throw new Error(`unknown format '${row?.value ?? '(none)'}', expected '${STORE_FORMAT}'`);
      }
    }
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS points (
        key TEXT PRIMARY KEY,
        point TEXT NOT NULL,
        outcome TEXT NOT NULL,
        worker TEXT NOT NULL,
        created REAL NOT NULL
      );
    `);
    db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('format', STORE_FORMAT);
  } catch (e) {
    db.close();
    if (e instanceof CompileError) throw e;
    throw corrupted(file, (e as Error).message.replace(/^SqliteError: /, ''));
  }
  const hasQ = db.prepare('SELECT 1 FROM points WHERE key = ?');
  const getQ = db.prepare('SELECT key, point, outcome, worker FROM points WHERE key = ?');
  const putQ = db.prepare('INSERT INTO points (key, point, outcome, worker, created) VALUES (?, ?, ?, ?, ?)');
  const allQ = db.prepare('SELECT key, point, outcome, worker FROM points ORDER BY created, key');
  type Row = { key: string; point: string; outcome: string; worker: string };
  const decode = (r: Row): StoredPoint => ({ key: r.key, point: JSON.parse(r.point) as Point, outcome: JSON.parse(r.outcome) as PointOutcome, worker: r.worker });
  return {
    file,
    has: (key) => hasQ.get(key) !== undefined,
    keys: () => new Set((db.prepare('SELECT key FROM points').all() as { key: string }[]).map((r) => r.key)),
    get: (key) => {
      const r = getQ.get(key) as Row | undefined;
      return r ? decode(r) : undefined;
    },
    put: (p) => {
      putQ.run(p.key, JSON.stringify(p.point), JSON.stringify(p.outcome), p.worker, Date.now() / 1000);
    },
    all: () => (allQ.all() as Row[]).map(decode),
    close: () => db.close(),
  };
}
