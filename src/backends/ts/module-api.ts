/**
 * The public functions of an emitted module: raw-code inference one sample at
 * a time (`infer`) or batched (`inferBatch`), float helpers (`quantize`,
 * `dequantize`), and the block loaders that validate every input code.
 *
 * Vectors follow the simulator's convention: an input row is the raw codes of
 * all input nodes concatenated in node order; an output row the raw codes of
 * the design's outputs in `outputs` order.
 */
import { fracBits, maxRaw, minRaw } from '../../fixed/fixed-type.js';
import type { FunctionCode, TensorInfo } from './kernel-types.js';
import { powerOfTwoLiteral, quantizerFunction } from './quantize-code.js';

export interface Port {
  /** sanitized node name */
  readonly name: string;
  readonly tensor: TensorInfo;
  /** first column of this port in a row */
  readonly offset: number;
}

export interface ApiSpec {
  readonly S: number;
  readonly inputs: readonly Port[];
  readonly outputs: readonly Port[];
  readonly inputSize: number;
  readonly outputSize: number;
  /** statements running one block through every kernel */
  readonly calls: readonly string[];
}

export const RAW_INPUT_TYPE = 'Int32Array | Float64Array | readonly number[] | readonly bigint[]';

export function bigOutputs(spec: ApiSpec): boolean {
  return spec.outputs.some((p) => p.tensor.storage === 'big');
}

export function bigInputs(spec: ApiSpec): boolean {
  return spec.inputs.some((p) => p.tensor.storage === 'big');
}

function codeReaders(): FunctionCode[] {
  return [
    {
      name: 'badCode',
      params: [
        { name: 'at', type: 'number' },
        { name: 'v', type: 'unknown' },
        { name: 'lo', type: 'string' },
        { name: 'hi', type: 'string' },
      ],
      returnType: 'never',
      doc: 'Reject an input code that is not an integer of its type.',
      body: ['throw new RangeError(`input code ${String(v)} at position ${at} is not an integer in ${lo}..${hi}`);'],
    },
    {
      name: 'numCode',
      params: [
        { name: 'raw', type: RAW_INPUT_TYPE },
        { name: 'at', type: 'number' },
        { name: 'lo', type: 'number' },
        { name: 'hi', type: 'number' },
      ],
      returnType: 'number',
      doc: 'Input code at `at` of a type of at most 53 bits, checked.',
      body: [
        'const v = raw[at];',
        "if (typeof v === 'bigint') {",
        '  if (v < BigInt(lo) || v > BigInt(hi)) badCode(at, v, String(lo), String(hi));',
        '  return Number(v);',
        '}',
        "if (typeof v !== 'number' || !(v >= lo && v <= hi) || Math.floor(v) !== v) badCode(at, v, String(lo), String(hi));",
        'return v + 0;',
      ],
    },
    {
      name: 'bigCode',
      params: [
        { name: 'raw', type: RAW_INPUT_TYPE },
        { name: 'at', type: 'number' },
        { name: 'lo', type: 'bigint' },
        { name: 'hi', type: 'bigint' },
      ],
      returnType: 'bigint',
      doc: 'Input code at `at` of a type wider than 53 bits, checked (numbers must be safe integers).',
      body: [
        'const v = raw[at];',
        "if (typeof v === 'number' && !Number.isSafeInteger(v)) badCode(at, v, String(lo), String(hi));",
        "const b = typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(v) : badCode(at, v, String(lo), String(hi));",
        'if (b < lo || b > hi) badCode(at, v, String(lo), String(hi));',
        'return b;',
      ],
    },
    {
      name: 'symCode',
      params: [
        { name: 'v', type: 'bigint' },
        { name: 'lo', type: 'bigint' },
      ],
      returnType: 'bigint',
      doc: 'A code of a SAT_SYM type: at least -max.',
      body: ['return v < lo ? lo : v;'],
    },
    {
      name: 'checkCount',
      params: [
        { name: 'length', type: 'number' },
        { name: 'n', type: 'number' },
        { name: 'width', type: 'number' },
      ],
      returnType: 'void',
      doc: 'A batch of n rows of `width` values has n * width values.',
      body: [
        'if (!Number.isInteger(n) || n < 0) throw new RangeError(`the number of samples must be a non-negative integer, got ${n}`);',
        'if (length !== n * width) throw new RangeError(`expected ${n} x ${width} values, got ${length}`);',
      ],
    },
  ];
}

