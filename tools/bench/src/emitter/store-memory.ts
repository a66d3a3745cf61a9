/**
 * `npm run bench:store-memory`: what the memory store's replay log costs a server that holds
 * many events: heap after a full collection, and time in young- and full-generation
 * collections while it fills. One process, no sockets; every event stays held (completed runs
 * are kept for their TTL, open ones up to `replayLimit`). Not a test: it prints one JSON line.
 *
 *   --runs 2000 --events 500 --keyed   (every event with its own idempotency key, as legacy-compat sends them)
 */
import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { memoryStore, type EventDraft } from '@unified-ws/emitter';

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '2000' },
    events: { type: 'string', default: '500' },
    keyed: { type: 'boolean', default: false },
  },
});
const runs = Number(flags.runs);
const perRun = Number(flags.events);
if (!(Number.isInteger(runs) && runs > 0 && Number.isInteger(perRun) && perRun > 0)) {
  throw new RangeError('--runs and --events must be positive integers');
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const collections = { youngMs: 0, fullMs: 0, full: 0 };
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) {
      collections.youngMs += entry.duration;
    } else {
      collections.fullMs += entry.duration;
      collections.full++;
    }
  }
});
observer.observe({ entryTypes: ['gc'] });

const store = memoryStore();
const appendNow = store.appendNow?.bind(store);
if (!appendNow) throw new Error('the memory store answers appends at once');
const padding = 'x'.repeat(90);
gc();
const heapBefore = process.memoryUsage().heapUsed;
const startedAt = performance.now();
const refs = Array.from({ length: runs }, (_, run) => ({ userId: `user-${run % 200}`, threadId: 'thread', runId: `run-${run}` }));
for (const ref of refs) appendNow(ref, [{ type: 'agent_started', payload: { agentName: 'bench' } }], new Date().toISOString());
// Run after run, event by event, as a server interleaves them; a fresh payload each time, as producers send.
for (let index = 0; index < perRun; index++) {
  const ts = new Date().toISOString();
  for (const ref of refs) {
    const draft: EventDraft = {
      type: 'agent_thinking',
      payload: { agentName: 'bench', reasoning: `step ${index} ${padding}` },
      ...(flags.keyed ? { idempotencyKey: `thinking-${index}` } : {}),
    };
    appendNow(ref, [draft], ts);
  }
}
const fillMs = performance.now() - startedAt;
gc();
const heapAfter = process.memoryUsage().heapUsed;

// The observer reports collections on a later turn.
setTimeout(() => {
  observer.disconnect();
  const events = store.stats().events;
  console.log(
    JSON.stringify({
      eventsHeld: events,
      keyed: flags.keyed,
      heapMb: Math.round((heapAfter - heapBefore) / 1e6),
      bytesPerEvent: Math.round((heapAfter - heapBefore) / events),
      fillMs: Math.round(fillMs),
      youngGcMs: Math.round(collections.youngMs),
      fullGcMs: Math.round(collections.fullMs),
      fullGcs: collections.full,
    }),
  );
}, 100);
