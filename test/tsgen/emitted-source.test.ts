/**
 * Properties of the emitted text: it type-checks under `tsc --strict`, it is
 * deterministic, and names from model files cannot break or inject into it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { emitTs, emitTsDetailed } from '../../src/backends/ts/emit-ts.js';
import { loadTsModel, transpileTs } from '../../src/backends/ts/load-ts-model.js';
import { CompileError } from '../../src/core/diagnostics.js';
import { uniqueIdentifiers } from '../../src/core/naming.js';
import type { Dataflow } from '../../src/ir/dataflow/types.js';
import { simulateRaw } from '../../sim/simulate.js';
import { randomDesign, randomRows } from './helpers/random-design.js';
import { Rng } from './helpers/rng.js';

const dir = mkdtempSync(join(tmpdir(), 'fixflow-tsgen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function strictDiagnostics(files: readonly string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    lib: ['lib.es2022.d.ts'],
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

const HOSTILE = [
  'dense */ throw new Error("pwned"); /*',
  'line\nbreak(); // and more',
  'back`tick ${globalThis.process.exit(3)}`',
  'quote " and \' and \\ backslash',
  'para\u2028graph\u2029sep',
  '</script><!-- -->',
  'ünïcødé 😀',
];

function hostileDesign(): Dataflow {
  const ids = uniqueIdentifiers(HOSTILE);
  const t = { width: 8, int: 3, signed: true, quant: 'RND', overflow: 'SAT' } as const;
  return {
    version: 1,
    name: 'design */ name\n`${1}`',
    nodes: [
      { op: 'input', name: ids[0] ?? '', source: HOSTILE[0] ?? '', inputs: [], shape: [3], type: t },
      { op: 'relu', name: ids[1] ?? '', source: HOSTILE[1] ?? '', inputs: [ids[0] ?? ''], shape: [3], type: t },
      {
        op: 'dense',
        name: ids[2] ?? '',
        source: HOSTILE[2] ?? '',
        inputs: [ids[1] ?? ''],
        shape: [2],
        type: t,
        inSize: 3,
        outSize: 2,
        weights: [1n, -2n, 3n, 0n, 5n, -6n],
        bias: [7n, -8n],
        weightType: t,
        biasType: t,
        productType: { ...t, width: 16, int: 6, quant: 'TRN', overflow: 'WRAP' },
        accType: { ...t, width: 18, int: 8, quant: 'TRN', overflow: 'WRAP' },
        reuseFactor: 1,
      },
      { op: 'cast', name: ids[3] ?? '', source: HOSTILE[3] ?? '', inputs: [ids[2] ?? ''], shape: [2], type: t },
      { op: 'reshape', name: ids[4] ?? '', source: HOSTILE[4] ?? '', inputs: [ids[3] ?? ''], shape: [1, 2], type: t },
      { op: 'softmax', name: ids[5] ?? '', source: HOSTILE[5] ?? '', inputs: [ids[4] ?? ''], shape: [1, 2], type: t, mode: 'argmax', expTable: null, invTable: null, sumType: null },
      { op: 'clip', name: ids[6] ?? '', source: HOSTILE[6] ?? '', inputs: [ids[3] ?? ''], shape: [2], type: t, lo: -3n, hi: 3n, boundType: t },
    ],
    outputs: [ids[5] ?? '', ids[6] ?? ''],
  };
}

describe('emitted TypeScript source', () => {
  it('type-checks with tsc --strict (every op, float64 and BigInt code, unrolled and looped)', () => {
    const rng = new Rng(31337);
    const files: string[] = [];
    for (let d = 0; d < 8; d++) {
      const df = randomDesign(rng, { wide: d % 2 === 0 ? 0.3 : 0.05, narrowAcc: 0.3, chains: 3 });
      const file = join(dir, `design${d}.ts`);
      writeFileSync(file, emitTs(df, d % 2 === 0 ? {} : { unrollLimit: 0 }));
      files.push(file);
    }
    const hostile = join(dir, 'hostile.ts');
    writeFileSync(hostile, emitTs(hostileDesign()));
    files.push(hostile);
    expect(strictDiagnostics(files)).toEqual([]);
  });

  it('is deterministic', () => {
    const rng = new Rng(5);
    const df = randomDesign(rng, { chains: 3 });
    const copy = JSON.parse(JSON.stringify(df, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)), (_k, v: unknown) =>
      typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v,
    ) as Dataflow;
    expect(emitTs(copy)).toBe(emitTs(df));
  });

  it('keeps hostile layer names in comments and strings, escaped, and computes as the simulator', async () => {
    const df = hostileDesign();
    const src = emitTsDetailed(df).source;
    for (const bad of ['*/ throw', 'line\nbreak', '\u2028', '\u2029', '😀', 'name\n`']) expect(src).not.toContain(bad);
    // the module's metadata gives the names back exactly
    const js = transpileTs(src);
    const m = (await import(/* @vite-ignore */ `data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)) as {
      DESIGN_NAME: string;
      INPUTS: readonly { source: string }[];
      OUTPUTS: readonly { source: string }[];
    };
    expect(m.DESIGN_NAME).toBe(df.name);
    expect(m.INPUTS.map((p) => p.source)).toEqual([HOSTILE[0]]);
    expect(m.OUTPUTS.map((p) => p.source)).toEqual([HOSTILE[5], HOSTILE[6]]);
    const model = await loadTsModel(src);
    const rows = randomRows(new Rng(9), df, 20);
    expect(model.inferRows(rows)).toEqual(simulateRaw(df, rows));
  });

  it('rejects a node name that is not a sanitized identifier', () => {
    const df = hostileDesign();
    const bad: Dataflow = { ...df, nodes: df.nodes.map((n, i) => (i === 1 ? { ...n, name: 'x); evil(' } : n)) };
    let err: unknown;
    try {
      emitTs(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CompileError);
    expect((err as CompileError).code).toBe('FF012');
    expect((err as CompileError).layer).toBe(HOSTILE[1]);
    expect((err as CompileError).field).toBe('name');
  });
});
