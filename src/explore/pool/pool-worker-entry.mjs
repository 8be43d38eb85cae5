// Worker entry of src/explore/pool/thread-pool.ts: register the TypeScript loader, then run the worker.
import { register } from 'tsx/esm/api';

register();
await import('./pool-worker.ts');
