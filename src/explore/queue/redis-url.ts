/**
 * `--queue redis://[:password@]host[:port][/db][#queue-name]` → BullMQ
 * connection options and the queue's name (default 'fixflow-explore').
 */
import { CompileError } from '../../core/diagnostics.js';

export interface QueueTarget {
  readonly connection: { readonly host: string; readonly port: number; readonly db: number; readonly password?: string; readonly maxRetriesPerRequest: null };
  readonly name: string;
}

export const DEFAULT_QUEUE = 'fixflow-explore';

export function parseQueueUrl(text: string): QueueTarget {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new CompileError('FF014', `--queue must be a redis:// URL, got '${text}'`, { field: 'queue' });
  }
  if (u.protocol !== 'redis:') throw new CompileError('FF014', `--queue must be a redis:// URL, got '${text}'`, { field: 'queue' });
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new CompileError('FF014', `--queue: database must be a number, got '${u.pathname.slice(1)}'`, { field: 'queue' });
  const name = u.hash.length > 1 ? decodeURIComponent(u.hash.slice(1)) : DEFAULT_QUEUE;
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new CompileError('FF014', `--queue: queue name may hold letters, digits, '_', '.', '-', got '${name}'`, { field: 'queue' });
  return {
    connection: {
      host: u.hostname || '127.0.0.1',
      port: u.port ? Number(u.port) : 6379,
      db,
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
      maxRetriesPerRequest: null,
    },
    name,
  };
}
