/**
 * Dense: per output, an unrolled sum of only the nonzero weights in ascending
 * input order. Weights ±2^k become library shift terms (no multiplier);
 * only the remaining weights are stored, in the order the terms use them.
 */
import { fracBits, type FixedType } from '../../fixed/fixed-type.js';
import type { DfDense } from '../../ir/dataflow/types.js';
import { cppArrayInit } from './cpp-constant.js';
import { badNode, inTypedef, requireInput, typedef, ucount, type LayerCode, type LayerInput } from './layer-code.js';

/** Multipliers a layer folded by the reuse factor may use: ceil(multipliers / rf), at least 1. */
export function multiplierLimit(multipliers: number, rf: number): number {
  return Math.max(1, Math.ceil(multipliers / rf));
}

/** The pipeline at the reuse factor, and at most multiplierLimit multipliers (at `indent`). */
export function foldPragmas(multipliers: number, rf: number, indent: string): string[] {
  const limit = multiplierLimit(multipliers, rf);
  const pragmas = [`${indent}FX_PRAGMA(HLS PIPELINE II=${rf})`];
  if (multipliers > 0) pragmas.push(`${indent}FX_PRAGMA(HLS ALLOCATION operation instances=mul limit=${limit})`);
  return pragmas;
}

/** b, the biases, and w, the weights that need a multiplier in the order the terms of `user` use them. */
export function macConstants(node: { readonly bias: readonly bigint[]; readonly biasType: FixedType; readonly weightType: FixedType }, mults: readonly bigint[], user: string): string[] {
  const constants = [
    `// b: the biases; w: the ${mults.length} weights that need a multiplier, in the order the`,
    `// terms of ${user} use them (zero and power-of-two weights are not stored).`,
    `static const config::bias_t b[${node.bias.length}] = {`,
    ...cppArrayInit(node.bias, node.biasType),
    '};',
  ];
  if (mults.length > 0) constants.push(`static const config::weight_t w[${mults.length}] = {`, ...cppArrayInit(mults, node.weightType), '};');
  return constants;
}

/** k when |raw| = 2^k, else null. */
export function powerOfTwo(raw: bigint): number | null {
  const a = raw < 0n ? -raw : raw;
  if (a === 0n || (a & (a - 1n)) !== 0n) return null;
  return a.toString(2).length - 1;
}

export interface DenseStats {
  readonly nonzero: number;
  readonly multipliers: number;
  readonly shifts: number;
}

export function denseStats(node: DfDense): DenseStats {
  let nonzero = 0;
  let shifts = 0;
  for (const w of node.weights) {
    if (w === 0n) continue;
    nonzero++;
    if (powerOfTwo(w) !== null) shifts++;
  }
  return { nonzero, multipliers: nonzero - shifts, shifts };
}

export function emitDense(node: DfDense, inputOrNull: LayerInput | null): LayerCode {
  const input = requireInput(node, inputOrNull);
  const { inSize, outSize } = node;
  if (node.weights.length !== inSize * outSize) throw badNode(node, 'weights', `has ${node.weights.length} weights, expected ${inSize}·${outSize}`);
  if (node.bias.length !== outSize) throw badNode(node, 'bias', `has ${node.bias.length} biases, expected ${outSize}`);
  if (input.size !== inSize) throw badNode(node, 'inSize', `input has ${input.size} elements, inSize is ${inSize}`);
  const rf = node.reuseFactor;
  if (!Number.isInteger(rf) || rf < 1) throw badNode(node, 'reuseFactor', `reuse factor must be a positive integer, got ${rf}`);

  const fw = fracBits(node.weightType);
  const mults: bigint[] = [];
  const body: string[] = [];
  for (let o = 0; o < outSize; o++) {
    body.push(`  acc = b[${o}];`);
    for (let i = 0; i < inSize; i++) {
      const w = node.weights[o * inSize + i] ?? 0n;
      if (w === 0n) continue;
      const k = powerOfTwo(w);
      if (k !== null) {
        body.push(`  fx_nn::mac_shift<config, ${k - fw}, ${w < 0n}>(acc, x[${i}]);`);
      } else {
        body.push(`  fx_nn::mac<config>(acc, x[${i}], w[${mults.length}]);`);
        mults.push(w);
      }
    }
    body.push(`  y[${o}] = acc;`);
  }
  const stats = denseStats(node);
  const pragmas = foldPragmas(stats.multipliers, rf, '  ');
  const constants = macConstants(node, mults, 'compute()');

  return {
    summary: `dense ${inSize} -> ${outSize}, reuse factor ${rf}, ${stats.nonzero} nonzero weights (${stats.multipliers} multiplications, ${stats.shifts} shifts)`,
    config: [
      inTypedef(input),
      typedef('out_t', node.type),
      typedef('weight_t', node.weightType),
      typedef('bias_t', node.biasType),
      typedef('product_t', node.productType),
      typedef('accum_t', node.accType),
      ucount('n_in', inSize),
      ucount('n_out', outSize),
      ucount('reuse_factor', rf),
      ucount('n_nonzero', stats.nonzero),
      ucount('n_mult', stats.multipliers),
      ucount('multiplier_limit', multiplierLimit(stats.multipliers, rf)),
    ],
    constants,
    body: { kind: 'vector', nIn: inSize, nOut: outSize, body: [...pragmas, '  config::accum_t acc;', ...body] },
  };
}
