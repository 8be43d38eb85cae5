/**
 * Dense, fully parallel (reuse factor 1, II = 1): every non-zero weight gets
 * its own constant product, every output its own adder tree (or, when the
 * accumulator's casts are not value-preserving, the sequential chain of the
 * definition); registers every `stageLevels` logic levels.
 */
import { fracBits } from '../../../fixed/fixed-type.js';
import type { DfDense } from '../../../ir/dataflow/types.js';
import { sumLeaves } from '../adder-tree.js';
import { castSig } from '../cast-sig.js';
import { constProduct, productKind, type Leaf } from '../const-mult.js';
import { addSig } from '../datapath.js';
import type { Sig } from '../signal.js';
import type { EmittedLayer, LayerContext } from './layer-types.js';
import { planDense, type DenseTerm } from './dense-plan.js';
import { PipeLayer } from './pipe-layer.js';

export function emitDenseParallel(node: DfDense, ctx: LayerContext): EmittedLayer {
  const layer = new PipeLayer(node, ctx);
  const b = layer.b;
  const knobs = ctx.opts.knobs(node.name);
  const plan = planDense(node, ctx.inType);
  const wFrac = fracBits(node.weightType);
  const accFrac = fracBits(node.accType);

  const productLeaves = (t: DenseTerm): Leaf[] => {
    if (productKind(t.w, knobs) === 'multiplier') layer.multipliers++;
    const leaves = constProduct(b, layer.input(t.i), t.w, wFrac, knobs, ctx.opts.mulLevels);
    if (plan.productExact) return leaves;
    return [{ sig: castSig(b, sumLeaves(b, leaves), node.productType), neg: false }];
  };

  const outs: Sig[] = plan.outputs.map((p) => {
    let acc: Sig;
    if (p.tree) {
      const leaves: Leaf[] = [{ sig: b.constant(p.accInit, accFrac), neg: false }];
      for (const t of p.terms) leaves.push(...productLeaves(t));
      acc = castSig(b, sumLeaves(b, leaves), node.accType);
    } else {
      acc = b.constant(p.accInit, accFrac);
      for (const t of p.terms) {
        const prod = sumLeaves(b, productLeaves(t));
        acc = castSig(b, addSig(b, acc, prod), node.accType);
      }
    }
    return castSig(b, acc, node.type);
  });
  const pruned = plan.outputs.reduce((a, p) => a + (node.inSize - p.terms.length), 0);
  const sequential = plan.outputs.filter((p) => !p.tree).length;
  const notes = [
    `dense ${node.inSize} -> ${node.outSize}, reuse factor 1; ${pruned} of ${node.inSize * node.outSize} weights are zero (no hardware)`,
    `${layer.multipliers} multipliers; constant products: ${knobs.constMult}, shift-add up to ${knobs.shiftAddTerms} signed digits`,
    sequential > 0 ? `${sequential} outputs accumulate in the sequential order (the accumulator casts change values)` : 'adder trees (the accumulator casts preserve every value)',
  ];
  return layer.finish(outs, notes);
}
