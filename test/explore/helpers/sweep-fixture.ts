/** The small sweep the explore tests share: the bundled jet MLP (16-64-32-32-5), agreement with float as accuracy. */
import { fileURLToPath } from 'node:url';
import type { DataSpec } from '../../../src/explore/data.js';
import { parseSpace, type SearchSpace } from '../../../src/explore/space.js';

export const JET_MODEL = fileURLToPath(new URL('../../../examples/jet-mlp/model.json', import.meta.url));

export const AGREEMENT: DataSpec = { kind: 'agreement', count: 600, seed: 3, range: 2 };

/** 12 points */
export function smallSpace(): SearchSpace {
  return parseSpace({ precision: ['ap_fixed<6,2>', 'ap_fixed<8,3>', 'ap_fixed<12,4>'], reuseFactor: [2, 4], prune: [0, 0.6], rank: [0] });
}
