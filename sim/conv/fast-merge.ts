/**
 * Add and Concatenate on batches. Add aligns every input to the finest
 * fraction and sums exactly: compiled only when the exact sum type (bit growth
 * over all inputs) fits the fast path. Concatenate casts each element from
 * its own input's type.
 */
import { fracBits, type FixedType } from '../../src/fixed/fixed-type.js';
import { accumulatorType } from '../../src/fixed/growth.js';
import type { DfAdd, DfConcat } from '../../src/ir/dataflow/conv-types.js';
import type { Kernel, NodeStats } from '../fast-kernels.js';
import { caster, fastWidths } from './caster.js';

export function compileAdd(node: DfAdd, inTypes: readonly FixedType[], stats?: NodeStats): Kernel | null {
  if (!fastWidths(accumulatorType(inTypes, inTypes.length).width)) return null;
  const f = Math.max(...inTypes.map(fracBits));
  const scales = inTypes.map((t) => 2 ** (f - fracBits(t)));
  const castR = caster(stats, 'result', f, node.type);
  return (ins, _B, out) => {
    out.fill(0);
    ins.forEach((x, k) => {
      const s = scales[k] ?? 1;
      for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (x[i] as number) * s;
    });
    for (let i = 0; i < out.length; i++) out[i] = castR(out[i] as number);
  };
}

export function compileConcat(node: DfConcat, inTypes: readonly FixedType[], stats?: NodeStats): Kernel {
  const cOut = node.shape[node.shape.length - 1] ?? 1;
  const positions = node.shape.reduce((a, b) => a * b, 1) / cOut;
  const casts = inTypes.map((t) => caster(stats, 'result', fracBits(t), node.type));
  return (ins, B, out) => {
    let offset = 0;
    ins.forEach((x, k) => {
      const ck = x.length / B / positions;
      const cast = casts[k] ?? ((v: number) => v);
      for (let p = 0; p < positions; p++) {
        for (let c = 0; c < ck; c++) {
          const src = (p * ck + c) * B;
          const dst = (p * cOut + offset + c) * B;
          for (let b = 0; b < B; b++) out[dst + b] = cast(x[src + b] as number);
        }
      }
      offset += ck;
    });
  };
}
