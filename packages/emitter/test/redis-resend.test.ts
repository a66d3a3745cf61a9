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
