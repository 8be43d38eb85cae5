/**
 * The statement builder of the TypeScript emitter. Generated code computes on
 * raw codes in one of two flavours: `num` (float64 numbers, allowed only where
 * every value is proven to stay within ±2^52, so every operation is exact) and
 * `big` (BigInt, always exact). A value is a piece of code together with the
 * interval of integers it can take and its fractional bits.
 */
import { absMax, type Interval } from './interval.js';

export type Flavor = 'num' | 'big';

/** Largest magnitude a `num` value may reach: integers up to 2^53 are exact in float64. */
export const NUM_LIMIT = 1n << 52n;

/** Thrown while emitting `num` code when a bound cannot be proven; the layer is then emitted in `big`. */
export class NeedBig extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'NeedBig';
  }
}

export interface Val extends Interval {
  /** an identifier, a literal or a parenthesized expression: safe to compose */
  readonly code: string;
  readonly frac: number;
  /**
   * set when `code` is `(a + b + …)` or `(a * b)` built by addCode / mulCode:
   * a sum may be extended, and a product used as a term, without parentheses
   */
  readonly op?: '+' | '*';
}

const SIMPLE = /^(?:[A-Za-z_$][\w$]*|-?\d+n?)$/;

export function isSimple(code: string): boolean {
  return SIMPLE.test(code);
}

/** Temporary names, unique within one emitted function. */
export class Namer {
  private n = 0;
  next(prefix: string): string {
    this.n += 1;
    return `${prefix}${this.n}`;
  }
}

export class Block {
  readonly lines: string[] = [];

  constructor(
    readonly flavor: Flavor,
    readonly names: Namer = new Namer(),
  ) {}

  /** A new block for a nested scope, sharing the names. */
  child(): Block {
    return new Block(this.flavor, this.names);
  }

  line(text: string): void {
    this.lines.push(text);
  }

  /** Append a nested block wrapped in `head {` … `}`. */
  nest(head: string, inner: Block): void {
    this.lines.push(`${head} {`);
    for (const l of inner.lines) this.lines.push(`  ${l}`);
    this.lines.push('}');
  }

  /** A value with its bounds checked for the flavour. */
  val(code: string, iv: Interval, frac: number, op?: '+' | '*'): Val {
    if (this.flavor === 'num' && absMax(iv) > NUM_LIMIT) {
      throw new NeedBig(`value ${code.length > 40 ? code.slice(0, 40) + '…' : code} may reach ${absMax(iv)}`);
    }
    return op ? { code, lo: iv.lo, hi: iv.hi, frac, op } : { code, lo: iv.lo, hi: iv.hi, frac };
  }

  /** An integer literal of the flavour. */
  lit(v: bigint): string {
    if (this.flavor === 'big') return `${v}n`;
    if ((v < 0n ? -v : v) > 1n << 53n) throw new NeedBig(`constant ${v} is not exact in float64`);
    return String(v);
  }

  constVal(v: bigint, frac: number): Val {
    return this.val(this.lit(v), { lo: v, hi: v }, frac);
  }

  /** The value bound to a `const` unless its code is already simple. */
  bind(v: Val, prefix = 't'): Val {
    if (isSimple(v.code)) return v;
    const name = this.names.next(prefix);
    this.lines.push(`const ${name} = ${stripParens(v.code)};`);
    return { code: name, lo: v.lo, hi: v.hi, frac: v.frac };
  }

  /** Declare a mutable variable holding `v`. */
  letVar(v: Val, prefix: string): Val {
    const name = this.names.next(prefix);
    this.lines.push(`let ${name} = ${stripParens(v.code)};`);
    return { code: name, lo: v.lo, hi: v.hi, frac: v.frac };
  }
}

/** Remove one pair of enclosing parentheses when they enclose the whole expression. */
export function stripParens(code: string): string {
  if (!code.startsWith('(') || !code.endsWith(')')) return code;
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0 && i < code.length - 1) return code;
    }
  }
  return code.slice(1, -1);
}
