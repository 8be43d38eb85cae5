/** Seeded random small designs for the Verilog tests. */
import { OVERFLOW_MODES, QUANT_MODES } from '../../../src/fixed/fixed-type.js';
import type { Dataflow } from '../../../src/ir/dataflow/types.js';
import { prng } from '../../helpers/prng.js';
import { DfChain, type WeightPattern } from './df-builder.js';

export function randomDesign(seed: number): Dataflow {
  const r = prng(seed * 7717);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const type = (minW = 1): string => {
    const w = int(minW, 14);
    const signed = r() < 0.75;
    const i = int(-3, w + 3);
    return `${signed ? 'ap_fixed' : 'ap_ufixed'}<${w},${i},${pick(QUANT_MODES)},${pick(OVERFLOW_MODES)}>`;
  };
  const size = int(2, 6);
  const c = new DfChain(`rand${seed}`, type(2), size, seed);
  const ops = int(2, 5);
  let width = size;
  for (let k = 0; k < ops; k++) {
    const name = `l${k}`;
    const op = pick(['dense', 'dense', 'dense', 'relu', 'clip', 'leaky', 'cast', 'scale', 'table']);
    switch (op) {
      case 'dense': {
        const out = int(1, 6);
        const weights: WeightPattern = pick(['dense', 'pruned', 'pow2', 'ternary']);
        const narrowAcc = r() < 0.3;
        c.dense(name, {
          out,
          weights,
          rf: pick([1, 1, 2, 3]),
          wType: weights === 'ternary' ? `ap_fixed<${int(3, 8)},${int(2, 4)}>` : type(2),
          bType: type(),
          type: type(),
          ...(narrowAcc ? { accType: `ap_fixed<${int(6, 16)},${int(2, 8)},${pick(QUANT_MODES)},${pick(OVERFLOW_MODES)}>` } : {}),
          ...(r() < 0.2 ? { pType: `ap_fixed<${int(4, 16)},${int(0, 6)},${pick(QUANT_MODES)},${pick(OVERFLOW_MODES)}>` } : {}),
        });
        width = out;
        break;
      }
      case 'relu':
        c.relu(name, type());
        break;
      case 'clip':
        c.clip(name, -r() * 2, r() * 3, 'ap_fixed<8,3>', type());
        break;
      case 'leaky':
        c.leaky(name, r() * 0.5, `ap_fixed<${int(3, 10)},0,RND>`, type(), r() < 0.5 ? type(2) : undefined);
        break;
      case 'cast':
        c.cast(name, type());
        break;
      case 'scale':
        c.scaleShift(name, 'ap_fixed<8,3>', 'ap_fixed<8,3>', type(), r() < 0.5 ? { accType: `ap_fixed<${int(6, 12)},${int(2, 6)},${pick(QUANT_MODES)},${pick(OVERFLOW_MODES)}>` } : {});
        break;
      case 'table':
        c.table(name, pick(['sigmoid', 'tanh'] as const), pick([8, 16, 32]), -4, 4, type(2), type());
        break;
    }
  }
  if (width >= 2 && r() < 0.5) {
    if (r() < 0.5) c.argmax('head', `ap_ufixed<${int(1, 4)},1>`);
    else c.softmax('head', `ap_ufixed<${int(4, 10)},1,${pick(QUANT_MODES)},${pick(OVERFLOW_MODES)}>`, { expSize: 32, expStepLog2: -2, invSize: 32 });
  }
  return c.output().build();
}

