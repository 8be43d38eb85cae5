/**
 * Fast batch kernels of the conv ops (feature-major Float64Arrays, as in
 * sim/fast-kernels.ts). Each is compiled only when a width argument proves
 * every intermediate integer exact in float64, and is null otherwise (the
 * simulator then runs the BigInt reference). Merge: fast-kernels.ts's
 * compileFast gets `case 'conv': … return compileConvFast(node, inTypes, stats);`.
 */
import { assertNever } from '../../src/core/assert-never.js';
import type { FixedType } from '../../src/fixed/fixed-type.js';
import type { ConvDfNode } from '../../src/ir/dataflow/conv-types.js';
import type { Kernel, NodeStats } from '../fast-kernels.js';
import { fastWidths } from './caster.js';
import { compileConv } from './fast-conv.js';
import { channelShuffleMap, compileGather, upsampleMap, zeroPadMap } from './fast-gather.js';
import { compileAdd, compileConcat } from './fast-merge.js';
import { compilePool } from './fast-pool.js';

export function compileConvFast(node: ConvDfNode, inTypes: readonly FixedType[], stats?: NodeStats): Kernel | null {
  const xt = inTypes[0];
  if (!xt || !fastWidths(node.type.width, ...inTypes.map((t) => t.width))) return null;
  switch (node.op) {
    case 'conv':
      return compileConv(node, xt, stats);
    case 'pool':
      return compilePool(node, xt, stats);
    case 'add':
      return compileAdd(node, inTypes, stats);
    case 'concat':
      return compileConcat(node, inTypes, stats);
    case 'zero_pad':
      return compileGather(zeroPadMap(node));
    case 'upsample':
      return compileGather(upsampleMap(node));
    case 'channel_shuffle':
      return compileGather(channelShuffleMap(node));
    default:
      return assertNever(node, 'dataflow op');
  }
}
