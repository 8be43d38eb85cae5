/**
 * Typed reads of one layer's Keras config; a field of the wrong type is
 * FF002 naming the file, layer and field.
 */
import { CompileError, type ErrorCode } from '../../core/diagnostics.js';
import type { TopoLayer } from './topology.js';

export class LayerConfig {
  constructor(
    readonly layer: TopoLayer,
    readonly file: string,
  ) {}

  get name(): string {
    return this.layer.name;
  }

  fail(code: ErrorCode, message: string, field?: string): never {
    throw new CompileError(code, message, { file: this.file, layer: this.layer.name, ...(field ? { field } : {}) });
  }

  has(field: string): boolean {
    const v = this.layer.config[field];
    return v !== undefined && v !== null;
  }

  number(field: string, fallback?: number): number {
    const v = this.layer.config[field] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.fail('FF002', `${field} must be a finite number, got ${JSON.stringify(v)}`, field);
    }
    return v;
  }

  /** A number, or null when the field is absent or null. */
  optionalNumber(field: string): number | null {
    return this.has(field) ? this.number(field) : null;
  }

  positiveInt(field: string): number {
    const v = this.number(field);
    if (!Number.isInteger(v) || v < 1) this.fail('FF002', `${field} must be a positive integer, got ${v}`, field);
    return v;
  }

  bool(field: string, fallback: boolean): boolean {
    const v = this.layer.config[field] ?? fallback;
    if (typeof v !== 'boolean') this.fail('FF002', `${field} must be true or false, got ${JSON.stringify(v)}`, field);
    return v;
  }

  string(field: string, fallback: string): string {
    const v = this.layer.config[field] ?? fallback;
    if (typeof v !== 'string') this.fail('FF002', `${field} must be a string, got ${JSON.stringify(v)}`, field);
    return v;
  }

  /** A list of integers (null entries become `nullAs`). */
  intList(field: string, nullAs: number): number[] {
    const v = this.layer.config[field];
    if (!Array.isArray(v)) this.fail('FF002', `${field} must be a list of integers, got ${JSON.stringify(v)}`, field);
    return v.map((d: unknown) => {
      const x = d ?? nullAs;
      if (typeof x !== 'number' || !Number.isInteger(x)) {
        this.fail('FF002', `${field} must be a list of integers, got ${JSON.stringify(v)}`, field);
      }
      return x;
    });
  }

  /** An axis given as a number or a one-element list (tf.keras writes [3]). */
  axis(field: string, fallback: number): number {
    const v = this.layer.config[field] ?? fallback;
    const a = Array.isArray(v) && v.length === 1 ? (v[0] as unknown) : v;
    if (typeof a !== 'number' || !Number.isInteger(a)) {
      this.fail('FF006', `${field} ${JSON.stringify(v)} is not supported: only a single axis`, field);
    }
    return a;
  }
}
