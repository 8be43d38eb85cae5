/** Worker thread of sim/parallel.ts: simulates the slices it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { dataflowFromJson } from '../src/ir/dataflow/json.js';
import { createSimulator } from './simulate.js';

const sim = createSimulator(dataflowFromJson((workerData as { json: string }).json));
parentPort?.on('message', (m: { id: number; inputs: Float64Array; B: number }) => {
  try {
    const out = sim.runBatch(m.inputs, m.B);
    if (!(out instanceof Float64Array)) throw new Error('outputs wider than 52 bits: use the single-threaded simulator');
    parentPort?.postMessage({ id: m.id, out }, [out.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort?.postMessage({ id: m.id, error: (e as Error).message });
  }
});
