/**
 * Bad input to the HLS path: g++ missing (coded error saying how to install
 * it), layer and model names that try to inject C++ (sanitized names, escaped
 * comments: the output compiles and holds none of the injected code), and
 * the test bench's own self-check.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CompileError } from '../../src/core/diagnostics.js';
import { sanitizeIdentifier } from '../../src/core/naming.js';
import { emitHls } from '../../src/backends/hls/emit-hls.js';
import { buildProgram, findGxx, resetGxxProbe, runProgram } from '../../sim/csim/gxx.js';
import { runCsim } from '../../sim/csim/run-csim.js';
import { verifyCsim } from '../../sim/csim/verify-csim.js';
import { simulateRaw } from '../../sim/simulate.js';
import { DesignBuilder, fx, randomVectors, ufx } from './helpers/designs.js';

const skip = findGxx() === null && !process.env.CI;

function tinyDesign() {
  const b = new DesignBuilder('tiny', 4);
  const x = b.input('x', [3], fx(8, 3));
  const d = b.dense('fc', x, { out: 2, weightType: fx(6, 1), type: fx(10, 4) });
  return b.build([b.relu('act', d, ufx(8, 3))]);
}

const EVIL = [
  'fc1 */ #include <cstdlib> \n int evil1 = system("rm -rf /tmp/x"); /*',
  'bad\\\nint evil2 = 1; // ??/',
  'x; } namespace std { int evil3; } //',
  '$[exec evil4] {evil5}',
];

function evilDesign() {
  const b = new DesignBuilder('model"); system("evil6', 9);
  const names = EVIL.map((s) => sanitizeIdentifier(s));
  const x = b.input(names[0] ?? 'a', [4], fx(8, 3));
  b.withSource(names[0] ?? 'a', EVIL[0] ?? '');
  const d = b.dense(names[1] ?? 'b', x, { out: 3, weightType: fx(6, 1), type: fx(10, 4), pow2: 0.3 }, EVIL[1]);
  b.withSource(names[1] ?? 'b', EVIL[1] ?? '');
  const r = b.relu(names[2] ?? 'c', d, ufx(8, 3));
  b.withSource(names[2] ?? 'c', EVIL[2] ?? '');
  const c = b.cast(names[3] ?? 'd', r, fx(6, 3, 'RND', 'SAT'));
  b.withSource(names[3] ?? 'd', EVIL[3] ?? '');
  return b.build([c]);
}

describe('g++ missing', () => {
  afterEach(() => {
    delete process.env.FIXFLOW_CXX;
    resetGxxProbe();
  });

  it('gives FF015 saying how to install g++', async () => {
    process.env.FIXFLOW_CXX = '/nonexistent/fixflow-no-gxx';
    resetGxxProbe();
    const df = tinyDesign();
    const err = await runCsim(df, emitHls(df, { io: 'parallel' }), [[1n, 2n, 3n]]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CompileError);
    expect((err as CompileError).code).toBe('FF015');
    expect((err as CompileError).message).toMatch(/apt-get install g\+\+/);
  });
});

describe('names that try to inject code', () => {
  const df = evilDesign();
  const files = emitHls(df, { io: 'parallel' });

  it('appear only sanitized or escaped', () => {
    for (const [path, content] of files) {
      for (const needle of ['system(', '#include <cstdlib>', 'evil2 = 1', 'namespace std {', 'int evil3;', '[exec evil4]', '{evil5}', '??/', '"evil6', 'system(\"']) {
        expect(content.includes(needle), `${path} contains ${needle}`).toBe(false);
      }
      // no comment line ends in a backslash (which would swallow the next line)
      expect(/\/\/[^\n]*\\\n/.test(content), path).toBe(false);
    }
    expect(files.has('firmware/model_system_evil6.cpp')).toBe(true);
  });

  it.skipIf(skip)('still compiles and equals the simulator', async () => {
    const verdict = await verifyCsim(df, files, randomVectors(df, 50, 5), { opt: '-O0' });
    expect(verdict.vectors).toBe(50);
    expect(verdict.mismatches).toBe(0);
  });
});

describe.skipIf(skip)('the emitted test bench checks itself', () => {
  const df = tinyDesign();
  const vectors = randomVectors(df, 20, 8);
  const expected = simulateRaw(df, vectors);

  async function run(expectedRows: bigint[][]): Promise<string> {
    const files = emitHls(df, { io: 'stream', vectors, expected: expectedRows });
    const sources = new Map([...files].filter(([p]) => !p.startsWith('tb_data/')));
    const prog = await buildProgram({ files: sources, sources: ['firmware/tiny.cpp', 'tb/tiny_test.cpp'], includeDirs: ['firmware', 'firmware/fixflow_ap'], flags: ['-O0'] });
    const data = await import('node:fs');
    const dir = data.mkdtempSync(join((await import('node:os')).tmpdir(), 'fixflow-tb-'));
    for (const name of ['tb_input_raw.dat', 'tb_expected_raw.dat']) data.writeFileSync(join(dir, name), files.get(`tb_data/${name}`) ?? '');
    return runProgram(prog.binary, [join(dir, 'tb_input_raw.dat'), join(dir, 'out.dat'), join(dir, 'tb_expected_raw.dat')], 'test bench');
  }

  it('passes with the simulator outputs', async () => {
    expect(await run(expected)).toMatch(/fixflow csim: 20 vectors.*\nfixflow csim: 0 mismatches/);
  });

  it('fails (exit 1) when an expected output is wrong', async () => {
    const wrong = expected.map((r, i) => (i === 3 ? r.map((v) => (v === 0n ? 1n : 0n)) : r));
    const err = await run(wrong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CompileError);
    expect((err as CompileError).code).toBe('FF016');
  });
});
