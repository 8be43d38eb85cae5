/**
 * A cycle-level model of a streaming design's control: every valid/ready
 * handshake of the emitted top (stream-top.ts), its units (wrapper.ts: join,
 * fx_window, fx_accum, fx_pipe_ctrl, the folded Dense FSM, fx_upsample) and its FIFOs
 * (fx_fifo), replayed register by register without the data. Each call of
 * `cycle` is one clock of the RTL: the combinational signals settle from the
 * registers and the two ports the harness drives (s_axis_tvalid,
 * m_axis_tready), the transfers of that cycle are reported, then every
 * register takes its next value. It gives the cycle of every input and output
 * beat, so the latency of an image (first pixel in to last pixel out) and the
 * cycles per image are computed, not bounded; test/verilog checks it against
 * Verilator and Icarus beat for beat, at full speed and under back-pressure.
 */
import type { FifoPlan } from './fifo-depth.js';
import type { StreamUnit } from './units.js';

export type HandshakeFifo = Pick<FifoPlan, 'from' | 'to' | 'input' | 'depth'>;

interface UnitState {
  // fx_window (py, px, wov), fx_accum (ap, wov)
  py: number;
  px: number;
  ap: number;
  wov: boolean;
  // fx_pipe_ctrl valid bits, v[0] the first stage
  v: boolean[];
  // folded Dense
  busy: boolean;
  t: number;
  ov: boolean;
  // fx_upsample
  iy: number;
  ix: number;
  r: number;
  c: number;
}

interface Edge {
  readonly from: number;
  readonly to: number;
  readonly input: number;
  /** index into the FIFO list, or −1 */
  readonly fifo: number;
}

export interface CycleResult {
  /** s_axis transfer (tvalid & tready) this cycle */
  readonly inFire: boolean;
  /** m_axis transfer this cycle */
  readonly outFire: boolean;
}

export class HandshakeModel {
  private readonly units: readonly StreamUnit[];
  private readonly state: UnitState[];
  private readonly fifoDepth: number[];
  private readonly fifoCount: number[];
  private readonly edgesOut: Edge[][];
  private readonly edgeIn: (Edge | undefined)[][];
  private readonly outIndex: number;
  private readonly inIndex: number;
  // combinational signals of the current cycle
  private readonly outReady: boolean[];
  private readonly outValid: boolean[];
  private readonly jReady: boolean[];
  private readonly coreReady: boolean[];
  private readonly inValid: boolean[][];
  private readonly inReady: boolean[][];

  constructor(units: readonly StreamUnit[], fifos: readonly HandshakeFifo[], output: string) {
    this.units = units;
    const index = new Map(units.map((u, i) => [u.node.name, i]));
    this.outIndex = index.get(output) ?? -1;
    this.inIndex = units.findIndex((u) => u.node.op === 'input');
    if (this.outIndex < 0 || this.inIndex < 0) throw new Error('internal: handshake model needs the input and output units');
    this.fifoDepth = fifos.map((f) => f.depth);
    this.fifoCount = fifos.map(() => 0);
    this.edgesOut = units.map(() => []);
    this.edgeIn = units.map((u) => u.node.inputs.map(() => undefined));
    units.forEach((u, to) => {
      u.node.inputs.forEach((src, input) => {
        const from = index.get(src);
        if (from === undefined) throw new Error(`internal: unknown input ${src}`);
        const fifo = fifos.findIndex((f) => f.to === u.node.name && f.input === input);
        const e: Edge = { from, to, input, fifo };
        (this.edgesOut[from] as Edge[]).push(e);
        (this.edgeIn[to] as (Edge | undefined)[])[input] = e;
      });
    });
    this.state = units.map((u) => ({ py: 0, px: 0, ap: 0, wov: false, v: Array.from({ length: u.control.core.kind === 'pipe' ? u.control.core.depth : 0 }, () => false), busy: false, t: 0, ov: false, iy: 0, ix: 0, r: 0, c: 0 }));
    this.outReady = units.map(() => false);
    this.outValid = units.map(() => false);
    this.jReady = units.map(() => false);
    this.coreReady = units.map(() => false);
    this.inValid = units.map((u) => (u.node.op === 'input' ? [false] : u.node.inputs.map(() => false)));
    this.inReady = units.map((u) => (u.node.op === 'input' ? [false] : u.node.inputs.map(() => false)));
  }

