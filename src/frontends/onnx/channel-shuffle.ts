/**
 * ShuffleNet's channel shuffle as PyTorch exports it to ONNX:
 *   Reshape [N, C, H, W] → [N, g, C/g, H, W], Transpose (0, 2, 1, 3, 4), Reshape → [N, C, H, W].
 * The graph holds the tensor channels last ([H, W, C]), so the first Reshape
 * only splits the channel axis ([H, W, g, C/g], no data moves) and the
 * Transpose only relabels axes; the second Reshape would reorder the data,
 * and that reorder is exactly a channel_shuffle with g groups: output
 * channel a·g + b is input channel b·(C/g) + a.
 */
import type { OpContext } from './op-context.js';
import { graphShape, type TensorValue } from './values.js';

const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** Reshape of a tensor held channels last: the split or the shuffle above, or null when it is neither. */
export function shuffleReshape(ctx: OpContext, x: TensorValue, sample: readonly number[]): TensorValue | null {
  const g = graphShape(x);
  // split: ONNX [C, H, W] (held [H, W, C]) → [g, C/g, H, W]
  if (same(x.perm, [2, 0, 1]) && sample.length === 4) {
    const [c = 0, h = 0, w = 0] = x.shape;
    const [groups = 0, per = 0, h2 = 0, w2 = 0] = sample;
    if (groups > 1 && per > 0 && groups * per === c && h2 === h && w2 === w) {
      const node = ctx.builder.add({ op: 'reshape', name: `${ctx.name}_split`, inputs: [x.node], shape: [h, w, groups, per] });
      return { kind: 'tensor', node, shape: [groups, per, h, w], perm: [2, 3, 0, 1] };
    }
  }
  // merge after the transpose: ONNX [C/g, g, H, W] held [H, W, g, C/g] → [C, H, W]
  if (same(x.perm, [3, 2, 0, 1]) && sample.length === 3) {
    const [per = 0, groups = 0, h = 0, w = 0] = x.shape;
    if (same(sample, [per * groups, h, w]) && same(g, [h, w, groups, per])) {
      const c = per * groups;
      const flat = ctx.builder.add({ op: 'reshape', name: `${ctx.name}_merge`, inputs: [x.node], shape: [h, w, c] });
      const node = ctx.builder.add({ op: 'channel_shuffle', name: ctx.name, inputs: [flat], shape: [h, w, c], groups });
      return { kind: 'tensor', node, shape: [c, h, w], perm: [2, 0, 1] };
    }
  }
  return null;
}
