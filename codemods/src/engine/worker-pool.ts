import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileOutcome } from './process-file.js';
import type { WorkerInput } from './worker.js';

/** Files per message: big enough to amortise messaging, small enough to balance the load. */
const BATCH_SIZE = 128;

/**
 * Spreads files over worker threads, handing out batches as workers free up, and reports
 * progress per batch. From TypeScript sources (a checkout) the workers load through tsx.
 */
export async function runInWorkers(
  files: readonly string[],
  jobs: number,
  input: WorkerInput,
  onBatch: (outcomes: readonly FileOutcome[]) => void,
): Promise<void> {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url);
  const execArgv = fromSource ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href] : [];
  const queue: string[][] = [];
  for (let index = 0; index < files.length; index += BATCH_SIZE) queue.push(files.slice(index, index + BATCH_SIZE));
  const workers = Array.from({ length: Math.min(jobs, queue.length) }, () => new Worker(entry, { workerData: input, execArgv }));
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
