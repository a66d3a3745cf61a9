import { Worker } from 'node:worker_threads';
import type { FileOutcome } from './process-file.js';
import type { WorkerInput } from './worker.js';

/** A worker on the built JavaScript, or, in a checkout, on the sources through tsx. */
function spawnWorker(input: WorkerInput): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  return new Worker(new URL(fromSource ? './worker-from-source.mjs' : './worker.js', import.meta.url), { workerData: input });
}

/** Files per message: big enough to amortise messaging, small enough to balance the load. */
const BATCH_SIZE = 128;

/**
 * Spreads files over worker threads, handing out batches as workers free up, and reports
 * progress per batch.
 */
export async function runInWorkers(
  files: readonly string[],
  jobs: number,
  input: WorkerInput,
  onBatch: (outcomes: readonly FileOutcome[]) => void,
): Promise<void> {
  const workers = Array.from({ length: Math.min(jobs, Math.ceil(files.length / BATCH_SIZE)) }, () => spawnWorker(input));
  const queue: string[][] = [];
  for (let index = 0; index < files.length; index += BATCH_SIZE) queue.push(files.slice(index, index + BATCH_SIZE));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const batch = queue.shift();
              if (batch) worker.postMessage(batch);
              else resolve();
            };
            worker.on('message', (outcomes: FileOutcome[]) => {
              onBatch(outcomes);
              next();
            });
            worker.once('error', reject);
            worker.once('exit', (code) => {
              if (code !== 0) reject(new Error(`a migration worker exited with code ${code}`));
            });
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
