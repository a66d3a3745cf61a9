import type { FileOutcome, PipelineOptions } from './pipeline.js';
import { spawnWorker } from './spawn-worker.js';

export interface IoThreadInput {
  root: string;
  files: readonly string[];
  options: PipelineOptions;
  batchSize: number;
  /** batches handed over but not yet migrated, at most */
  readAhead: number;
}

export type FromIoThread =
  /** files the pre-filter decided, and those to parse, with their text */
  | { kind: 'batch'; decided: FileOutcome[]; candidates: Array<[file: string, text: string]> }
  /** every file has been handed over */
  | { kind: 'read' }
  /** every write sent so far is done; the ones that failed */
  | { kind: 'flushed'; failures: Array<[file: string, reason: string]> };

export type ToIoThread =
  /** a batch was migrated: its changed files to write, if any */
  | { kind: 'consumed'; writes: Array<[file: string, text: string]> }
  | { kind: 'flush' };

const BATCH_SIZE = 64;
const READ_AHEAD = 16;

/**
 * Migrates files on this thread while an I/O thread reads, pre-filters and writes them: with
 * one thread for the compiler, the second core takes every system call. `migrate` is called
 * for the files that pass the pre-filter; a changed file's output is written by the I/O
 * thread (atomically) when `write` is set, and a write that fails makes that file an error.
 */
export async function migrateWithIoThread(
  input: { root: string; files: readonly string[]; options: PipelineOptions; write: boolean },
  migrate: (file: string, text: string) => FileOutcome,
  onBatch: (outcomes: readonly FileOutcome[]) => void,
): Promise<Map<string, string>> {
  const data: IoThreadInput = { root: input.root, files: input.files, options: input.options, batchSize: BATCH_SIZE, readAhead: READ_AHEAD };
  const worker = spawnWorker('io-worker', data);
  const send = (message: ToIoThread) => worker.postMessage(message);
  try {
    return await new Promise<Map<string, string>>((resolve, reject) => {
      const onMessage = (message: FromIoThread) => {
        if (message.kind === 'batch') {
          const writes: Array<[string, string]> = [];
          const migrated = message.candidates.map(([file, text]) => {
            const outcome = migrate(file, text);
            if (outcome.output === undefined || !input.write) return outcome;
            const { output, ...written } = outcome;
            writes.push([file, output]);
            return written;
          });
          send({ kind: 'consumed', writes });
          onBatch([...message.decided, ...migrated]);
        } else if (message.kind === 'read') {
          send({ kind: 'flush' });
        } else {
          resolve(new Map(message.failures));
        }
      };
      worker.on('message', (message: FromIoThread) => {
        try {
          onMessage(message);
        } catch (error) {
          // A migration that throws ends the run, as it does on this thread alone.
          reject(error);
        }
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the I/O thread exited early, with code ${code}`)));
    });
  } finally {
    await worker.terminate();
  }
}
