/** Runs the fixture sweep in this process (workers 0), for the kill-and-resume test: `sweep-child.ts <db>`. */
import { runSweep } from '../../../src/explore/sweep.js';
import { loadGraph } from '../../../src/explore/work-spec.js';
import { AGREEMENT, JET_MODEL, smallSpace } from './sweep-fixture.js';

const db = process.argv[2];
if (db === undefined) throw new Error('usage: sweep-child.ts <db>');
const graph = await loadGraph(JET_MODEL);
await runSweep({ modelPath: JET_MODEL, graph, space: smallSpace(), data: AGREEMENT, db, workers: 0, onComputed: (key) => process.stdout.write(`computed ${key}\n`) });
