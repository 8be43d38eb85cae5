/**
 * Resource counts from Yosys `stat -json`: cells of the target's library
 * grouped into LUTs, flip-flops, DSPs, block RAMs, carry and mux cells.
 * LUTs are counted as Vivado's utilization report counts them: a LUT or an
 * SRL is one LUT, a distributed-RAM primitive is the LUTs it occupies
 * (RAM32M and RAM64M: 4, RAM32X1D and RAM64X1D: 2, …).
 */
export type SynthTarget = 'xilinx' | 'ice40';

export interface Resources {
  readonly luts: number;
  readonly ffs: number;
  readonly dsps: number;
  /** in 36 kb (Xilinx) or 4 kb (iCE40) blocks; RAMB18 counts one half */
  readonly brams: number;
  readonly carries: number;
  readonly muxes: number;
  readonly cells: number;
}

export const NO_RESOURCES: Resources = { luts: 0, ffs: 0, dsps: 0, brams: 0, carries: 0, muxes: 0, cells: 0 };

export function addResources(a: Resources, b: Resources): Resources {
  return {
    luts: a.luts + b.luts,
    ffs: a.ffs + b.ffs,
    dsps: a.dsps + b.dsps,
    brams: a.brams + b.brams,
    carries: a.carries + b.carries,
    muxes: a.muxes + b.muxes,
    cells: a.cells + b.cells,
  };
}

/** LUTs occupied by one Xilinx distributed-RAM primitive (UG953/UG974 cell descriptions). */
const LUTRAM_LUTS: Readonly<Record<string, number>> = {
  RAM32X1S: 1,
  RAM64X1S: 1,
  RAM128X1S: 2,
  RAM256X1S: 4,
  RAM32X1D: 2,
  RAM64X1D: 2,
  RAM128X1D: 4,
  RAM32M: 4,
  RAM64M: 4,
  RAM32M16: 8,
  RAM64M8: 8,
};

/** Counts of one module's own cells (instances of other modules are not cells of the library). */
export function classify(byType: Readonly<Record<string, number>>, target: SynthTarget, submodules: ReadonlySet<string>): Resources {
  let r = { ...NO_RESOURCES };
  for (const [type, n] of Object.entries(byType)) {
    if (submodules.has(type.replace(/^\\/, ''))) continue;
    const c = { ...NO_RESOURCES, cells: n };
    if (target === 'xilinx') {
      if (/^LUT[1-6]$/.test(type) || /^SRL/.test(type)) c.luts = n;
      else if (/^RAM(32|64|128|256)/.test(type)) c.luts = n * (LUTRAM_LUTS[type] ?? 4);
      else if (/^FD[RSCP]E/.test(type) || /^FD[RSCP]$/.test(type) || /^LD[CP]E?$/.test(type)) c.ffs = n;
      else if (/^DSP48/.test(type)) c.dsps = n;
      else if (type === 'RAMB36E1' || type === 'RAMB36E2') c.brams = n;
      else if (type === 'RAMB18E1' || type === 'RAMB18E2') c.brams = n / 2;
      else if (/^CARRY/.test(type)) c.carries = n;
      else if (/^MUXF/.test(type)) c.muxes = n;
    } else {
      if (type === 'SB_LUT4') c.luts = n;
      else if (/^SB_DFF/.test(type)) c.ffs = n;
      else if (type === 'SB_MAC16') c.dsps = n;
      else if (/^SB_(RAM40_4K|SPRAM256KA)/.test(type)) c.brams = n;
      else if (type === 'SB_CARRY') c.carries = n;
    }
    r = addResources(r, c);
  }
  return r;
}

interface StatModule {
  readonly num_cells_by_type?: Readonly<Record<string, number>>;
}

/** Per-module cell-type counts of a `stat -json` document (module names without the leading backslash). */
export function statModules(json: unknown): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  const mods = (json as { modules?: Record<string, StatModule> }).modules ?? {};
  for (const [name, m] of Object.entries(mods)) out.set(name.replace(/^\\/, ''), { ...(m.num_cells_by_type ?? {}) });
  return out;
}
