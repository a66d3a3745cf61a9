import { afterEach, expect, it } from 'vitest';
import type { EventStore } from '../src/event-store.js';
import { memoryStore, userRoom } from '../src/index.js';
import { createEmitterClient } from '../src/client/index.js';
import { connectClient, runOf, settle, startServer, waitFor, type TestClient, type TestServer } from './support.js';

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

it('recovers a lost tail (no later event shows the gap) by probing a run that went quiet', async () => {
  started = await startServer();
  const { server } = started;
  const run = server.forRun(runOf('alice', 'run-tail'));
  alice = await connectClient(started.url, 'alice', { quietRunProbeMs: 50 });
  await run.agentStarted({ agentName: 'a' });
  await waitFor(() => alice!.events.length === 1, 'the first event live');

  // The fan-out loses the run's last frames: alice's socket is out of the room while they go.
  const room = userRoom('alice');
  expect(server.namespace.adapter.rooms.get(room)?.size).toBe(1);
  server.namespace.in(room).socketsLeave(room);
  await run.agentThinking({ agentName: 'a', reasoning: 'lost' });
  await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
  await settle(50); // the frame leaves on the next turn, while alice is still out
  expect(alice.events).toHaveLength(1);
  server.namespace.in(alice.client.socket.id ?? '').socketsJoin(room);

  await waitFor(() => alice!.events.length === 3, 'the lost tail, replayed after the run went quiet');
  expect(alice.events.map((event) => [event.seq, event.type])).toEqual([
    [1, 'agent_started'],
    [2, 'agent_thinking'],
    [3, 'agent_completed'],
  ]);
  expect(alice.client.stats().resumes).toBeGreaterThan(0);
  expect(server.metrics().gaps).toBe(1);
  // Finished: it is no longer probed.
  const resumes = alice.client.stats().resumes;
  expect(alice.client.stats().runsFollowed).toBe(0);
  await settle(200);
  expect(alice.client.stats().resumes).toBe(resumes);
});

it('replays a run followed before the first connection, once it connects', async () => {
  started = await startServer();
  const run = started.server.forRun(runOf('alice', 'run-early'));
  await run.agentStarted({ agentName: 'a' });
  await run.agentThinking({ agentName: 'a', reasoning: 'before the client' });
  const events: number[] = [];
  // Not connected yet: follow() must still replay, without waiting for a quiet-run probe.
  const client = createEmitterClient({
    url: started.url,
    auth: { token: 'user:alice' },
    quietRunProbeMs: 0,
    onEvent: (event) => events.push(event.seq),
  });
  try {
    await client.follow('run-early');
    // follow() resolves once the replay is in.
    expect(events).toEqual([1, 2]);
    await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
    await waitFor(() => events.length === 3, 'the live terminal event');
    expect(events).toEqual([1, 2, 3]);
  } finally {
    client.close();
  }
});

it('settles a follow() still waiting for the connection when the client is closed', async () => {
  started = await startServer();
  const client = createEmitterClient({ url: started.url, auth: { token: 'user:alice' } });
  const following = client.follow('run-x');
  client.close();
  await expect(following).rejects.toThrow(/closed before it connected/);
  await expect(client.ready()).rejects.toThrow(/closed before it connected/);
});

it('rejects follow() when the connection is refused', async () => {
  started = await startServer();
  const client = createEmitterClient({ url: started.url, auth: { token: 'nobody' }, socketOptions: { reconnection: false } });
  try {
    await expect(client.follow('run-x')).rejects.toThrow();
  } finally {
    client.close();
  }
});

it('treats follow() of a run it already finished as done: no second delivery, nothing left to probe', async () => {
  started = await startServer();
  alice = await connectClient(started.url, 'alice', { quietRunProbeMs: 20 });
  const run = started.server.forRun(runOf('alice', 'run-done'));
  await run.agentStarted({ agentName: 'a' });
  await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
  await waitFor(() => alice!.events.length === 2, 'the finished run');
  expect(alice.client.stats()).toMatchObject({ runsFollowed: 0, runsFinished: 1 });

  await alice.client.follow('run-done');
  await settle(200); // ten quiet-run periods
  expect(alice.events.map((event) => event.seq)).toEqual([1, 2]);
  expect(alice.client.stats()).toMatchObject({ runsFollowed: 0, runsFinished: 1, resumes: 0 });
  expect(alice.client.lastSeq('run-done')).toBe(2);
});

it('follows a run once connected even when the first connection attempt failed', async () => {
  // Nothing listens on the port yet: the first attempt fails and ready() rejects.
  const placeholder = await startServer();
  const url = placeholder.url;
  await placeholder.server.close();
  const events: number[] = [];
  const client = createEmitterClient({
    url,
    auth: { token: 'user:alice' },
    socketOptions: { reconnectionDelay: 50, reconnectionDelayMax: 100 },
    onEvent: (event) => events.push(event.seq),
  });
  try {
    await expect(client.ready()).rejects.toThrow();
    // The server comes up on that port; the client reconnects by itself.
    const port = Number(new URL(url).port);
    started = await startServer({}, port);
    const run = started.server.forRun(runOf('alice', 'run-later'));
    await run.agentStarted({ agentName: 'a' });
    await waitFor(() => client.socket.connected, 'the reconnection');
    await client.follow('run-later');
    expect(events).toEqual([1]);
  } finally {
    client.close();
  }
});
