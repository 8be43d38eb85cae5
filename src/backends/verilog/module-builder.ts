/**
 * Builds the text of one emitted module: wire declarations, pipeline
 * registers (all enabled by `ce`), library instances. It also does the
 * scheduling: every operation declares its logic depth, and when an operation
 * would make a combinational path deeper than `stageLevels` levels, its
 * operands are registered first. Operands from earlier stages are delayed
 * with registers so that every operation sees values of the same sample.
 *
 * Declarations nothing live reads are dropped (operations that range analysis
 * turned into constants leave no dead logic), and a declaration or input
 * port whose bits are only partly read gets a Verilator waiver with a reason.
 */
import { fullyRead, identifiers, liveNames, scanBitUses, type BitUses } from './liveness.js';
import { fitExpr, literal, signedWidth, type Sig } from './signal.js';

export interface PortDecl {
  readonly dir: 'input' | 'output';
  readonly name: string;
  readonly width: number;
  readonly scalar?: boolean;
}

const UNREAD_BITS = 'bits not read here cannot change the result (sign copies by range analysis, bits below a floor, sign tests)';
const UNREAD_INPUT = 'input bits that cannot change the result (met only by pruned weights, or by constant results) are not read';

interface Decl {
  readonly name: string;
  readonly width: number;
  readonly kind: 'wire' | 'reg';
  /** the value of a wire (nets driven by instances and registers have none) */
  readonly expr?: string;
}

export class ModuleBuilder {
  private readonly decls: Decl[] = [];
  private readonly regs: { name: string; d: string }[] = [];
  private readonly defs: { name: string; text: string }[] = [];
  private readonly instances: { out: string; text: string; reads: string }[] = [];
  private readonly tail: string[] = [];
  private readonly counters = new Map<string, number>();
  private readonly delays = new Map<string, Sig>();
  /** explicit reasons for bits nobody reads (lint waivers) */
  private readonly reasons = new Map<string, string>();
  readonly ports: PortDecl[] = [];
  /** every table read: its size, the wire of its value, whether its address comes straight from a register */
  readonly romReads: { entries: number; width: number; wire: string; registeredAddress: boolean }[] = [];
  /**
   * Of `wires`, those whose only reader in the rendered module `text` is a
   * pipeline register that takes them whole (synthesis can then move that
   * register into a block RAM's output). One pass over the text.
   */
  registeredOnly(wires: readonly string[], text: string): Set<string> {
    const wanted = new Set(wires.filter((w) => this.regs.some((r) => r.d === w)));
    const readers = new Map<string, string[]>();
    for (const line of text.split('\n')) {
      const eq = line.indexOf('=');
      if (eq < 0) continue;
      const lhs = new Set(identifiers(line.slice(0, eq)));
      for (const id of new Set(identifiers(line.slice(eq + 1)))) if (wanted.has(id) && !lhs.has(id)) readers.set(id, [...(readers.get(id) ?? []), line]);
    }
    return new Set([...wanted].filter((w) => {
      const r = readers.get(w) ?? [];
      return r.length === 1 && new RegExp(`^\\s*\\w+ <= ${w};$`).test(r[0] ?? '');
    }));
  }

  /** the module needs clk and ce (set by render when live pipeline registers exist, or by hand) */
  clocked = false;

  constructor(
    readonly name: string,
    readonly stageLevels: number,
  ) {}

  fresh(prefix: string): string {
    const n = this.counters.get(prefix) ?? 0;
    this.counters.set(prefix, n + 1);
    return `${prefix}${n}`;
  }

  /** A port; data ports are vectors even when 1 bit wide (they are sliced), control ports may be scalars. */
  port(dir: 'input' | 'output', name: string, width: number, scalar = false): PortDecl {
    const p: PortDecl = { dir, name, width, scalar };
    this.ports.push(p);
    return p;
  }

