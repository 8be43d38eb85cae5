/**
 * Write examples/jet-mlp/model.json + weights.bin (see jet-mlp-model.ts).
 * The output is byte-identical on every run.
 *
 *   node --import tsx examples/make-jet-mlp.ts [--out examples/jet-mlp/model.json]
 */
import { parseArgs } from 'node:util';
import { fileSaveHandler } from '../src/frontends/tfjs/index.js';
import { makeJetMlp } from './jet-mlp-model.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'examples/jet-mlp/model.json' } } });
await makeJetMlp().save(fileSaveHandler(values.out));
process.stderr.write(`saved ${values.out}\n`);