function loadBlock(spec: ApiSpec): FunctionCode {
  const { S } = spec;
  const body: string[] = [];
  body.push(`for (let s = 0; s < ${S}; s++) {`, '  const row = (b0 + s) * INPUT_SIZE;', '  if (s < m) {');
  for (const p of spec.inputs) {
    const t = p.tensor.type;
    const num = p.tensor.storage === 'num';
    let read = num ? `numCode(raw, row + ${p.offset} + i, ${minRaw(t)}, ${maxRaw(t)})` : `bigCode(raw, row + ${p.offset} + i, ${minRaw(t)}n, ${maxRaw(t)}n)`;
    if (t.signed && t.overflow === 'SAT_SYM') {
      // an input enters by cast to its type: SAT_SYM turns the most negative code into −max
      const lit = num ? `${-maxRaw(t)}` : `${-maxRaw(t)}n`;
      read = num ? `Math.max(${read}, ${lit})` : `symCode(${read}, ${lit})`;
    }
    body.push(`    for (let i = 0; i < ${p.tensor.size}; i++) ${p.tensor.buffer}[i * ${S} + s] = ${read};`);
  }
  body.push('  } else {');
  for (const p of spec.inputs) {
    body.push(`    for (let i = 0; i < ${p.tensor.size}; i++) ${p.tensor.buffer}[i * ${S} + s] = ${p.tensor.storage === 'num' ? '0' : '0n'};`);
  }
  body.push('  }', '}');
  return {
    name: 'loadBlock',
    params: [
      { name: 'raw', type: RAW_INPUT_TYPE },
      { name: 'b0', type: 'number' },
      { name: 'm', type: 'number' },
    ],
    returnType: 'void',
    doc: `Copy samples b0 .. b0 + m - 1 into the input buffers (the rest of the block of ${S} is zero), checking every code.`,
    body,
  };
}

function storeBlock(spec: ApiSpec): FunctionCode {
  const { S } = spec;
  const big = bigOutputs(spec);
  const body: string[] = [`for (let s = 0; s < m; s++) {`, '  const row = (b0 + s) * OUTPUT_SIZE;'];
  for (const p of spec.outputs) {
    const src = `${p.tensor.buffer}[j * ${S} + s]`;
    // `+ 0` turns a float64 −0 into 0
    const value = big ? (p.tensor.storage === 'num' ? `BigInt(${src})` : src) : `${src} + 0`;
    body.push(`  for (let j = 0; j < ${p.tensor.size}; j++) out[row + ${p.offset} + j] = ${value};`);
  }
  body.push('}');
  return {
    name: 'storeBlock',
    params: [
      { name: 'out', type: big ? 'bigint[]' : 'Float64Array' },
      { name: 'b0', type: 'number' },
      { name: 'm', type: 'number' },
    ],
    returnType: 'void',
    doc: 'Copy the outputs of the first m samples of the block to rows b0 .. b0 + m - 1.',
    body,
  };
}