  /** Statements of the module body (always blocks, assigns to ports): always kept. */
  raw(text: string): void {
    this.tail.push(text);
  }

  /** A function definition, kept when something live calls it. */
  define(name: string, text: string): void {
    this.defs.push({ name, text });
  }

  /** A library instance driving `out` from the expressions in `reads`, kept when `out` is read. */
  instance(out: string, text: string, reads: string): void {
    this.instances.push({ out, text, reads });
  }

  /** Declare a wire; returns its name. */
  wire(prefix: string, width: number, expr: string): string {
    const name = this.fresh(prefix);
    this.decls.push({ name, width, kind: 'wire', expr });
    return name;
  }

  /** Declare a wire without a value (driven by an instance). */
  net(prefix: string, width: number): string {
    const name = this.fresh(prefix);
    this.decls.push({ name, width, kind: 'wire' });
    return name;
  }

  /** Declare a register updated by the caller's own always block. */
  stateReg(prefix: string, width: number): string {
    const name = this.fresh(prefix);
    this.decls.push({ name, width, kind: 'reg' });
    return name;
  }

  /** A new signal computed by `expr` (given the width), at a stage and depth. */
  sig(prefix: string, expr: string, range: { min: bigint; max: bigint; frac: number }, stage: number, depth: number, width?: number): Sig {
    const w = width ?? signedWidth(range.min, range.max);
    return { name: this.wire(prefix, w, expr), width: w, frac: range.frac, min: range.min, max: range.max, stage, depth };
  }

  constant(raw: bigint, frac: number): Sig {
    const width = signedWidth(raw, raw);
    return { name: literal(raw, width), width, frac, min: raw, max: raw, stage: 0, depth: 0, konst: raw };
  }

  /** Lint waiver reason for bits of `name` that are deliberately not read. */
  waive(name: string, reason: string): void {
    this.reasons.set(name, reason);
  }

  /** `sig` as exactly `width` bits; records a lint waiver when upper (sign-copy) bits are dropped. */
  fit(sig: Sig, width: number): string {
    return fitExpr(sig, width);
  }

  /** `sig` on a finer grid (frac ≥ sig.frac), as `width` bits. */
  align(sig: Sig, frac: number, width: number): string {
    const k = frac - sig.frac;
    if (k < 0) throw new Error(`internal: cannot align ${sig.name} to a coarser grid`);
    if (sig.konst !== undefined) return literal(sig.konst << BigInt(k), width);
    if (k === 0) return this.fit(sig, width);
    // shifted out of the low `width` bits entirely: modulo 2^width it is zero
    if (k >= width) return literal(0n, width);
    return `{${this.fit(sig, width - k)}, ${k}'b0}`;
  }

  /** One pipeline register. */
  register(sig: Sig): Sig {
    if (sig.konst !== undefined) return sig;
    const name = this.fresh('r');
    this.decls.push({ name, width: sig.width, kind: 'reg' });
    this.regs.push({ name, d: sig.name });
    return { ...sig, name, stage: sig.stage + 1, depth: 0 };
  }

  /** `sig` delayed to `stage` (a chain of registers, shared between users). */
  at(sig: Sig, stage: number): Sig {
    if (sig.konst !== undefined || sig.stage === stage) return sig;
    if (sig.stage > stage) throw new Error(`internal: ${sig.name} is needed before it exists`);
    // views of one wire (the same bits read on different grids) share registers
    const key = `${sig.name}@${stage}`;
    const hit = this.delays.get(key);
    if (hit) return { ...hit, frac: sig.frac, min: sig.min, max: sig.max };
    const out = this.register(this.at(sig, stage - 1));
    this.delays.set(key, out);
    return out;
  }

