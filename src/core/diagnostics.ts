/**
 * Diagnostics: every user-facing failure is a CompileError with a stable code.
 * Codes never change meaning once published; the README lists them.
 */
export const ERROR_CODES = {
  FF001: 'file not found or unreadable',
  FF002: 'malformed model file',
  FF003: 'missing or short weight data',
  FF004: 'shape mismatch between topology and weights',
  FF005: 'non-finite weight (NaN or Inf)',
  FF006: 'unsupported layer or op',
  FF007: 'invalid configuration',
  FF008: 'configuration names a layer that does not exist',
  FF009: 'invalid fixed-point type',
  FF010: 'malformed input vectors',
  FF011: 'output folder exists (use --force)',
  FF012: 'invalid IR (verifier)',
  FF013: 'unsupported IR schema version',
  FF014: 'invalid argument',
  FF015: 'external tool missing',
  FF016: 'external tool failed',
  FF017: 'mismatch between simulator and another model of the design',
  FF018: 'resource limit: the model would need too much memory',
  FF019: 'invalid compression request',
  FF020: 'graph error: cycle or dangling edge',
  FF021: 'template error: missing, unused or malformed slot',
  FF022: 'simulation stalled (deadlock or FIFO too small)',
  FF023: 'results database is corrupted or not a fixflow explore database (the file is kept)',
  FF024: 'search space has no points',
  FF025: 'no explored design meets the target',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorLocation {
  readonly file?: string;
  readonly layer?: string;
  readonly field?: string;
}

export class CompileError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly layer?: string;
  readonly field?: string;

  constructor(code: ErrorCode, message: string, loc: ErrorLocation = {}) {
    super(message);
    this.name = 'CompileError';
    this.code = code;
    if (loc.file !== undefined) this.file = loc.file;
    if (loc.layer !== undefined) this.layer = loc.layer;
    if (loc.field !== undefined) this.field = loc.field;
  }

  /** Copy of this error with missing location parts filled in from `loc`. */
  at(loc: ErrorLocation): CompileError {
    return new CompileError(this.code, this.message, {
      file: this.file ?? loc.file,
      layer: this.layer ?? loc.layer,
      field: this.field ?? loc.field,
    });
  }
}

/** One-line, stack-free rendering used by the CLI and snapshotted by test/errors. */
export function formatError(err: CompileError): string {
  const where: string[] = [];
  if (err.file !== undefined) where.push(`file ${err.file}`);
  if (err.layer !== undefined) where.push(`layer '${err.layer}'`);
  if (err.field !== undefined) where.push(`field '${err.field}'`);
  const loc = where.length > 0 ? ` (${where.join(', ')})` : '';
  return `error ${err.code}: ${err.message}${loc}`;
}

export function isCompileError(e: unknown): e is CompileError {
  return e instanceof CompileError;
}
