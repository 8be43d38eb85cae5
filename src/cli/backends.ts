/** The backends `compile --backend` can run; each returns relative path → file content. */
import { CompileError } from '../core/diagnostics.js';
import type { Dataflow } from '../ir/dataflow/types.js';

export const BACKENDS = ['ir'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendOptions {
  readonly io?: string;
}

export async function emitBackend(name: BackendName, _df: Dataflow, _opts: BackendOptions): Promise<Map<string, string>> {
  switch (name) {
    case 'ir':
      return new Map();
    default:
      throw new CompileError('FF014', `unknown backend '${String(name)}'`);
  }
}
