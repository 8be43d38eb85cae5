/**
 * Typed reads from parsed JSON (a Keras model config): a field of the wrong
 * type is FF002 naming the file, layer and field.
 */
import { CompileError, type ErrorCode } from '../../core/diagnostics.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse JSON text; FF002 on a syntax error. */
export function parseJson(text: string, file: string, what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : 'syntax error';
    throw new CompileError('FF002', `${what} is not valid JSON: ${why}`, { file });
  }
}

/** A JSON object's fields read with the location (file, layer) used in errors. */
export class Fields {
  constructor(
    readonly obj: JsonObject,
    readonly file: string,
    readonly layer: string | undefined,
    /** prefix of field names in messages, e.g. `kernel_quantizer.` */
    readonly prefix = '',
  ) {}

  fail(code: ErrorCode, message: string, field?: string): never {
    throw new CompileError(code, message, {
      file: this.file,
      ...(this.layer !== undefined ? { layer: this.layer } : {}),
      ...(field !== undefined ? { field: this.prefix + field } : {}),
    });
  }

  raw(field: string): Json | undefined {
    return Object.prototype.hasOwnProperty.call(this.obj, field) ? this.obj[field] : undefined;
  }

  /** True when the field is present and not null. */
  has(field: string): boolean {
    const v = this.raw(field);
    return v !== undefined && v !== null;
  }

  number(field: string, fallback?: number): number {
    const v = this.raw(field) ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail('FF002', `${this.prefix}${field} must be a finite number, got ${show(v)}`, field);
    return v;
  }

  optionalNumber(field: string): number | null {
    return this.has(field) ? this.number(field) : null;
  }

  int(field: string, fallback?: number): number {
    const v = this.number(field, fallback);
    if (!Number.isSafeInteger(v)) this.fail('FF002', `${this.prefix}${field} must be an integer, got ${v}`, field);
    return v;
  }

  positiveInt(field: string): number {
    const v = this.int(field);
    if (v < 1) this.fail('FF002', `${this.prefix}${field} must be a positive integer, got ${v}`, field);
    return v;
  }

  /** A boolean; 0 and 1 are accepted too (QKeras writes `symmetric: 0`). */
  bool(field: string, fallback: boolean): boolean {
    const v = this.raw(field) ?? fallback;
    if (v === 0 || v === 1) return v === 1;
    if (typeof v !== 'boolean') this.fail('FF002', `${this.prefix}${field} must be true or false, got ${show(v)}`, field);
    return v;
  }

  string(field: string, fallback?: string): string {
    const v = this.raw(field) ?? fallback;
    if (typeof v !== 'string') this.fail('FF002', `${this.prefix}${field} must be a string, got ${show(v)}`, field);
    return v;
  }

  object(field: string): JsonObject {
    const v = this.raw(field);
    if (!isObject(v)) this.fail('FF002', `${this.prefix}${field} must be an object, got ${show(v)}`, field);
    return v;
  }

  array(field: string): Json[] {
    const v = this.raw(field);
    if (!Array.isArray(v)) this.fail('FF002', `${this.prefix}${field} must be a list, got ${show(v)}`, field);
    return v;
  }

  /** A list of dimensions; null entries (unknown sizes) come back as null. */
  dims(field: string): (number | null)[] {
    return this.array(field).map((d) => {
      if (d === null) return null;
      if (typeof d !== 'number' || !Number.isSafeInteger(d)) this.fail('FF002', `${this.prefix}${field} must be a list of integers, got ${show(this.raw(field))}`, field);
      return d;
    });
  }
}

/** A short rendering of a JSON value for messages. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
