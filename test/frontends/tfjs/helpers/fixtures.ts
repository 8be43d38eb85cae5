import type { tf } from '../../../../src/frontends/tfjs/index.js';
import { functionalTwoInputs, functionalTwoOutputs, sequentialAll } from './models.js';

/** The committed fixture models under test/fixtures/tfjs, by folder name. */
export const FIXTURES: Record<string, () => tf.LayersModel> = {
  'mixed-seq': () => sequentialAll(1),
  'two-outputs': () => functionalTwoOutputs(2),
  'two-inputs': () => functionalTwoInputs(3),
};
