/**
 * The pieces of the RTL runners and the synthesis report that need no tool:
 * tdata packing, the harness event log, cell classification, LUT depth.
 */
import { describe, expect, it } from 'vitest';
import { logicDepth } from '../../src/report/yosys/logic-depth.js';
import { classify } from '../../src/report/yosys/resources.js';
import { packSample, unpackSample } from '../../sim/rtl/packing.js';
import { parseTrace } from '../../sim/rtl/trace.js';

describe('tdata packing', () => {
  const fields = [
    { node: 'a', offset: 0, count: 2, width: 5, signed: true },
    { node: 'b', offset: 10, count: 1, width: 3, signed: false },
  ];
  it('puts element i of each field at offset + i·width, two’s complement', () => {
    // a0 = -1 (11111), a1 = 3 (00011), b0 = 5 (101)
    const hex = packSample([-1n, 3n, 5n], fields, 16);
    expect(hex).toBe(((5 << 10) | (3 << 5) | 31).toString(16).padStart(4, '0'));
    expect(unpackSample(hex, fields)).toEqual([-1n, 3n, 5n]);
  });
  it('round-trips wide signed fields', () => {
    const wide = [{ node: 'w', offset: 0, count: 3, width: 128, signed: true }];
    const row = [-(1n << 127n), (1n << 127n) - 1n, -5n];
    expect(unpackSample(packSample(row, wide, 384), wide)).toEqual(row);
  });
  it('rejects x/z digits from a simulator (FF016)', () => {
    expect(() => unpackSample('0x1z', fields)).toThrow(expect.objectContaining({ code: 'FF016' }));
  });
});

describe('harness event log', () => {
  it('parses accepted inputs, outputs with cycles and tlast, and the end state', () => {
    const t = parseTrace('I 0\nI 1\nO 7 0 0a\nO 8 1 0b\nE 9 ok\n', 'test');
    expect(t).toEqual({ accepted: [0, 1], outputs: [{ cycle: 7, last: false, hex: '0a' }, { cycle: 8, last: true, hex: '0b' }], cycles: 9, stalled: false });
    expect(parseTrace('I 0\nE 100 stall\n', 'test').stalled).toBe(true);
  });
  it('a log without its end line means the harness crashed (FF016)', () => {
    expect(() => parseTrace('I 0\n', 'x')).toThrow(expect.objectContaining({ code: 'FF016' }));
    expect(() => parseTrace('garbage\nE 1 ok\n', 'x')).toThrow(expect.objectContaining({ code: 'FF016' }));
  });
});

describe('cell classification', () => {
  it('groups Xilinx and iCE40 cells, leaving layer instances out', () => {
    const x = classify({ LUT2: 3, LUT6: 2, FDRE: 4, DSP48E1: 1, CARRY4: 2, MUXF7: 1, RAMB18E1: 1, SRL16E: 1, dense_1: 1 }, 'xilinx', new Set(['dense_1']));
    expect(x).toEqual({ luts: 6, ffs: 4, dsps: 1, brams: 0.5, carries: 2, muxes: 1, cells: 15 });
    // distributed RAM counts the LUTs it occupies, as Vivado's utilization report does
    expect(classify({ RAM32M: 3, RAM64X1D: 1, LUT3: 2 }, 'xilinx', new Set()).luts).toBe(3 * 4 + 2 + 2);
    const i = classify({ SB_LUT4: 10, SB_DFFE: 3, SB_CARRY: 4, SB_RAM40_4K: 1 }, 'ice40', new Set());
    expect(i).toEqual({ luts: 10, ffs: 3, dsps: 0, brams: 1, carries: 4, muxes: 0, cells: 18 });
  });
});

describe('logic depth', () => {
  // ff1 -> lut a -> carry -> lut b -> lut c -> ff2 ; ff1 -> lut d -> ff2
  const cell = (type: string, ins: number[], outs: number[]) => ({
    type,
    port_directions: { I: 'input', O: 'output' },
    connections: { I: ins, O: outs },
  });
  const netlist = {
    modules: {
      top: {
        ports: { y: { direction: 'output', bits: [7] } },
        cells: {
          ff1: { type: 'FDRE', port_directions: { D: 'input', Q: 'output' }, connections: { D: [9], Q: [1] } },
          a: cell('LUT2', [1], [2]),
          k: cell('CARRY4', [2], [3]),
          b: cell('LUT3', [3], [4]),
          c: cell('LUT6', [4, 1], [5]),
          d: cell('LUT1', [1], [6]),
          ff2: { type: 'FDRE', port_directions: { D: 'input', Q: 'output' }, connections: { D: [5, 6], Q: [9] } },
        },
      },
    },
  };
  it('counts LUTs on the deepest register-to-register path, carries free', () => {
    const d = logicDepth(netlist, 'top');
    expect(d.lutLevels).toBe(3);
    expect(d.from).toBe('ff1');
    expect(d.to).toBe('ff2');
  });
  it('a combinational DSP counts as its own level; a registered one splits paths', () => {
    const withDsp = structuredClone(netlist);
    withDsp.modules.top.cells.k = { ...cell('DSP48E1', [2], [3]), parameters: { PREG: '0', MREG: '0', AREG: '0', BREG: '0' } } as typeof netlist.modules.top.cells.k;
    expect(logicDepth(withDsp, 'top')).toMatchObject({ lutLevels: 3, dspLevels: 1 });
    const registered = structuredClone(netlist);
    registered.modules.top.cells.k = { ...cell('DSP48E1', [2], [3]), parameters: { PREG: '1' } } as typeof netlist.modules.top.cells.k;
    expect(logicDepth(registered, 'top').lutLevels).toBe(2);
  });
});
