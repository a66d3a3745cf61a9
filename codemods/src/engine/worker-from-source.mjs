// The worker entry when running from TypeScript sources (a checkout): loader hooks are per
// thread, so tsx is registered here before the TypeScript worker loads. Built packages start
// dist/engine/worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
