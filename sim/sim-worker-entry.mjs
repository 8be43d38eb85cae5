// Worker entry of sim/parallel.ts: register the TypeScript loader, then run the worker.
import { register } from 'tsx/esm/api';

register();
await import('./sim-worker.ts');
