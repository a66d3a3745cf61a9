import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startNode, type TestNode } from './cluster-support.js';
import { adminClient, dropPrefix, testPrefix } from './redis-support.js';
import { connectClient, waitFor, type TestClient } from './support.js';

let admin: Redis;
const prefix = testPrefix('wipe-watchdog');
let node: TestNode;
let watcher: TestClient | undefined;

beforeAll(async () => {
  admin = await adminClient();
  node = await startNode(prefix, { runTimeoutMs: 300 });
});
afterAll(async () => {
  watcher?.client.close();
  await node?.stop();
  await dropPrefix(admin, prefix);
  admin.disconnect();
});

it('a run Redis lost while its producer went quiet still gets its terminal event, its tool call closed first', async () => {
  const runId = `wiped-${Date.now()}`;
  watcher = await connectClient(node.url, 'u1');
  await watcher.client.follow(runId);
  const run = node.server.forRun({ userId: 'u1', threadId: 't1', runId });
  await run.agentStarted({ agentName: 'a' });
  await run.toolExecuting({ agentName: 'a', toolName: 'search', toolCallId: 'c1' });
  await waitFor(() => watcher!.events.length === 2, 'the first two events');

  // What a Redis restart without persistence does to this cluster's keys (the board included).
  await dropPrefix(admin, prefix);

  await waitFor(() => watcher!.events.some((event) => event.type === 'agent_completed'), 'the terminal event');
  expect(watcher.events.map((event) => [event.seq, event.type])).toEqual([
    [1, 'agent_started'],
    [2, 'tool_executing'],
    [3, 'tool_completed'],
    [4, 'agent_completed'],
  ]);
  expect(watcher.events[2]?.payload).toMatchObject({ toolCallId: 'c1', error: expect.stringContaining('timed_out') });
  expect(watcher.events[3]?.payload).toMatchObject({ status: 'timed_out' });
  expect(node.server.metrics()).toMatchObject({ timedOut: 1, openRuns: 0 });
  expect(node.store.stats().reseededRuns).toBe(1);
});
