import { afterEach, expect, it } from 'vitest';
import type { EventStore } from '../src/event-store.js';
import { memoryStore } from '../src/index.js';
import { connectClient, runOf, startServer, waitFor, type TestClient, type TestServer } from './support.js';

let started: TestServer | undefined;
let alice: TestClient | undefined;
afterEach(async () => {
  alice?.client.close();
  await started?.server.close();
});

it('retries a replay the server could not read (unavailable) instead of skipping it', async () => {
  const store = memoryStore();
  let outages = 2;
  const flaky: EventStore = {
    kind: 'flaky',
    append: (...args) => store.append(...args),
    read: async (...args) => {
      if (outages-- > 0) throw new Error('store unreachable');
      return store.read(...args);
    },
    snapshot: (...args) => store.snapshot(...args),
    stats: () => store.stats(),
    close: () => store.close(),
  };
  started = await startServer({ store: flaky });
  const run = started.server.forRun(runOf('alice', 'run-flaky'));
  await run.agentStarted({ agentName: 'a' });
  await run.agentThinking({ agentName: 'a', reasoning: 'r' });

  alice = await connectClient(started.url, 'alice', { gapTimeoutMs: 20 });
  await alice.client.follow('run-flaky');
  await waitFor(() => alice!.events.length === 2, 'the replay once the store is back');
  expect(alice.failures).toEqual([
    { runId: 'run-flaky', reason: 'unavailable' },
    { runId: 'run-flaky', reason: 'unavailable' },
  ]);
  expect(alice.events.map((event) => event.seq)).toEqual([1, 2]);
  expect(started.server.metrics().resumeFailed.unavailable).toBe(2);
  await store.close();
});
