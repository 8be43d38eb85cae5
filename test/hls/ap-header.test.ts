/**
 * fixflow's ap_fixed.h against the TypeScript BigInt reference: ≥ 100k random
 * casts per quantization × overflow mode pair (widths up to 128, sources up
 * to 256 bits, signed and unsigned, negative and over-wide integer bits),
 * plus the full-precision operators, double construction and ap_int
 * conversion, all checked in one C++ program.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { OVERFLOW_MODES, QUANT_MODES } from '../../src/fixed/fixed-type.js';
import { buildProgram, findGxx, readTree, runProgram } from '../../sim/csim/gxx.js';
import { hwIncludeDir } from '../../sim/csim/paths.js';
import { generateHeaderCases } from './ap-header/generate.js';

const skip = findGxx() === null && !process.env.CI;
const MIN_PER_MODE = 100_000;

interface Summary {
  readonly perMode: Map<number, { checked: number; failed: number }>;
  readonly ops: { checked: number; failed: number };
  readonly mismatches: string[];
  readonly expectedPerMode: number;
  readonly expectedOps: number;
}

async function runHeaderCases(): Promise<Summary> {
  const cases = generateHeaderCases({ seed: 20240611, castPairs: 20, valuesPerPair: 5100, opPairs: 24, valuesPerOpPair: 1000 });
  const harness = readFileSync(fileURLToPath(new URL('./ap-header/harness.h', import.meta.url)), 'utf8');
  const files = readTree(hwIncludeDir(), 'include');
  files.set('header_test.cpp', `${harness}\n${cases.program}`);
  const prog = await buildProgram({ files, sources: ['header_test.cpp'], includeDirs: ['include/fixflow_ap', 'include'], flags: ['-O0'] }, 'ap_fixed.h test');
  const dir = mkdtempSync(join(tmpdir(), 'fixflow-ap-'));
  const casesPath = join(dir, 'cases.txt');
  writeFileSync(casesPath, cases.cases);
  const out = await runProgram(prog.binary, [casesPath], 'ap_fixed.h test').finally(() => rmSync(dir, { recursive: true, force: true }));
  const perMode = new Map<number, { checked: number; failed: number }>();
  let ops = { checked: -1, failed: -1 };
  const mismatches: string[] = [];
  for (const line of out.split('\n')) {
    const f = line.split(' ');
    if (f[0] === 'MODE') perMode.set(Number(f[1]), { checked: Number(f[2]), failed: Number(f[3]) });
    else if (f[0] === 'OPS') ops = { checked: Number(f[1]), failed: Number(f[2]) };
    else if (line.startsWith('MISMATCH')) mismatches.push(line);
  }
  return { perMode, ops, mismatches, expectedPerMode: cases.castsPerMode, expectedOps: cases.opChecks };
}

describe.skipIf(skip)('fixflow ap_fixed.h == BigInt reference', () => {
  let s: Summary;
  beforeAll(async () => {
    s = await runHeaderCases();
  }, 300_000);

  const pairs = QUANT_MODES.flatMap((q, qi) => OVERFLOW_MODES.map((o, oi) => [q, o, qi * 4 + oi] as const));
  it.each(pairs)('%s / %s: every cast equal', (_q, _o, index) => {
    const m = s.perMode.get(index);
    expect(m).toBeDefined();
    expect(m?.checked).toBe(s.expectedPerMode);
    expect(m?.checked ?? 0).toBeGreaterThanOrEqual(MIN_PER_MODE);
    expect(m?.failed, s.mismatches.join('\n')).toBe(0);
  });

  it('a*b, a+b, a-b, -a, comparisons, ap_int conversion and to_int64: every result equal', () => {
    expect(s.ops.checked).toBe(s.expectedOps);
    expect(s.ops.failed, s.mismatches.join('\n')).toBe(0);
    expect(s.mismatches).toEqual([]);
  });
});
