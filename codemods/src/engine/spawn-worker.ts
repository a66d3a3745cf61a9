import { Worker } from 'node:worker_threads';

/** The engine's worker entries, by module name in this folder. */
export type WorkerEntry = 'worker' | 'io-worker';

/**
 * A worker on the built JavaScript, or, in a checkout, on the sources through tsx (loader
 * hooks are per thread, so `worker-from-source.mjs` registers tsx before loading the entry).
 */
export function spawnWorker(entry: WorkerEntry, data: object): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(fromSource ? './worker-from-source.mjs' : `./${entry}.js`, import.meta.url);
  return new Worker(url, { workerData: { ...data, entry } });
}
