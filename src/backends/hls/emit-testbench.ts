/** The test bench (raw codes in and out) and the test-vector files it reads. */
import { castRawRef } from '../../fixed/cast-ref.js';
import { fracBits } from '../../fixed/fixed-type.js';
import { fill } from '../template-fill.js';
import type { Design } from './design.js';
import { outType } from './emit-top.js';
import type { HlsIo } from './hls-options.js';
import { hlsTemplate } from './library-files.js';
import { CompileError } from '../../core/diagnostics.js';

export function emitTestbench(d: Design, io: HlsIo, top: string): string {
  const read: string[] = [];
  const args: string[] = [];
  d.inputs.forEach((n, k) => {
    const size = d.size(n);
    const arr = io === 'parallel' ? `fx_in${k}` : `fx_in${k}_v`;
    read.push(
      `    ${outType(n)} ${arr}[${size}];`,
      `    const unsigned got${k} = fx_nn::read_raw_array(fin, ${arr}, ${size});`,
      ...(k === 0 ? [`    if (got${k} == 0) break;`] : []),
      `    if (got${k} != ${size}) {`,
      `      fprintf(stderr, "vector %ld: input ${k} is short or not hex\\n", vectors + 1);`,
      '      return 2;',
      '    }',
    );
    if (io === 'stream') {
      read.push(`    hls::stream<${outType(n)} > fx_in${k}("input_${k}");`, `    for (unsigned i = 0; i < ${size}; ++i) fx_in${k}.write(${arr}[i]);`);
    }
    args.push(`fx_in${k}`);
  });
  const write: string[] = [];
  d.outputs.forEach((n, k) => {
    const size = d.size(n);
    if (io === 'parallel') {
      read.push(`    ${outType(n)} fx_out${k}[${size}];`);
      write.push(`    for (unsigned i = 0; i < ${size}; ++i) fx_nn::write_raw(fout, fx_out${k}[i]);`);
    } else {
      read.push(`    hls::stream<${outType(n)} > fx_out${k}("output_${k}");`);
      write.push(`    for (unsigned i = 0; i < ${size}; ++i) fx_nn::write_raw(fout, fx_out${k}.read());`);
    }
    args.push(`fx_out${k}`);
  });
  return fill(hlsTemplate('tb.cpp'), { top, read: read.join('\n'), call: `${top}(${args.join(', ')});`, write: write.join('\n') }, 'templates/hls/tb.cpp.tpl');
}

function hexLine(codes: readonly bigint[], widths: readonly number[]): string {
  return `${codes.map((c, i) => `${BigInt.asUintN(widths[i] ?? 1, c).toString(16)} `).join('')}\n`;
}

/** tb_input_raw.dat: each vector's input codes (cast into the input types, as the simulator does), as the test bench reads them. */
export function inputVectorFile(d: Design, vectors: readonly (readonly bigint[])[]): string {
  const types = d.inputs.flatMap((n) => Array.from({ length: d.size(n) }, () => n.type));
  return vectors
    .map((v, r) => {
      if (v.length !== types.length) throw new CompileError('FF010', `test vector ${r + 1} has ${v.length} values, the design takes ${types.length}`);
      const codes = v.map((x, i) => {
        const t = types[i];
        return t ? castRawRef(x, fracBits(t), t) : x;
      });
      return hexLine(codes, types.map((t) => t.width));
    })
    .join('');
}

/** tb_expected_raw.dat: output codes in the test bench's own format, for its self-check. */
export function outputVectorFile(d: Design, rows: readonly (readonly bigint[])[]): string {
  const widths = d.outputs.flatMap((n) => Array.from({ length: d.size(n) }, () => n.type.width));
  return rows
    .map((r, i) => {
      if (r.length !== widths.length) throw new CompileError('FF010', `expected output ${i + 1} has ${r.length} values, the design gives ${widths.length}`);
      return hexLine(r, widths);
    })
    .join('');
}
