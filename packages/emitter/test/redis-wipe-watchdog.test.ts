import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startNode, type TestNode } from './cluster-support.js';
import { adminClient, dropPrefix, testPrefix } from './redis-support.js';
import { connectClient, settle, waitFor, type TestClient } from './support.js';

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

it("a node whose memory of a wiped run is behind another node's does not end it while that node still emits", async () => {
  const runTimeoutMs = 1000;
  const behind = await startNode(prefix, { runTimeoutMs });
  const ahead = await startNode(prefix, { runTimeoutMs });
  const follower = await connectClient(ahead.url, 'u2');
  try {
    const runId = `wiped-two-${Date.now()}`;
    const ref = { userId: 'u2', threadId: 't2', runId };
    await follower.client.follow(runId);
    await behind.server.forRun(ref).agentStarted({ agentName: 'a' }); // behind knows seq 1
    await settle(100);
    await ahead.server.forRun(ref).agentThinking({ agentName: 'a', reasoning: 'before the wipe' }); // ahead knows seq 2
    await settle(200);
    await dropPrefix(admin, prefix);
    // behind's watchdog comes due at about 1,000 ms, ahead's at 1,100, while ahead goes on at 1,400.
    await settle(1100);
    await ahead.server.forRun(ref).agentThinking({ agentName: 'a', reasoning: 'after the wipe' });
    await ahead.server.forRun(ref).agentCompleted({ agentName: 'a', status: 'succeeded' });
    await waitFor(() => follower.events.some((event) => event.type === 'agent_completed'), 'the terminal event');
    await settle(200);
    expect(follower.events.map((event) => [event.seq, event.type, event.payload])).toEqual([
      [1, 'agent_started', { agentName: 'a' }],
      [2, 'agent_thinking', { agentName: 'a', reasoning: 'before the wipe' }],
      [3, 'agent_thinking', { agentName: 'a', reasoning: 'after the wipe' }],
      [4, 'agent_completed', { agentName: 'a', status: 'succeeded' }],
    ]);
    expect(behind.server.metrics().timedOut + ahead.server.metrics().timedOut).toBe(0);
  } finally {
    follower.client.close();
    await behind.stop();
    await ahead.stop();
  }
});