  /** FIFOs' fill, in the order given to the constructor */
  fifoFill(): readonly number[] {
    return [...this.fifoCount];
  }

  /** One clock: the harness drives s_axis_tvalid = inValid and m_axis_tready = outReady. */
  cycle(inValid: boolean, outReady: boolean): CycleResult {
    this.settle(inValid, outReady);
    const inFire = inValid && (this.inReady[this.inIndex]?.[0] ?? false);
    const outFire = (this.outValid[this.outIndex] ?? false) && outReady;
    this.clock();
    return { inFire, outFire };
  }

  private walkFlags(i: number): { real: boolean; emit: boolean } {
    const w = this.units[i]?.control.window;
    const s = this.state[i] as UnitState;
    if (!w) return { real: true, emit: true };
    return { real: (w.rowReal[s.py] ?? false) && (w.colReal[s.px] ?? false), emit: (w.rowEmit[s.py] ?? false) && (w.colEmit[s.px] ?? false) };
  }

  /** The ready of edge e (into a FIFO, or straight into its consumer). */
  private edgeReady(e: Edge): boolean {
    const consumerReady = this.inReady[e.to]?.[e.input] ?? false;
    if (e.fifo < 0) return consumerReady;
    return (this.fifoCount[e.fifo] ?? 0) < (this.fifoDepth[e.fifo] ?? 0) || consumerReady;
  }

  /** The valid of edge e leaving its producer (a broadcast: every other consumer edge must be ready too). */
  private edgeValid(e: Edge): boolean {
    if (!(this.outValid[e.from] ?? false)) return false;
    return (this.edgesOut[e.from] ?? []).every((o) => o === e || this.edgeReady(o));
  }

  /** The valid at input k of unit i. */
  private inputValid(i: number, k: number, sValid: boolean): boolean {
    if (i === this.inIndex) return sValid;
    const e = this.edgeIn[i]?.[k];
    if (!e) return false;
    if (e.fifo >= 0) return (this.fifoCount[e.fifo] ?? 0) > 0;
    return this.edgeValid(e);
  }

  private settle(sValid: boolean, mReady: boolean): void {
    const n = this.units.length;
    // no combinational loop exists in the RTL: readies flow back, valids forward; repeat until nothing changes
    for (let pass = 0; pass < n + 2; pass++) {
      let changed = false;
      const set = (arr: boolean[], i: number, v: boolean): void => {
        if (arr[i] !== v) {
          arr[i] = v;
          changed = true;
        }
      };
      for (let i = n - 1; i >= 0; i--) {
        const out = i === this.outIndex ? mReady : (this.edgesOut[i] ?? []).every((e) => this.edgeReady(e));
        set(this.outReady, i, out);
        const core = this.coreInReady(i, out);
        set(this.coreReady, i, core);
        const u = this.units[i] as StreamUnit;
        let j = core;
        const st = this.state[i] as UnitState;
        if (u.control.window) {
          const { real, emit } = this.walkFlags(i);
          j = real && (!emit || !st.wov || core);
        } else if (u.control.accum) {
          j = st.ap !== u.control.accum.pixels - 1 || !st.wov || core;
        }
        set(this.jReady, i, j);
        const valids = this.inValid[i] as boolean[];
        const readies = this.inReady[i] as boolean[];
        for (let k = 0; k < readies.length; k++) set(readies, k, j && valids.every((v, m) => m === k || v));
      }
      for (let i = 0; i < n; i++) {
        const valids = this.inValid[i] as boolean[];
        for (let k = 0; k < valids.length; k++) set(valids, k, this.inputValid(i, k, sValid));
        set(this.outValid, i, this.coreOutValid(i, valids.every((v) => v)));
      }
      if (!changed && pass > 0) return;
    }
    throw new Error('internal: the handshake model did not settle (a combinational loop)');
  }

