import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createPipeline, migrateText, type FileOutcome, type PipelineOptions } from './process-file.js';

/** A worker thread of the pool: reads its batch from disk and migrates it in memory. */
export interface WorkerInput {
  root: string;
  options: PipelineOptions;
}

const input = workerData as WorkerInput;
const pipeline = createPipeline(input.options);
const port = parentPort;
if (!port) throw new Error('worker.ts runs in a worker thread of the migration pool');

port.postMessage('ready');
port.on('message', (batch: string[]) => {
  const outcomes: FileOutcome[] = batch.map((file) => {
    let text: string;
    try {
      text = readFileSync(path.join(input.root, file), 'utf8');
    } catch (error) {
      return { file, status: 'error', rules: {}, markers: [], parsed: false, reason: `cannot read: ${(error as Error).message}` };
    }
    return migrateText(file, text, pipeline);
  });
  port.postMessage(outcomes);
});
