/**
 * The sweep's side of distributed mode: each point becomes a BullMQ job
 * whose id is the point's key, so a point queued twice (two coordinators,
 * or a coordinator restarted) is still one job, computed once; the sweep
 * waits for the job's result and stores it.
 */
import { Queue, QueueEvents } from 'bullmq';
import type { Finished, PointRunner } from '../runner.js';
import type { WorkSpec } from '../work-spec.js';
import type { QueueTarget } from './redis-url.js';

/** Jobs waited for at once (workers pull at their own pace). */
const IN_FLIGHT = 64;

export async function queueRunner(spec: WorkSpec, target: QueueTarget): Promise<PointRunner> {
  const queue = new Queue(target.name, { connection: target.connection });
  const events = new QueueEvents(target.name, { connection: target.connection });
  // every job in flight waits on these two emitters
  queue.setMaxListeners(IN_FLIGHT * 2 + 10);
  events.setMaxListeners(IN_FLIGHT * 2 + 10);
  await events.waitUntilReady();
  return {
    concurrency: IN_FLIGHT,
    async run(key, point) {
      const job = await queue.add('point', { spec, point }, { jobId: key, attempts: 1, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } });
      return (await job.waitUntilFinished(events)) as Finished;
    },
    async close() {
      await events.close();
      await queue.close();
    },
  };
}
