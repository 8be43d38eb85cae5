/**
 * Typed reads of a node's attributes. Every attribute the converter does not
 * read is an error when it finishes (FF006): an attribute the importer does
 * not understand is never ignored.
 */
import { AttributeProto_AttributeType as AT, type AttributeProto, type NodeProto } from 'onnx-buf';
import { CompileError, type ErrorLocation } from '../../core/diagnostics.js';
import { tensorData, type TensorData } from './tensor-data.js';

export class Attributes {
  private readonly byName = new Map<string, AttributeProto>();
  private readonly used = new Set<string>();

  constructor(
    node: NodeProto,
    private readonly loc: ErrorLocation,
  ) {
    for (const a of node.attribute) {
      if (this.byName.has(a.name)) throw this.error('FF002', `attribute '${a.name}' is given twice`, a.name);
      if (a.refAttrName) throw this.error('FF006', `attribute '${a.name}' refers to a function attribute, which is not supported`, a.name);
      this.byName.set(a.name, a);
    }
  }

  private error(code: 'FF002' | 'FF006', message: string, name: string): CompileError {
    return new CompileError(code, message, { ...this.loc, field: name });
  }

  private take(name: string, type: AT): AttributeProto | undefined {
    const a = this.byName.get(name);
    if (a === undefined) return undefined;
    this.used.add(name);
    // IR < 0.0.2 files may leave the type unset; then the field that is set decides
    if (a.type !== type && a.type !== AT.UNDEFINED) {
      throw this.error('FF002', `attribute '${name}' has type ${AT[a.type] ?? a.type}, expected ${AT[type]}`, name);
    }
    return a;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  int(name: string, fallback: number): number {
    const a = this.take(name, AT.INT);
    if (a === undefined) return fallback;
    if (a.i > BigInt(Number.MAX_SAFE_INTEGER) || a.i < -BigInt(Number.MAX_SAFE_INTEGER)) throw this.error('FF002', `attribute '${name}' = ${a.i} is out of range`, name);
    return Number(a.i);
  }

  float(name: string, fallback: number): number {
    const a = this.take(name, AT.FLOAT);
    if (a === undefined) return fallback;
    if (!Number.isFinite(a.f)) throw this.error('FF002', `attribute '${name}' is ${a.f}`, name);
    return a.f;
  }

  ints(name: string): number[] | undefined {
    const a = this.take(name, AT.INTS);
    if (a === undefined) return undefined;
    return a.ints.map((v) => {
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw this.error('FF002', `attribute '${name}' holds ${v}, out of range`, name);
      return Number(v);
    });
  }

  floats(name: string): number[] | undefined {
    return this.take(name, AT.FLOATS)?.floats.slice();
  }

  string(name: string, fallback: string): string {
    const a = this.take(name, AT.STRING);
    if (a === undefined) return fallback;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(a.s);
    } catch {
      throw this.error('FF002', `attribute '${name}' is not UTF-8 text`, name);
    }
  }

  tensor(name: string): TensorData | undefined {
    const a = this.take(name, AT.TENSOR);
    if (a === undefined) return undefined;
    if (a.t === undefined) throw this.error('FF002', `attribute '${name}' holds no tensor`, name);
    return tensorData(a.t, { ...this.loc, field: name });
  }

  /** Mark attributes that do not change inference as read (e.g. `momentum`, `consumed_inputs`). */
  ignore(...names: string[]): void {
    for (const n of names) if (this.byName.has(n)) this.used.add(n);
  }

  /** FF006 naming the first attribute nobody read. */
  finish(op: string): void {
    for (const name of this.byName.keys()) {
      if (!this.used.has(name)) throw this.error('FF006', `${op} attribute '${name}' is not understood by the importer`, name);
    }
  }
}
