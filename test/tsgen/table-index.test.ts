/** The emitted table index against the simulator's exact index, over random tables and input types. */
import { describe, expect, it } from 'vitest';
import { Block, NeedBig, stripParens } from '../../src/backends/ts/code-block.js';
import { indexPlan, indexSubscript, planIndex, tableIndexCode } from '../../src/backends/ts/table-index-code.js';
import { fixedType } from '../../src/fixed/fixed-type.js';
import type { TableSpec } from '../../src/ir/dataflow/types.js';
import { tableIndexRef } from '../../sim/table-index.js';
import { Rng } from './helpers/rng.js';

function randomSpec(rng: Rng): TableSpec {
  const size = rng.int(2, 40);
  return {
    fn: 'sigmoid',
    size,
    loMant: rng.big(-4000n, 4000n),
    loExp: rng.int(-12, 4),
    stepLog2: rng.int(-10, 3),
    sample: 'left',
    entryType: fixedType(8, 1),
    entries: new Array<bigint>(size).fill(0n),
  };
}

describe('table index', () => {
  it('plan and emitted code equal the exact index', () => {
    const rng = new Rng(7);
    let emitted = 0;
    for (let c = 0; c < 1500; c++) {
      const spec = randomSpec(rng);
      const frac = rng.int(-4, 14);
      const mag = BigInt(rng.pick([4, 10, 20, 50, 60]));
      let lo = rng.big(-(1n << mag), 1n << mag);
      let hi = rng.big(-(1n << mag), 1n << mag);
      if (lo > hi) [lo, hi] = [hi, lo];
      const p = indexPlan(spec, frac);
      const pts: bigint[] = [lo, hi, p.first - 1n, p.first, p.first + 1n, p.last - 1n, p.last, p.last + 1n].filter((v) => v >= lo && v <= hi);
      for (let k = 0; k < 30; k++) pts.push(rng.big(lo, hi));
      for (let k = 0; k < 30; k++) {
        const v = rng.big(p.first - 3n, p.last + 3n);
        if (v >= lo && v <= hi) pts.push(v);
      }
      for (const v of pts) expect(planIndex(p, v)).toBe(tableIndexRef(v, frac, spec));
      for (const flavor of ['num', 'big'] as const) {
        const b = new Block(flavor);
        let f: (v: number | bigint) => number;
        try {
          const idx = tableIndexCode(b, b.val('v', { lo, hi }, frac), spec);
          f = new Function('v', `${b.lines.join('\n')}\nreturn ${stripParens(indexSubscript(b, idx))};`) as typeof f;
        } catch (e) {
          if (e instanceof NeedBig && flavor === 'num') continue;
          throw e;
        }
        emitted++;
        for (const v of pts) {
          const got = f(flavor === 'big' ? v : Number(v));
          if (got !== tableIndexRef(v, frac, spec)) throw new Error(`${flavor}: v=${v} frac=${frac} spec=${JSON.stringify({ ...spec, entries: [] }, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))} got ${got}`);
        }
      }
    }
    expect(emitted).toBeGreaterThan(2000);
  });
});