export function apiFunctions(spec: ApiSpec): FunctionCode[] {
  const { S } = spec;
  const big = bigOutputs(spec);
  const bigIn = bigInputs(spec);
  const outType = big ? 'bigint[]' : 'Float64Array';
  const fns: FunctionCode[] = [...codeReaders(), loadBlock(spec), storeBlock(spec)];
  fns.push({ name: 'runBlock', params: [], returnType: 'void', doc: 'Run one block of samples through every layer, in order.', body: [...spec.calls] });
  fns.push({
    name: 'inferBatch',
    exported: true,
    params: [
      { name: 'raw', type: RAW_INPUT_TYPE },
      { name: 'n', type: 'number' },
    ],
    returnType: outType,
    doc: `Raw codes of n samples (row-major n x INPUT_SIZE) -> raw codes of the outputs (row-major n x OUTPUT_SIZE${big ? ', as BigInt' : ''}).`,
    body: [
      'checkCount(raw.length, n, INPUT_SIZE);',
      big ? 'const out = new Array<bigint>(n * OUTPUT_SIZE).fill(0n);' : 'const out = new Float64Array(n * OUTPUT_SIZE);',
      `for (let b0 = 0; b0 < n; b0 += ${S}) {`,
      `  const m = Math.min(${S}, n - b0);`,
      '  loadBlock(raw, b0, m);',
      '  runBlock();',
      '  storeBlock(out, b0, m);',
      '}',
      'return out;',
    ],
  });
  fns.push({
    name: 'infer',
    exported: true,
    params: [{ name: 'raw', type: RAW_INPUT_TYPE }],
    returnType: 'bigint[]',
    doc: 'Raw codes of one sample -> raw codes of its outputs.',
    body: ['checkCount(raw.length, 1, INPUT_SIZE);', big ? 'return inferBatch(raw, 1);' : 'return Array.from(inferBatch(raw, 1), (v) => BigInt(v));'],
  });
  // float helpers
  const qBody: string[] = [
    'checkCount(values.length, n, INPUT_SIZE);',
    bigIn ? 'const out = new Array<bigint>(n * INPUT_SIZE).fill(0n);' : 'const out = new Float64Array(n * INPUT_SIZE);',
    'for (let s = 0; s < n; s++) {',
    '  const row = s * INPUT_SIZE;',
  ];
  for (const p of spec.inputs) {
    const q = `q_${p.name}`;
    const wrap = bigIn && p.tensor.storage === 'num' ? (e: string): string => `BigInt(${e})` : (e: string): string => e;
    qBody.push(`  for (let i = row + ${p.offset}; i < row + ${p.offset + p.tensor.size}; i++) out[i] = ${wrap(`${q}(finite(values[i], i))`)};`);
    fns.push(quantizerFunction(q, p.tensor.type, `Float -> raw code of input ${p.name}.`));
  }
  qBody.push('}', 'return out;');
  fns.push({
    name: 'finite',
    params: [
      { name: 'v', type: 'number | undefined' },
      { name: 'at', type: 'number' },
    ],
    returnType: 'number',
    doc: 'A finite float input value.',
    body: ["if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`input value ${String(v)} at position ${at} is not a finite number`);", 'return v;'],
  });
  fns.push({
    name: 'quantize',
    exported: true,
    params: [
      { name: 'values', type: 'ArrayLike<number>' },
      { name: 'n', type: 'number', init: '1' },
    ],
    returnType: bigIn ? 'bigint[]' : 'Float64Array',
    doc: 'Float inputs of n samples -> raw input codes (quantize, then overflow, into each input type).',
    body: qBody,
  });
  const dBody: string[] = [
    'checkCount(raw.length, n, OUTPUT_SIZE);',
    'const out = new Float64Array(n * OUTPUT_SIZE);',
    'for (let s = 0; s < n; s++) {',
    '  const row = s * OUTPUT_SIZE;',
  ];
  for (const p of spec.outputs) {
    dBody.push(`  for (let i = row + ${p.offset}; i < row + ${p.offset + p.tensor.size}; i++) out[i] = Number(raw[i]) * ${powerOfTwoLiteral(-fracBits(p.tensor.type))};`);
  }
  dBody.push('}', 'return out;');
  fns.push({
    name: 'dequantize',
    exported: true,
    params: [
      { name: 'raw', type: 'Float64Array | readonly number[] | readonly bigint[]' },
      { name: 'n', type: 'number', init: '1' },
    ],
    returnType: 'Float64Array',
    doc: 'Raw output codes of n samples -> their real values (nearest float64).',
    body: dBody,
  });
  return fns;
}
