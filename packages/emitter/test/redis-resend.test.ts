import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { EventStore } from '../src/event-store.js';
import { redisStore } from '../src/redis.js';
import { adminClient, dropPrefix, startReplyDroppingProxy, testPrefix, type ReplyDroppingProxy } from './redis-support.js';
import { startServer, type TestServer } from './support.js';

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
