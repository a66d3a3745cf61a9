import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { writeFileAtomic } from './file-system.js';
import { createPipeline, unreadable, type FileOutcome, type PipelineOptions } from './pipeline.js';
import { commitOutcome, migrateText } from './process-file.js';

/** A worker thread of the pool: reads its batch from disk, migrates it, writes what changed. */
export interface WorkerInput {
  root: string;
  options: PipelineOptions;
  /** write changed files (not in a dry run or a check) */
  write: boolean;
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
      return unreadable(file, error);
    }
    const outcome = migrateText(file, text, pipeline);
    return input.write ? commitOutcome(outcome, (changed, output) => writeFileAtomic(path.join(input.root, changed), output)) : outcome;
  });
  port.postMessage(outcomes);
});
