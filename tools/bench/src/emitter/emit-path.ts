/**
 * `npm run bench:emit-path`: what one event costs the server's own code, without sockets:
 * validation, the store, the watchdog, batching and the promise the producer gets back. The
 * user has no socket on this node, so no frame is serialized. In one process, on one thread,
 * far steadier than `bench:emitter`, whose figures move by 10% from run to run: a change to
 * the emit path that saves 3% of it shows here. Not a test: it prints one JSON line.
 *
 *   --runs 200 --events 500 --burst 10 --repeat 7   (the first repetition warms up, the median of the others counts)
 */
import { parseArgs } from 'node:util';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createEmitterServer, type RunEmitter } from '@unified-ws/emitter';
import { median } from '../shared/measure.js';

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    events: { type: 'string', default: '500' },
    burst: { type: 'string', default: '10' },
    repeat: { type: 'string', default: '7' },
  },
});
const [runs, events, burst, repeat] = [flags.runs, flags.events, flags.burst, flags.repeat].map(Number) as [number, number, number, number];
if (![runs, events, burst, repeat].every((value) => Number.isInteger(value) && value > 0) || repeat < 2) {
  throw new RangeError('--runs, --events and --burst must be positive integers, --repeat at least 2');
}

const server = createEmitterServer({ authenticate: () => ({ userId: 'nobody' }), runTimeoutMs: 600_000 });
const padding = 'x'.repeat(90);
let failure: unknown;
const refused = (error: unknown) => {
  failure ??= error;
};
const accepted = () => undefined;

/** One repetition: every run started, `events` thinking events each in bursts per turn, every run completed. */
async function repetition(index: number): Promise<{ wallNs: number; cpuNs: number }> {
  const handles: RunEmitter[] = Array.from({ length: runs }, (_, run) =>
    server.forRun({ userId: `user-${run}`, threadId: 'thread', runId: `run-${index}-${run}` }),
  );
  await Promise.all(handles.map((run) => run.agentStarted({ agentName: 'bench' })));
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  for (let sent = 0; sent < events; sent += burst) {
    for (const run of handles) {
      for (let i = 0; i < burst && sent + i < events; i++) {
        run.agentThinking({ agentName: 'bench', reasoning: `step ${sent + i} ${padding}` }).then(accepted, refused);
      }
    }
    // The outbound batcher flushes on the next turn, as under a real producer.
    await nextTurn();
  }
  const wallNs = ((performance.now() - startedAt) * 1e6) / (runs * events);
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all(handles.map((run) => run.agentCompleted({ agentName: 'bench', status: 'succeeded' })));
  if (failure) throw failure;
  return { wallNs, cpuNs: ((cpu.user + cpu.system) * 1e3) / (runs * events) };
}

const results: Array<{ wallNs: number; cpuNs: number }> = [];
for (let index = 0; index < repeat; index++) results.push(await repetition(index));
await server.close();
const timed = results.slice(1);
console.log(
  JSON.stringify({
    events: runs * events,
    nsPerEvent: Math.round(median(timed.map((result) => result.wallNs))),
    cpuNsPerEvent: Math.round(median(timed.map((result) => result.cpuNs))),
    repetitionsNs: timed.map((result) => Math.round(result.wallNs)),
  }),
);
