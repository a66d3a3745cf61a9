import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { EventStore, RunSnapshot } from '../src/event-store.js';
import { memoryStore } from '../src/memory-store.js';
import type { AgentEvent, RunRef } from '../src/protocol.js';
import { adminClient, testPrefix, testRedisStore } from './redis-support.js';
import { startServer, waitForAsync, type TestServer } from './support.js';

let admin: Redis;
beforeAll(async () => {
  admin = await adminClient();
});
afterAll(() => admin.disconnect());

/**
 * A store whose first snapshot of a run is taken, then held while `during` runs: the
 * producer's event lands between the watchdog's look at the run and its terminal append,
 * the window a watchdog on a store behind a round trip (Redis) always has.
 */
function withEventDuringSnapshot(store: EventStore, during: (snapshot: RunSnapshot) => Promise<void>): EventStore {
  let fired = false;
  const snapshot = store.snapshot.bind(store);
  store.snapshot = async (runId) => {
    const seen = await snapshot(runId);
    if (seen && !seen.completed && !fired) {
      fired = true;
      await during(seen);
    }
    return seen;
  };
  return store;
}

const stores: Array<[string, () => EventStore]> = [
  ['memory', () => memoryStore()],
  ['redis', () => testRedisStore(admin, { keyPrefix: testPrefix('watchdog-race') })],
];

describe.each(stores)('the watchdog on the %s store', (_label, makeStore) => {
  let node: TestServer | undefined;
  let store: EventStore;
  afterAll(async () => {
    await node?.server.close();
    await store.close();
  });

  it('backs off when an event lands between its look and its terminal append, so the tool call it opened is closed', async () => {
    const run: RunRef = { userId: 'u1', threadId: 't1', runId: `race-${Date.now()}` };
    let opened: AgentEvent | undefined;
    store = withEventDuringSnapshot(makeStore(), async () => {
      opened = await node!.server.forRun(run).toolExecuting({ agentName: 'a', toolName: 'search', toolCallId: 'late-call' });
    });
    node = await startServer({ store, runTimeoutMs: 150, closeOpenRuns: 'cancel' });
    await node.server.forRun(run).agentStarted({ agentName: 'a' });

    // The run goes quiet after the late tool call: the watchdog ends it on a later round.
    let events: AgentEvent[] = [];
    await waitForAsync(async () => {
      const read = await store.read(run.runId, 0);
      events = read.status === 'ok' ? read.events : [];
      return events.at(-1)?.type === 'agent_completed';
    }, 'the timed-out run');
    expect(opened?.seq).toBe(2);
    expect(events.map((event) => [event.seq, event.type])).toEqual([
      [1, 'agent_started'],
      [2, 'tool_executing'],
      [3, 'tool_completed'],
      [4, 'agent_completed'],
    ]);
    expect(events[2]?.payload).toMatchObject({ toolCallId: 'late-call', error: expect.stringContaining('timed_out') });
    expect(events[3]?.payload).toMatchObject({ status: 'timed_out' });
    expect(node.server.metrics().timedOut).toBe(1);
  });
});
