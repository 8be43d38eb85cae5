/**
 * Logic depth of a flattened, technology-mapped Yosys netlist (write_json):
 * the largest number of LUTs on any path between registers (or ports).
 * Carry and wide-mux cells count zero LUT levels (they are the fast
 * dedicated logic next to the LUTs); every other combinational cell is
 * followed through. A DSP with its output register (PREG) or input
 * registers set starts or ends paths; a fully combinational DSP counts as
 * one level of its own kind (reported separately).
 */
export interface DepthReport {
  /** most LUTs on one register-to-register path */
  readonly lutLevels: number;
  /** combinational DSPs on that path */
  readonly dspLevels: number;
  /** names of the cells at both ends of the deepest path */
  readonly from: string;
  readonly to: string;
}

interface Cell {
  readonly type: string;
  readonly port_directions?: Readonly<Record<string, string>>;
  readonly connections: Readonly<Record<string, readonly (number | string)[]>>;
  readonly parameters?: Readonly<Record<string, string>>;
}

const SEQUENTIAL = /^(FD[RSCP]E?(_1)?|LD[CP]E?|SRL\w*|RAMB\w*|RAM(32|64|128|256)\w*|SB_DFF\w*|SB_RAM\w*|SB_SPRAM\w*|BUFG\w*|SB_GB\w*|SB_IO\w*|IBUF|OBUF)$/;
const LUT = /^(LUT[1-6]|SB_LUT4)$/;
const DSP = /^(DSP48\w*|SB_MAC16)$/;

function paramOn(cell: Cell, names: readonly string[]): boolean {
  return names.some((n) => {
    const v = cell.parameters?.[n];
    return v !== undefined && /1$/.test(v) && !/^0+$/.test(v);
  });
}

/** A DSP whose registers are in use splits paths; treat it as sequential. */
function dspRegistered(cell: Cell): boolean {
  return paramOn(cell, ['PREG', 'MREG', 'AREG', 'BREG', 'A_REG', 'B_REG', 'TOP_8x8_MULT_REG', 'BOT_8x8_MULT_REG', 'PIPELINE_16x16_MULT_REG1', 'PIPELINE_16x16_MULT_REG2']);
}

export function logicDepth(netlist: unknown, top: string): DepthReport {
  const mods = (netlist as { modules?: Record<string, { cells?: Record<string, Cell>; ports?: Record<string, { direction: string; bits: readonly (number | string)[] }> }> }).modules ?? {};
  const mod = mods[top] ?? mods[`\\${top}`];
  const cells = Object.entries(mod?.cells ?? {});
  const driver = new Map<number, number>();
  const isOut = (c: Cell, port: string): boolean => (c.port_directions?.[port] ?? '') === 'output';
  cells.forEach(([, c], k) => {
    for (const [port, bits] of Object.entries(c.connections)) {
      if (!isOut(c, port)) continue;
      for (const b of bits) if (typeof b === 'number') driver.set(b, k);
    }
  });
  const kind = cells.map(([, c]) => (SEQUENTIAL.test(c.type) || (DSP.test(c.type) && dspRegistered(c)) ? 'seq' : LUT.test(c.type) ? 'lut' : DSP.test(c.type) ? 'dsp' : 'other'));
  // depth[k] = [luts, dsps] of the deepest combinational path ending at cell k's output
  const memo = new Map<number, [number, number, number]>(); // luts, dsps, start cell
  const visiting = new Set<number>();
  const depthOf = (k: number): [number, number, number] => {
    const hit = memo.get(k);
    if (hit) return hit;
    if (kind[k] === 'seq') return [0, 0, k];
    if (visiting.has(k)) return [0, 0, k]; // combinational loop: cut it
    visiting.add(k);
    // the path starts at the register (or port) feeding the deepest input
    let best: [number, number, number] = [-1, -1, k];
    const c = (cells[k] as [string, Cell])[1];
    for (const [port, bits] of Object.entries(c.connections)) {
      if (isOut(c, port)) continue;
      for (const b of bits) {
        if (typeof b !== 'number') continue;
        const d = driver.get(b);
        if (d === undefined) continue;
        const sub = depthOf(d);
        if (sub[0] > best[0] || (sub[0] === best[0] && sub[1] > best[1])) best = sub;
      }
    }
    visiting.delete(k);
    if (best[0] < 0) best = [0, 0, k];
    const self: [number, number, number] = [best[0] + (kind[k] === 'lut' ? 1 : 0), best[1] + (kind[k] === 'dsp' ? 1 : 0), best[2]];
    memo.set(k, self);
    return self;
  };
  let result: DepthReport = { lutLevels: 0, dspLevels: 0, from: '', to: '' };
  // endpoints: inputs of sequential cells, and combinational cells that drive a port
  const outBits = new Set<number>();
  for (const p of Object.values(mod?.ports ?? {})) if (p.direction === 'output') for (const b of p.bits) if (typeof b === 'number') outBits.add(b);
  const drivesPort = (c: Cell): boolean => Object.entries(c.connections).some(([port, bits]) => isOut(c, port) && bits.some((b) => typeof b === 'number' && outBits.has(b)));
  cells.forEach(([name, c], k) => {
    const ends: [number, number, number][] = [];
    if (kind[k] === 'seq') {
      for (const [port, bits] of Object.entries(c.connections)) {
        if (isOut(c, port)) continue;
        for (const b of bits) {
          if (typeof b !== 'number') continue;
          const d = driver.get(b);
          if (d !== undefined) ends.push(depthOf(d));
        }
      }
    } else if (drivesPort(c)) ends.push(depthOf(k));
    for (const e of ends) {
      if (e[0] > result.lutLevels || (e[0] === result.lutLevels && e[1] > result.dspLevels)) {
        result = { lutLevels: e[0], dspLevels: e[1], from: (cells[e[2]] as [string, Cell])[0], to: name };
      }
    }
  });
  return result;
}
