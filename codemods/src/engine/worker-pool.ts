import { setImmediate as yieldToEvents } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import type { FileOutcome } from './pipeline.js';
import { spawnWorker } from './spawn-worker.js';
import type { WorkerInput } from './worker.js';

/** Files per batch: big enough to amortise messaging, small enough to balance the load. */
const BATCH_SIZE = 64;

/**
 * Migrates `files` on `jobs` threads: this one and `jobs - 1` workers. The calling thread
 * starts on the first batch at once; a worker takes batches only once it has loaded (a
 * TypeScript compiler per thread takes a while, longer on a busy machine), so workers never
 * make the run slower than the thread alone, only faster when the cores are there.
 */
export async function runBatches(
  files: readonly string[],
  jobs: number,
  input: WorkerInput,
  local: (batch: readonly string[]) => FileOutcome[],
  onBatch: (outcomes: readonly FileOutcome[]) => void,
): Promise<void> {
  const queue: string[][] = [];
  for (let index = 0; index < files.length; index += BATCH_SIZE) queue.push(files.slice(index, index + BATCH_SIZE));
  const workers = Array.from({ length: Math.max(0, Math.min(jobs - 1, queue.length - 1)) }, () => spawnWorker('worker', input));
  let failure: unknown;
  const busy = new Set<Worker>();
  const settled = workers.map(
    (worker) =>
      new Promise<void>((resolve) => {
        const next = () => {
          const batch = queue.shift();
          if (batch) {
            busy.add(worker);
            worker.postMessage(batch);
          } else {
            busy.delete(worker);
            resolve();
          }
        };
        // The first message is "ready"; every later one carries a batch's outcomes.
        worker.on('message', (outcomes: FileOutcome[] | 'ready') => {
          if (outcomes !== 'ready') onBatch(outcomes);
          next();
        });
        worker.once('error', (error) => {
          failure ??= error;
          resolve();
        });
        worker.once('exit', (code) => {
          if (code !== 0 && busy.has(worker)) failure ??= new Error(`a migration worker exited with code ${code}`);
          resolve();
        });
      }),
  );
  try {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      onBatch(local(batch));
      await yieldToEvents(); // let ready workers take the next batches
    }
    // Workers still loading get nothing more to do; those busy finish their batch.
    for (const worker of workers) if (!busy.has(worker)) void worker.terminate();
    await Promise.all(settled);
    if (failure) throw failure;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
