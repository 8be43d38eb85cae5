/**
 * Dense, as defined in src/ir/dataflow/types.ts:
 *   acc = cast_A(bias[o]);  for i ascending, w[o][i] ≠ 0:  acc = cast_A(acc + cast_P(x[i]·w[o][i]));  y[o] = cast_T(acc)
 * Pruned (zero) weights are absent from the emitted code and arrays (except
 * in looped layers that are at least 90% dense, which keep their few zeros in
 * dense rows so that outputs can be tiled: a zero adds exactly 0 there).
 *
 * Three ways to write the accumulation, chosen from the actual weights:
 * - exact:      every prefix sum provably stays in A (and A is at least as fine
 *               as P), so no cast inside the loop changes a value and the terms
 *               may be summed in any order (several independent partial sums);
 * - modular:    A wraps and is at least as fine as P: the sum is computed
 *               unwrapped and wrapped once (wrapping commutes with addition);
 * - sequential: anything else (saturating or rounding accumulators): every
 *               cast, in the defined order.
 * In the `num` flavour the first two also need a bound below 2^52 on the
 * whole sum. Small layers are unrolled with the weights as literals
 * (dense-unrolled.ts); large ones loop over constant typed arrays
 * (dense-loops.ts).
 */
import { castRawRef } from '../../fixed/cast-ref.js';
import { fracBits } from '../../fixed/fixed-type.js';
import type { DfDense } from '../../ir/dataflow/types.js';
import type { Flavor } from './code-block.js';
import { withFlavor, type KernelEnv, type KernelOut, type TensorInfo } from './kernel-types.js';
import { chooseMode, type Row, type Setup, type Term } from './dense-plan.js';
import { denseFreeLoop, denseSequentialLoop } from './dense-loops.js';
import { denseUnrolled } from './dense-unrolled.js';

export function denseKernel(node: DfDense, x: TensorInfo, y: TensorInfo, env: KernelEnv): KernelOut {
  const fB = fracBits(node.biasType);
  const rows: Row[] = [];
  let nnz = 0;
  for (let o = 0; o < node.outSize; o++) {
    const terms: Term[] = [];
    for (let i = 0; i < node.inSize; i++) {
      const w = node.weights[o * node.inSize + i] ?? 0n;
      if (w !== 0n) terms.push({ i, w });
    }
    nnz += terms.length;
    rows.push({ terms, bias: castRawRef(node.bias[o] ?? 0n, fB, node.accType) });
  }
  const setup: Setup = {
    node,
    x,
    y,
    env,
    rows,
    fX: fracBits(x.type),
    fW: fracBits(node.weightType),
    fP: fracBits(node.productType),
    fA: fracBits(node.accType),
    nnz,
  };
  return withFlavor(x.storage === 'num' && y.storage === 'num', (flavor) => denseIn(setup, flavor));
}

function denseIn(st: Setup, flavor: Flavor): KernelOut {
  const { mode, skipP } = chooseMode(st, flavor);
  const unroll = st.nnz <= st.env.unrollLimit;
  if (mode === 'sequential') return unroll ? denseUnrolled(st, mode, false, flavor) : denseSequentialLoop(st, flavor);
  return unroll ? denseUnrolled(st, mode, skipP, flavor) : denseFreeLoop(st, mode, skipP, flavor);
}
