import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { redisStore } from '../src/redis.js';
import { adminClient, dropPrefix, startReplyDroppingProxy, testPrefix } from './redis-support.js';
import { settle, startServer } from './support.js';

let admin: Redis;
const prefixes: string[] = [];
beforeAll(async () => {
  admin = await adminClient();
});
afterAll(async () => {
  for (const prefix of prefixes) await dropPrefix(admin, prefix);
  admin.disconnect();
});

/** A node whose Redis connections all go through a proxy that can take Redis away. */
async function nodeBehindProxy() {
  const prefix = testPrefix('unreachable-close');
  prefixes.push(prefix);
  const proxy = await startReplyDroppingProxy();
  const store = redisStore({ url: proxy.url, keyPrefix: prefix });
  const node = await startServer({ store });
  return { proxy, store, node };
}

// A shutdown must fit a termination grace period (Kubernetes: 30 s). Before, with Redis
// gone, server.close() waited on a broadcast in flight and store.close() on UNBLOCK and QUIT,
// each through all of ioredis' reconnection attempts (store.close() alone: about 107 s).
it('a node shuts down promptly when Redis went away while it was idle', { timeout: 20_000 }, async () => {
  const { proxy, store, node } = await nodeBehindProxy();
  await node.server.forRun({ userId: 'u1', threadId: 't1', runId: `idle-${Date.now()}` }).agentStarted({ agentName: 'a' });
  await settle(300); // the fan-out broadcast is through; the adapter's reader sits in XREAD BLOCK
  await proxy.close();
  await node.server.close();
  await store.close();
  expect(store.stats().runs).toBe(0);
});

it('a node shuts down promptly when Redis went away with a broadcast in flight', { timeout: 20_000 }, async () => {
  const { proxy, store, node } = await nodeBehindProxy();
  const run = node.server.forRun({ userId: 'u1', threadId: 't1', runId: `busy-${Date.now()}` });
  await run.agentStarted({ agentName: 'a' });
  await proxy.close(); // the start's fan-out XADD may still be on its way: it now waits in ioredis' queue
  await node.server.close();
  await store.close();
  expect(node.server.metrics().connections).toBe(0);
});
