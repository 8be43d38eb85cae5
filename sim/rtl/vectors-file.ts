/**
 * Test-vector files: text, one sample per line, the raw integer codes of all
 * input nodes concatenated in node order, separated by spaces or commas
 * (decimal, optional sign; 0x hex allowed). Blank lines and lines starting
 * with # are ignored. Every code is checked against its input type.
 */
import { readFileSync } from 'node:fs';
import { CompileError } from '../../src/core/diagnostics.js';
import { maxRaw, minCode } from '../../src/fixed/fixed-type.js';
import type { Dataflow } from '../../src/ir/dataflow/types.js';
import { shapeSize } from '../../src/ir/graph/types.js';

const INT = /^[+-]?(0x[0-9a-fA-F]+|\d+)$/;

function parseInt(tok: string): bigint {
  const neg = tok.startsWith('-');
  const body = tok.replace(/^[+-]/, '');
  const v = BigInt(body);
  return neg ? -v : v;
}

export function parseVectors(text: string, df: Dataflow, file?: string): bigint[][] {
  const specs = df.nodes.filter((n) => n.op === 'input').map((n) => ({ node: n, size: shapeSize(n.shape) }));
  const width = specs.reduce((a, s) => a + s.size, 0);
  const rows: bigint[][] = [];
  text.split(/\r?\n/).forEach((line, ln) => {
    const s = line.trim();
    if (s === '' || s.startsWith('#')) return;
    const toks = s.split(/[\s,]+/).filter((t) => t !== '');
    if (toks.length !== width) {
      throw new CompileError('FF010', `line ${ln + 1}: ${toks.length} values, expected ${width} (the raw codes of every input, in node order)`, { file });
    }
    const row: bigint[] = [];
    let col = 0;
    for (const spec of specs) {
      for (let i = 0; i < spec.size; i++, col++) {
        const tok = toks[col] ?? '';
        if (!INT.test(tok)) throw new CompileError('FF010', `line ${ln + 1}, column ${col + 1}: '${tok.slice(0, 24)}' is not an integer code`, { file, layer: spec.node.source });
        const v = parseInt(tok);
        if (v < minCode(spec.node.type) || v > maxRaw(spec.node.type)) {
          throw new CompileError('FF010', `line ${ln + 1}, column ${col + 1}: code ${v} is outside the range of the input type [${minCode(spec.node.type)}, ${maxRaw(spec.node.type)}]`, {
            file,
            layer: spec.node.source,
          });
        }
        row.push(v);
      }
    }
    rows.push(row);
  });
  if (rows.length === 0) throw new CompileError('FF010', 'no vectors in the file', { file });
  return rows;
}

export function readVectorsFile(path: string, df: Dataflow): bigint[][] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CompileError('FF001', 'cannot read the vectors file', { file: path });
  }
  return parseVectors(text, df, path);
}

export function formatVectors(rows: readonly (readonly bigint[])[]): string {
  return rows.map((r) => r.join(' ')).join('\n') + '\n';
}
