import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { EventStore } from '../src/event-store.js';
import { redisStore } from '../src/redis.js';
import { adminClient, dropPrefix, startReplyDroppingProxy, testPrefix, type ReplyDroppingProxy } from './redis-support.js';
import { connectClient, startServer, waitFor, type TestServer } from './support.js';

let admin: Redis;
let proxy: ReplyDroppingProxy;
let store: EventStore;
let node: TestServer;
const prefix = testPrefix('resend');

beforeAll(async () => {
  admin = await adminClient();
  proxy = await startReplyDroppingProxy();
  store = redisStore({ url: proxy.url, keyPrefix: prefix });
  node = await startServer({ store });
});
afterAll(async () => {
  await node?.server.close();
  await store?.close();
  await proxy?.close();
  await dropPrefix(admin, prefix);
  admin.disconnect();
});

it('an append whose reply a dropped connection lost is stored once, and the emit resolves with it', async () => {
  const run = node.server.forRun({ userId: 'u1', threadId: 't1', runId: `resend-${Date.now()}` });
  await run.agentStarted({ agentName: 'a' });

  // Redis runs the append, the reply is lost, ioredis reconnects and sends it again.
  proxy.dropNextScriptReply();
  const thinking = await run.agentThinking({ agentName: 'a', reasoning: 'only once' });
  proxy.dropNextScriptReply();
  const completed = await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
  expect(proxy.cuts).toBe(2);

  expect([thinking.seq, completed.seq]).toEqual([2, 3]);
  const read = await store.read(run.run.runId, 0);
  expect(read.status === 'ok' && read.events.map((event) => [event.seq, event.type])).toEqual([
    [1, 'agent_started'],
    [2, 'agent_thinking'],
    [3, 'agent_completed'],
  ]);
  expect(node.server.metrics().rejected.store).toBe(0);
});

it('two appends of one node in flight on a run when the connection drops are each stored at most once', async () => {
  const ref = { userId: 'u2', threadId: 't2', runId: `resend-pair-${Date.now()}` };
  const ts = new Date().toISOString();
  const thinking = (reasoning: string) => [{ type: 'agent_thinking' as const, payload: { agentName: 'a', reasoning } }];
  await store.append(ref, [{ type: 'agent_started', payload: { agentName: 'a' } }], ts);

  // Straight to the store, past the server's per-run queue: two appends in flight at once.
  proxy.dropNextScriptReply();
  const results = await Promise.allSettled([store.append(ref, thinking('first'), ts), store.append(ref, thinking('second'), ts)]);

  const read = await store.read(ref.runId, 0);
  const stored = read.status === 'ok' ? read.events.map((event) => (event.payload as { reasoning?: string }).reasoning ?? event.type) : [];
  expect(stored.slice(0, 1)).toEqual(['agent_started']);
  expect(new Set(stored).size).toBe(stored.length); // nothing twice
  expect(stored.sort()).toEqual(['agent_started', 'first', 'second'].sort());
  // Whatever resolved names the seq its event really has; what did not says so as a store error.
  for (const [index, result] of results.entries()) {
    if (result.status === 'fulfilled') {
      const event = result.value[0]!.event;
      expect(read.status === 'ok' && read.events[event.seq - 1]?.payload).toEqual(event.payload);
      expect((event.payload as { reasoning: string }).reasoning).toBe(index === 0 ? 'first' : 'second');
    } else {
      expect(String(result.reason)).toContain('outcome cannot be known');
    }
  }
});

it.each([1000, 1])(
  'a re-sent append with an idempotency duplicate answers as the first time, its key evicted since or not (idempotencyLimit %i)',
  async (limit) => {
    const limited = redisStore({ url: proxy.url, keyPrefix: prefix, idempotencyLimit: limit });
    try {
      const ref = { userId: 'u3', threadId: 't3', runId: `resend-dup-${limit}-${Date.now()}` };
      const ts = new Date().toISOString();
      const keyed = (reasoning: string, idempotencyKey: string) => ({ type: 'agent_thinking' as const, payload: { agentName: 'a', reasoning }, idempotencyKey });
      await limited.append(ref, [{ type: 'agent_started', payload: { agentName: 'a' } }], ts);
      const [first] = await limited.append(ref, [keyed('one', 'k1')], ts);
      const cuts = proxy.cuts;
      // With a limit of 1 the append's own k2 evicts k1 before the re-send asks for it.
      proxy.dropNextScriptReply();
      const outcomes = await limited.append(ref, [keyed('one again', 'k1'), keyed('two', 'k2')], ts);
      expect(proxy.cuts).toBe(cuts + 1);
      expect(outcomes).toEqual([
        { duplicate: true, event: first!.event },
        { duplicate: false, event: expect.objectContaining({ seq: 3, payload: { agentName: 'a', reasoning: 'two' } }) },
      ]);
    } finally {
      await limited.close();
    }
  },
);

it("the watchdog's terminal append whose reply was lost still ends the run for live clients", async () => {
  // Its own prefix: the other tests' unfinished runs sit on this prefix's board for the sweep.
  const ownPrefix = testPrefix('resend-terminal');
  const watchful = redisStore({ url: proxy.url, keyPrefix: ownPrefix });
  const timing = await startServer({ store: watchful, runTimeoutMs: 300, closeOpenRuns: 'cancel' });
  const watcher = await connectClient(timing.url, 'u4');
  try {
    const runId = `resend-terminal-${Date.now()}`;
    await watcher.client.follow(runId);
    await timing.server.forRun({ userId: 'u4', threadId: 't4', runId }).agentStarted({ agentName: 'a' });
    // The script after the watchdog's look at the run is its terminal append: lose its reply.
    const snapshot = watchful.snapshot.bind(watchful);
    let armed = false;
    watchful.snapshot = async (id) => {
      const seen = await snapshot(id);
      if (!armed && seen && !seen.completed) {
        armed = true;
        proxy.dropNextScriptReply();
      }
      return seen;
    };
    await waitFor(() => watcher.events.some((event) => event.type === 'agent_completed'), 'the terminal event, live');
    expect(watcher.events.map((event) => [event.seq, event.type])).toEqual([
      [1, 'agent_started'],
      [2, 'agent_completed'],
    ]);
    expect(timing.server.metrics().timedOut).toBe(1);
    expect(armed).toBe(true);
  } finally {
    watcher.client.close();
    await timing.server.close();
    await watchful.close();
    await dropPrefix(admin, ownPrefix);
  }
});
