/**
 * An abstract twin of the Verilog backend's ModuleBuilder: the same
 * scheduling rule (an operation `cost` levels deep registers its operands
 * first when the path would exceed `stageLevels`), the same register sharing
 * (a signal delayed to a stage once, whatever the number of readers), but no
 * text. Signals carry only range, grid, stage and depth, which is all the
 * backend's decisions depend on; a Tally counts what the emitted module
 * would hold, and the resource model prices those counts.
 */

/** Bits of a non-negative bigint. */
function bitLength(v: bigint): number {
  return v < 0x80000000n ? 32 - Math.clz32(Number(v)) : v.toString(2).length;
}

/** Same answer as the backend's signedWidth (src/backends/verilog/signal.ts), without its bit-by-bit loop. */
export function signedWidth(min: bigint, max: bigint): number {
  const lo = min < 0n ? bitLength(-min - 1n) + 1 : 1;
  const hi = max > 0n ? bitLength(max) + 1 : 1;
  return Math.max(lo, hi);
}

export interface ASig {
  /** wire identity: views of one wire (other grid, negation) share it, and share its delay registers */
  readonly wire: number;
  readonly width: number;
  readonly frac: number;
  readonly min: bigint;
  readonly max: bigint;
  readonly stage: number;
  readonly depth: number;
  readonly konst?: bigint;
  /** the multiplier this value comes straight from (its DSP can absorb one following adder) */
  readonly mul?: number;
}

/** What one module holds, by kind; bit counts are summed output widths. */
export interface Tally {
  adders: number;
  /** adder output bits that need logic: low bits copied from the one operand that has them are wiring */
  adderBits: number;
  /** fx_cast instances that round or saturate (wiring-only casts cost nothing) */
  castBits: number;
  muxBits: number;
  /** adder bits whose adder follows a DSP multiplier directly (packed into the DSP's post-adder) */
  dspAdderBits: number;
  /** folded layers: per-cycle selection of inputs and weights (LUT-6 muxes of 4 inputs, constant tables of 64 rows) */
  foldMuxBits: number;
  /** pipeline and state register bits */
  regBits: number;
  /** multipliers: [width of the variable operand, width of the other operand] */
  readonly mults: [number, number][];
  /** constant ROM bits (entries × entry width), by ROM */
  /** table ROMs; `synchronous`: address or value in a register, so Yosys may use block RAM */
  readonly roms: { entries: number; width: number; synchronous?: boolean }[];
}

export function emptyTally(): Tally {
  return { adders: 0, adderBits: 0, castBits: 0, muxBits: 0, dspAdderBits: 0, foldMuxBits: 0, regBits: 0, mults: [], roms: [] };
}

export class AbstractModule {
  private nextWire = 0;
  private readonly delays = new Map<string, ASig>();
  /** constant products already counted: synthesis merges identical cells (opt_merge), so x·m is built once */
  readonly products = new Map<number, Set<bigint>>();
  /** multipliers whose post-adder is taken */
  readonly absorbed = new Set<number>();
  readonly tally: Tally = emptyTally();

  constructor(readonly stageLevels: number) {}

  /** A fresh wire of the range's width (or the given one). */
  sig(range: { min: bigint; max: bigint; frac: number }, stage: number, depth: number, width?: number): ASig {
    return { wire: this.nextWire++, width: width ?? signedWidth(range.min, range.max), frac: range.frac, min: range.min, max: range.max, stage, depth };
  }

  constant(raw: bigint, frac: number): ASig {
    return { wire: -1, width: signedWidth(raw, raw), frac, min: raw, max: raw, stage: 0, depth: 0, konst: raw };
  }

  register(sig: ASig): ASig {
    if (sig.konst !== undefined) return sig;
    this.tally.regBits += sig.width;
    return { ...sig, wire: this.nextWire++, stage: sig.stage + 1, depth: 0 };
  }

  at(sig: ASig, stage: number): ASig {
    if (sig.konst !== undefined || sig.stage === stage) return sig;
    if (sig.stage > stage) throw new Error('internal: signal needed before it exists');
    const key = `${sig.wire}@${stage}`;
    const hit = this.delays.get(key);
    if (hit) return { ...hit, frac: sig.frac, min: sig.min, max: sig.max };
    const out = this.register(this.at(sig, stage - 1));
    this.delays.set(key, out);
    return out;
  }

  schedule(ops: readonly ASig[], cost: number): { ops: ASig[]; stage: number; depth: number } {
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
}
