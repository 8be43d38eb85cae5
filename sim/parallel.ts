/**
 * Large batches on several cores: the batch is split into contiguous slices,
 * each simulated by a worker thread on its own copy of the design. The
 * result is the same integers as a single-threaded run, in input order.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { dataflowToJson } from '../src/ir/dataflow/json.js';
import type { Dataflow } from '../src/ir/dataflow/types.js';
import { createSimulator } from './simulate.js';

export interface ParallelSimulator {
  run(inputs: Float64Array, B: number): Promise<Float64Array>;
  close(): Promise<void>;
  readonly threads: number;
}

const WORKER = new URL('./sim-worker-entry.mjs', import.meta.url);

export function createParallelSimulator(df: Dataflow, threads = Math.max(1, availableParallelism())): ParallelSimulator {
  const json = dataflowToJson(df);
  const local = createSimulator(df);
  if (threads <= 1) {
    return {
      threads: 1,
      run: async (inputs, B) => local.runBatch(inputs, B) as Float64Array,
      close: async () => undefined,
    };
  }
  const workers = Array.from({ length: threads }, () => new Worker(WORKER, { workerData: { json } }));
  let nextId = 0;
  const call = (w: Worker, inputs: Float64Array, B: number): Promise<Float64Array> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const onMsg = (m: { id: number; out?: Float64Array; error?: string }): void => {
        if (m.id !== id) return;
        w.off('message', onMsg);
        w.off('error', reject);
        if (m.error !== undefined || !m.out) reject(new Error(m.error ?? 'worker returned nothing'));
        else resolve(m.out);
      };
      w.on('message', onMsg);
      w.once('error', reject);
      w.postMessage({ id, inputs, B }, [inputs.buffer as ArrayBuffer]);
    });
  return {
    threads,
    async run(inputs, B) {
      const inW = local.inputSize;
      const outW = local.outputSize;
      const per = Math.ceil(B / threads);
      const parts = await Promise.all(
        workers.map((w, k) => {
          const b0 = Math.min(B, k * per);
          const nb = Math.min(per, B - b0);
          return nb > 0 ? call(w, inputs.slice(b0 * inW, (b0 + nb) * inW), nb) : Promise.resolve(new Float64Array(0));
        }),
      );
      const out = new Float64Array(B * outW);
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
