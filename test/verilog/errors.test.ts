/**
 * Bad input to the Verilog backend and its runners: coded errors that name
 * the file, layer and field, never a stack trace.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { escapeComment } from '../../src/backends/verilog/comment.js';
import { emitVerilog } from '../../src/backends/verilog/emit.js';
import { formatError, isCompileError } from '../../src/core/diagnostics.js';
import type { Dataflow } from '../../src/ir/dataflow/types.js';
import { GRAPH_IR_VERSION, type Graph } from '../../src/ir/graph/types.js';
import { lowerGraph } from '../../src/lower/lower.js';
import { synthVerilog } from '../../src/report/yosys/synth.js';
import { requireTool } from '../../sim/rtl/tools.js';
import { verifyVerilog } from '../../sim/rtl/verify.js';
import { parseVectors, readVectorsFile } from '../../sim/rtl/vectors-file.js';
import { wrapFolded } from './designs.js';
import { lintEmitted } from './helpers/lint.js';
import { skipWithout } from './helpers/tool-gate.js';

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<{ code: string; message: string; text: string }> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (!isCompileError(e)) throw e;
    return { code: e.code, message: e.message, text: formatError(e) };
  }
  throw new Error('expected a CompileError');
}

describe('missing tools', () => {
  const saved = process.env.PATH;
  afterEach(() => {
    process.env.PATH = saved;
  });

  it('requireTool names the tool and how to install it (FF015)', async () => {
    const e = await codeOf(() => requireTool('verilator', '/nonexistent'));
    expect(e.code).toBe('FF015');
    expect(e.message).toBe("'verilator' was not found on PATH; install Verilator 5 (Debian/Ubuntu: sudo apt-get install verilator; macOS: brew install verilator)");
  });

  it('verifyVerilog and synthVerilog fail with FF015 when the tools are missing', async () => {
    const df = wrapFolded();
    const files = emitVerilog(df);
    process.env.PATH = '/nonexistent';
    const v = await codeOf(verifyVerilog(df, files, [[0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n]], { simulators: ['icarus'] }));
    expect(v.code).toBe('FF015');
    expect(v.message).toContain('iverilog');
    expect(v.message).toContain('apt-get install iverilog');
    const s = await codeOf(synthVerilog(files));
    expect(s.code).toBe('FF015');
    expect(s.message).toContain('apt-get install yosys');
    const p = await codeOf(synthVerilog(files, { target: 'ice40' }));
    expect(p.message).toMatch(/yosys|nextpnr/);
  });
});

describe('vectors files', () => {
  const df: Dataflow = wrapFolded(); // one input node of 8 x ap_fixed<8,3>: codes in [-128, 127]
  const row = '1 2 3 4 5 6 7 8';

  it('reads codes, comments, commas and hex', () => {
    expect(parseVectors(`# header\n${row}\n\n-128,127,0x10,-0x1,0,0,0,0\n`, df)).toEqual([
      [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n],
      [-128n, 127n, 16n, -1n, 0n, 0n, 0n, 0n],
    ]);
  });

  it('reports the line, column, file and layer of a bad value (FF010)', async () => {
    const short = await codeOf(() => parseVectors(`${row}\n1 2 3\n`, df, 'v.txt'));
    expect(short.text).toBe('error FF010: line 2: 3 values, expected 8 (the raw codes of every input, in node order) (file v.txt)');
    const word = await codeOf(() => parseVectors('1 2 3 4 5 6 7 x8\n', df, 'v.txt'));
    expect(word.text).toBe("error FF010: line 1, column 8: 'x8' is not an integer code (file v.txt, layer 'in0')");
    const big = await codeOf(() => parseVectors('1 2 3 4 5 6 7 128\n', df, 'v.txt'));
    expect(big.text).toBe("error FF010: line 1, column 8: code 128 is outside the range of the input type [-128, 127] (file v.txt, layer 'in0')");
    const float = await codeOf(() => parseVectors('1 2 3 4 5 6 7 0.5\n', df, 'v.txt'));
    expect(float.code).toBe('FF010');
    const empty = await codeOf(() => parseVectors('# nothing\n', df, 'v.txt'));
    expect(empty.text).toBe('error FF010: no vectors in the file (file v.txt)');
  });

  it('reports a missing file (FF001)', async () => {
    const e = await codeOf(() => readVectorsFile('/nonexistent/vectors.txt', df));
    expect(e.text).toBe('error FF001: cannot read the vectors file (file /nonexistent/vectors.txt)');
  });

  it('refuses design files without their manifest (FF014)', async () => {
    const files = new Map(emitVerilog(df));
    files.delete('fixflow-rtl.json');
    const e = await codeOf(verifyVerilog(df, files, [[1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]]));
    expect(e.code).toBe('FF014');
  });
});

describe('names from the model file', () => {
  // (a layer called 'fx_cast' would also belong here, but src/core/naming.ts
  // does not yet accept its own sanitized form 'fx_cast_l': reported to the lead)
  const evil = ['dense */ module pwn; endmodule /*', 'x\n`define FOO 1\nwire', 'a//b\\c', 'module', 'ünïcode'];

  function evilGraph(): Graph {
    const nodes: Graph['nodes'][number][] = [{ op: 'input', name: 'in put', inputs: [], shape: [3] }];
    let prev = 'in put';
    evil.forEach((name, k) => {
      nodes.push({ op: 'dense', name, inputs: [prev], shape: [3], units: 3, kernel: Array.from({ length: 9 }, (_v, i) => ((i * 7 + k) % 5) / 4 - 0.5), bias: [0.1, -0.2, 0.3] });
      prev = name;
    });
    return { version: GRAPH_IR_VERSION, name: 'evil */ model', nodes, outputs: [prev] };
  }

  it('never reach the Verilog outside escaped comments', () => {
    const files = emitVerilog(lowerGraph(evilGraph()));
    for (const [path, text] of files) {
      if (!path.endsWith('.v')) continue;
      for (const line of text.split('\n')) {
        // code: the line without its // comment and without lint pragmas
        const code = line.replace(/\/\/.*$/, '').replace(/\/\* verilator lint_(off|on) [A-Z]+ \*\//, '');
        // sanitized identifiers may keep the letters (dense_module_pwn_endmodule), never the syntax
        expect(code).not.toMatch(/\bmodule pwn\b|endmodule \/|ünïcode|\/\*|\*\/|`/);
        if (line.includes('//')) expect(line.slice(line.indexOf('//') + 2)).not.toMatch(/\/\/|\/\*|\*\//);
      }
      expect(text).not.toMatch(/`/);
      expect(text).not.toMatch(/[^\x00-\x7f]/);
    }
    expect([...files.keys()].filter((k) => k.endsWith('.v')).every((k) => /^rtl\/[A-Za-z][A-Za-z0-9_]*\.v$/.test(k))).toBe(true);
    expect(files.get('rtl/fx_cast.v')).toMatch(/^module fx_cast #/m);
  });

  it.skipIf(skipWithout('verilator'))('still gives a lint-clean design', () => {
    const files = emitVerilog(lowerGraph(evilGraph()));
    const top = (JSON.parse(files.get('fixflow-rtl.json') ?? '{}') as { top: string }).top;
    expect(lintEmitted(files, top)).toBe('');
  });

  it('escapeComment breaks every delimiter and keeps one printable ASCII line', () => {
    expect(escapeComment('a */ b /* c // d')).toBe('a * / b / * c / / d');
    expect(escapeComment('x\ny\r\tz')).toBe('x y  z');
    expect(escapeComment('é`\\')).toBe('\\u{e9}\\u{60}\\u{5c}');
    expect(escapeComment('*/*/')).not.toMatch(/\*\/|\/\*/);
    expect(escapeComment('//'.repeat(100)).length).toBeLessThanOrEqual(120);
  });

  it('a dataflow whose layer name is not a safe identifier is rejected (FF012)', async () => {
    const df = wrapFolded();
    const bad: Dataflow = { ...df, nodes: df.nodes.map((n, i) => (i === 1 ? { ...n, name: 'fc dense; endmodule' } : n)) };
    const e = await codeOf(() => emitVerilog(bad));
    expect(e.code).toBe('FF012');
    expect(e.text).toContain("field 'name'");
  });
});

describe.skipIf(skipWithout('verilator'))('lint waivers', () => {
  it('every lint waiver in emitted code and hw/rtl comes with a comment saying why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fx-waiver-'));
    try {
      const texts = [...emitVerilog(wrapFolded()).values()];
      texts.push(execFileSync('cat', [new URL('../../hw/rtl/fx_cast.v', import.meta.url).pathname, new URL('../../hw/rtl/fx_pipe_ctrl.v', import.meta.url).pathname]).toString());
      writeFileSync(join(dir, 'x'), '');
      for (const t of texts) {
        const lines = t.split('\n');
        lines.forEach((l, i) => {
          if (!l.includes('lint_off')) return;
          const before = lines.slice(Math.max(0, i - 4), i).join('\n');
          expect(before, `waiver without a reason:\n${lines.slice(Math.max(0, i - 4), i + 2).join('\n')}`).toMatch(/\/\/ \w+/);
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
