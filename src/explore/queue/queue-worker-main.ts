/**
 * A queue worker process: `node --import tsx src/explore/queue/queue-worker-main.ts
 * redis://127.0.0.1:6379[#queue] [--log FILE]`. Runs until SIGTERM or SIGINT;
 * with --log, appends one line "<point key> <worker>" per computed point.
 */
import { appendFileSync } from 'node:fs';
import { parseQueueUrl } from './redis-url.js';
import { startQueueWorker } from './queue-worker.js';

const args = process.argv.slice(2);
const url = args[0];
if (url === undefined) {
  process.stderr.write('usage: queue-worker-main.ts redis://host:port[#queue] [--log FILE]\n');
  process.exit(2);
}
const logAt = args.indexOf('--log');
const logFile = logAt >= 0 ? args[logAt + 1] : undefined;
const worker = startQueueWorker(parseQueueUrl(url), {
  onComputed: (key, f) => {
    if (logFile) appendFileSync(logFile, `${key} ${f.worker}\n`);
  },
});
await worker.waitUntilReady();
process.stderr.write(`explore worker pid ${process.pid} ready on ${url}\n`);
const stop = (): void => {
  void worker.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