  /** The core's in_ready given its out_ready. */
  private coreInReady(i: number, outReady: boolean): boolean {
    const c = (this.units[i] as StreamUnit).control.core;
    const s = this.state[i] as UnitState;
    switch (c.kind) {
      case 'pipe':
        return c.depth === 0 ? outReady : !s.v[c.depth - 1] || outReady;
      case 'folded':
        return !s.busy || (s.busy && s.t === c.r - 1 && (!s.ov || outReady));
      case 'pass':
        return outReady;
      case 'upsample':
        return s.r === 0 && s.c === 0 && (!s.ov || outReady);
    }
  }

  /** The unit's out_valid given its joined input valid. */
  private coreOutValid(i: number, jValid: boolean): boolean {
    const u = this.units[i] as StreamUnit;
    const s = this.state[i] as UnitState;
    const coreIn = u.control.window || u.control.accum ? s.wov : jValid;
    const c = u.control.core;
    switch (c.kind) {
      case 'pipe':
        return c.depth === 0 ? coreIn : (s.v[c.depth - 1] ?? false);
      case 'folded':
      case 'upsample':
        return s.ov;
      case 'pass':
        return coreIn;
    }
  }

  private clock(): void {
    const n = this.units.length;
    // FIFO transfers, from this cycle's settled signals
    const fifoDelta = this.fifoCount.map(() => 0);
    for (let i = 0; i < n; i++) {
      for (const e of this.edgesOut[i] ?? []) {
        if (e.fifo < 0) continue;
        const wr = this.edgeValid(e) && this.edgeReady(e);
        const rd = (this.fifoCount[e.fifo] ?? 0) > 0 && (this.inReady[e.to]?.[e.input] ?? false);
        fifoDelta[e.fifo] = (wr ? 1 : 0) - (rd ? 1 : 0);
      }
    }
    for (let i = 0; i < n; i++) {
      const u = this.units[i] as StreamUnit;
      const s = this.state[i] as UnitState;
      const jValid = (this.inValid[i] as boolean[]).every((v) => v);
      const core = this.coreReady[i] ?? false;
      const out = this.outReady[i] ?? false;
      let coreIn = jValid;
      const w = u.control.window;
      const acc = u.control.accum;
      if (acc) {
        coreIn = s.wov;
        const fire = jValid && (this.jReady[i] ?? false);
        const last = s.ap === acc.pixels - 1;
        if (core) s.wov = false;
        if (fire) {
          if (last) {
            s.ap = 0;
            s.wov = true;
          } else s.ap += 1;
        }
      } else if (w) {
        coreIn = s.wov;
        const { real, emit } = this.walkFlags(i);
        const go = !emit || !s.wov || core;
        const step = go && (!real || jValid);
        if (core) s.wov = false;
        if (step) {
          if (emit) s.wov = true;
          if (s.px === w.wp - 1) {
            s.px = 0;
            s.py = s.py === w.hp - 1 ? 0 : s.py + 1;
          } else s.px += 1;
        }
      }
      const c = u.control.core;
      switch (c.kind) {
        case 'pipe':
          if (c.depth > 0 && (!s.v[c.depth - 1] || out)) {
            s.v.pop();
            s.v.unshift(coreIn);
          }
          break;
        case 'folded': {
          const fin = s.busy && s.t === c.r - 1;
          const step = s.busy && (!fin || !s.ov || out);
          const take = coreIn && core;
          if (out) s.ov = false;
          if (step) {
            s.t = fin ? 0 : s.t + 1;
            if (fin) {
              s.busy = false;
              s.ov = true;
            }
          }
          if (take) {
            s.busy = true;
            s.t = 0;
          }
          break;
        }
        case 'upsample': {
          const fresh = s.r === 0 && s.c === 0;
          const step = (!s.ov || out) && (!fresh || coreIn);
          if (out) s.ov = false;
          if (step) {
            s.ov = true;
            if (s.c !== c.fx - 1) s.c += 1;
            else {
              s.c = 0;
              if (s.ix !== c.w - 1) s.ix += 1;
              else {
                s.ix = 0;
                if (s.r !== c.fy - 1) s.r += 1;
                else {
                  s.r = 0;
                  s.iy = s.iy === c.h - 1 ? 0 : s.iy + 1;
                }
              }
            }
          }
          break;
        }
        case 'pass':
          break;
      }
    }
    fifoDelta.forEach((d, f) => (this.fifoCount[f] = (this.fifoCount[f] ?? 0) + d));
  }
}