  /**
   * Operands for an operation `cost` levels deep: all at one stage, registered
   * first when the result would be deeper than the stage budget.
   */
  schedule(ops: readonly Sig[], cost: number): { ops: Sig[]; stage: number; depth: number } {
    const live = ops.filter((s) => s.konst === undefined);
    if (live.length === 0) return { ops: [...ops], stage: 0, depth: 0 };
    let stage = Math.max(...live.map((s) => s.stage));
    let depth = Math.max(...live.map((s) => (s.stage === stage ? s.depth : 0)));
    if (depth > 0 && depth + cost > this.stageLevels) {
      stage += 1;
      depth = 0;
    }
    return { ops: ops.map((s) => this.at(s, stage)), stage, depth: depth + cost };
  }

  render(): { ports: string; body: string } {
    // liveness: the body's statements are the roots
    const deps = new Map<string, readonly string[]>();
    for (const d of this.decls) if (d.expr !== undefined) deps.set(d.name, identifiers(d.expr));
    for (const r of this.regs) deps.set(r.name, [r.d]);
    for (const i of this.instances) deps.set(i.out, identifiers(i.reads));
    for (const f of this.defs) deps.set(f.name, identifiers(f.text));
    const live = liveNames(this.tail.flatMap(identifiers), deps);
    const decls = this.decls.filter((d) => live.has(d.name));
    const regs = this.regs.filter((r) => live.has(r.name));
    const insts = this.instances.filter((i) => live.has(i.out));
    const defs = this.defs.filter((f) => live.has(f.name));
    if (regs.length > 0) this.clocked = true;
    // which bits of what are read
    const uses = new Map<string, BitUses>();
    for (const d of decls) if (d.expr !== undefined) scanBitUses(d.expr, uses);
    for (const r of regs) scanBitUses(r.d, uses);
    // in statements, the targets of assignments are written, not read
    const reads = (t: string): string => t.replace(/[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\s*<=/g, ' ').replace(/assign\s+[A-Za-z_][A-Za-z0-9_]*\s*=/g, ' ');
    for (const t of [...insts.map((i) => i.reads), ...defs.map((f) => f.text), ...this.tail.map(reads)]) scanBitUses(t, uses);
    const waiver = (name: string, width: number, fallback: string): string | undefined => (fullyRead(uses.get(name), width) ? undefined : (this.reasons.get(name) ?? fallback));

    const ports: string[] = [];
    const clock: PortDecl[] = this.clocked ? [{ dir: 'input', name: 'clk', width: 1, scalar: true }, { dir: 'input', name: 'ce', width: 1, scalar: true }] : [];
    const all = [...clock, ...this.ports];
    all.forEach((p, i) => {
      const line = `  ${p.dir} wire ${p.scalar ? '' : `[${p.width - 1}:0] `}${p.name}${i < all.length - 1 ? ',' : ''}`;
      const why = p.dir === 'input' ? waiver(p.name, p.width, UNREAD_INPUT) : undefined;
      ports.push(...(why === undefined ? [line] : waived(line, why)));
    });
    const body: string[] = [];
    for (const d of decls) {
      const line = `  ${d.kind} [${d.width - 1}:0] ${d.name}${d.expr !== undefined ? ` = ${d.expr}` : ''};`;
      const why = waiver(d.name, d.width, UNREAD_BITS);
      body.push(...(why === undefined ? [line] : waived(line, why)));
    }
    if (regs.length > 0) {
      body.push('', '  always @(posedge clk) begin', '    if (ce) begin', ...regs.map((r) => `      ${r.name} <= ${r.d};`), '    end', '  end');
    }
    if (insts.length > 0) body.push('', ...insts.map((i) => i.text));
    for (const f of defs) body.push('', f.text);
    if (this.tail.length > 0) body.push('', ...this.tail);
    return { ports: ports.join('\n'), body: body.join('\n') };
  }
}

function waived(line: string, reason: string): string[] {
  return [`  // ${reason}`, '  /* verilator lint_off UNUSEDSIGNAL */', line, '  /* verilator lint_on UNUSEDSIGNAL */'];
}
