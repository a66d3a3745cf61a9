import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { writeFileAtomic } from './file-system.js';
import type { FromIoThread, IoThreadInput, ToIoThread } from './io-thread.js';
import { createPipeline, screen, unreadable, type FileOutcome } from './pipeline.js';

/*
 * The I/O thread: reads every file and runs the text pre-filter, hands the files that must be
 * parsed to the migrating thread, and writes what that thread sends back. It never loads the
 * TypeScript compiler, so it is reading within milliseconds of its start.
 */

const input = workerData as IoThreadInput;
const port = parentPort;
if (!port) throw new Error('io-worker.ts runs in a worker thread');
const pipeline = createPipeline(input.options);
const post = (message: FromIoThread) => port.postMessage(message);

let unconsumed = 0;
let wakeReader: (() => void) | undefined;
const failures: Array<[string, string]> = [];
port.on('message', (message: ToIoThread) => {
  if (message.kind === 'consumed') {
    unconsumed -= 1;
    wakeReader?.();
    for (const [file, text] of message.writes) {
      try {
        writeFileAtomic(path.join(input.root, file), text);
      } catch (error) {
        failures.push([file, (error as Error).message]);
      }
    }
  } else {
    post({ kind: 'flushed', failures: failures.splice(0) });
  }
});

for (let start = 0; start < input.files.length; start += input.batchSize) {
  const decided: FileOutcome[] = [];
  const candidates: Array<[string, string]> = [];
  for (const file of input.files.slice(start, start + input.batchSize)) {
    let text: string;
    try {
      text = readFileSync(path.join(input.root, file), 'utf8');
    } catch (error) {
      decided.push(unreadable(file, error));
      continue;
    }
    const outcome = screen(file, text, pipeline);
    if (outcome) decided.push(outcome);
    else candidates.push([file, text]);
  }
  post({ kind: 'batch', decided, candidates });
  unconsumed += 1;
  // Reading ahead is bounded, so a slow migration never holds a whole tree's text; while it
  // waits, this thread writes what has been migrated.
  while (unconsumed >= input.readAhead) await new Promise<void>((resolve) => (wakeReader = resolve));
}
post({ kind: 'read' });
