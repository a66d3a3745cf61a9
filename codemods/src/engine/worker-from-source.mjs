// The worker entry when running from TypeScript sources (a checkout): loader hooks are per
// thread, so tsx is registered here before the TypeScript entry loads. Built packages start
// dist/engine/<entry>.js directly.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(`./${workerData.entry}.ts`);
