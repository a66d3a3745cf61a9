import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startNode, startProxy, type TcpProxy, type TestNode } from './cluster-support.js';
import { adminClient, dropPrefix, REDIS_URL, testPrefix } from './redis-support.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { createEmitterServer, EventValidationError } from '../src/index.js';
import { redisStore } from '../src/redis.js';
import { connectClient, runOf, settle, tokenAuth, waitFor, type TestClient } from './support.js';

let admin: Redis;
beforeAll(async () => {
  admin = await adminClient();
});
afterAll(() => {
  admin.disconnect();
});

describe('two nodes on Redis', () => {
  let prefix: string;
  const nodes: TestNode[] = [];
  const clients: TestClient[] = [];
  let proxy: TcpProxy | undefined;

  const node = async (options: Parameters<typeof startNode>[1] = {}) => {
    const started = await startNode(prefix, { runTimeoutMs: 60_000, ...options });
    nodes.push(started);
    return started;
  };
  const client = async (url: string, userId: string) => {
    const connected = await connectClient(url, userId);
    clients.push(connected);
    return connected;
  };

  beforeAll(() => {
    prefix = testPrefix('cluster');
  });
  afterEach(async () => {
    for (const { client: sdk } of clients.splice(0)) sdk.close();
    await proxy?.close();
    proxy = undefined;
    for (const started of nodes.splice(0)) await started.stop();
    await dropPrefix(admin, prefix);
  });

  it('delivers events emitted on node A to the user on node B, and to nobody else', async () => {
    const [a, b] = [await node(), await node()];
    const alice = await client(b.url, 'alice');
    const bob = await client(b.url, 'bob');
    const run = a.server.forRun(runOf('alice', 'run-ab'));
    await run.agentStarted({ agentName: 'a' });
    await run.agentThinking({ agentName: 'a', reasoning: 'across nodes' });
    await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
    await waitFor(() => alice.events.length === 3, 'three events on node B');
    expect(alice.events.map((event) => [event.seq, event.type])).toEqual([
      [1, 'agent_started'],
      [2, 'agent_thinking'],
      [3, 'agent_completed'],
    ]);
    await settle();
    expect(bob.events).toEqual([]);
    // Node A delivered nothing itself: B's adapter did.
    expect(a.server.metrics().eventsDelivered).toBe(0);
  });

  it("delivers events from node A to a user on a node whose socket.io server is the app's own (the io option)", async () => {
    const a = await node();
    // Node B: the app's own HTTP and socket.io servers, on the store's fan-out adapter.
    const store = redisStore({ url: REDIS_URL, keyPrefix: prefix });
    const http = createServer();
    const io = new Server(http, { serveClient: false, adapter: store.socketIoAdapter?.() });
    const b = createEmitterServer({ io, store, authenticate: tokenAuth, runTimeoutMs: 60_000 });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const alice = await client(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, 'alice');
      const run = a.server.forRun(runOf('alice', 'run-app-io'));
      const sent = [
        await run.agentStarted({ agentName: 'a', context: { quote: 'a " and ü' } }),
        await run.emitBatch([
          { type: 'agent_thinking', payload: { agentName: 'a', reasoning: 'one' } },
          { type: 'agent_thinking', payload: { agentName: 'a', reasoning: 'two' } },
        ]),
      ].flat();
      await waitFor(() => alice.events.length === 3, 'three events on the app-owned node');
      expect(alice.events).toEqual(sent);
    } finally {
      await b.close();
      await io.close();
      await store.close();
    }
  });

  it('notifies a user on another node, and refuses data JSON cannot carry in the caller’s hands', async () => {
    const [a, b] = [await node(), await node()];
    const alice = await client(b.url, 'alice');
    // User events have no replay: first see the fan-out from A to B carry something.
    await a.server.forRun(runOf('alice', 'run-notify')).agentStarted({ agentName: 'a' });
    await waitFor(() => alice.events.length === 1, 'the fan-out from node A to node B');
    // Behind the cluster adapter the packet is encoded after a Redis round trip: a BigInt
    // found there would be an unhandled rejection (the process's end under Node's defaults).
    expect(() => a.server.notifyUser('alice', 'usage', { tokens: 10n })).toThrow(EventValidationError);
    expect(() => a.server.notifyUser('alice', 'usage', { tokens: 10n })).toThrow(/data: expected JSON-serializable data/);
    // Binary still travels as socket.io attachments.
    a.server.notifyUser('alice', 'avatar', { image: Buffer.from([1, 2, 3]), title: 'me' });
    await waitFor(() => alice.userEvents.length === 1, 'the user event on node B');
    expect(alice.userEvents[0]).toMatchObject({ type: 'avatar', data: { title: 'me' } });
    expect(Buffer.from((alice.userEvents[0]!.data as { image: Uint8Array }).image)).toEqual(Buffer.from([1, 2, 3]));
    expect(a.server.metrics().userEvents).toBe(1);
  });

  it('keeps one run gapless when both nodes emit on it at once', async () => {
    const [a, b] = [await node(), await node()];
    const alice = await client(a.url, 'alice');
    await a.server.forRun(runOf('alice', 'run-both')).agentStarted({ agentName: 'a' });
    const emits = Array.from({ length: 40 }, (_, i) =>
      (i % 2 === 0 ? a : b).server.forRun(runOf('alice', 'run-both')).agentThinking({ agentName: 'a', reasoning: `r${i}` }),
    );
    const seqs = (await Promise.all(emits)).map((event) => event.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    await b.server.forRun(runOf('alice', 'run-both')).agentCompleted({ agentName: 'a', status: 'succeeded' });
    await waitFor(() => alice.events.length === 42, 'every event, in order');
    expect(alice.events.map((event) => event.seq)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
  });

  it('resumes a client cut from node A on node B with nothing lost or repeated', async () => {
    const [a, b] = [await node(), await node()];
    proxy = await startProxy([a.port]);
    const alice = await client(proxy.url, 'alice');
    const run = a.server.forRun(runOf('alice', 'run-move'));
    await run.agentStarted({ agentName: 'a' });
    await waitFor(() => alice.events.length === 1, 'the start');

    proxy.route([b.port]);
    alice.client.socket.io.engine.close();
    await waitFor(() => !alice.client.socket.connected, 'the cut');
    await run.agentThinking({ agentName: 'a', reasoning: 'while away 1' });
    await run.agentThinking({ agentName: 'a', reasoning: 'while away 2' });
    await waitFor(() => b.server.metrics().connections === 1, 'the reconnect to B');
    await waitFor(() => alice.events.length === 3, 'the replay from B');
    await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
    await waitFor(() => alice.events.length === 4, 'all four');
    await settle();
    expect(alice.events.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    expect(alice.failures).toEqual([]);
    expect(b.server.metrics().replayed).toBe(2);
  });

  it('hands open runs over on close(): node B ends them once, as timed_out', async () => {
    const a = await node({ runTimeoutMs: 400 });
    const b = await node({ runTimeoutMs: 400 });
    proxy = await startProxy([a.port]);
    const alice = await client(proxy.url, 'alice');
    const run = a.server.forRun(runOf('alice', 'run-handover'));
    await run.agentStarted({ agentName: 'worker' });
    await run.toolExecuting({ agentName: 'worker', toolName: 'crawl', toolCallId: 'c1' });
    await waitFor(() => alice.events.length === 2, 'two events');

    proxy.route([b.port]);
    await a.stop();
    expect(a.server.metrics()).toMatchObject({ handedOver: 1, cancelled: 0 });
    await waitFor(() => alice.events.length === 4, 'the terminal event from node B', 15_000);
    expect(alice.events.slice(2)).toMatchObject([
      { seq: 3, type: 'tool_completed', payload: { toolCallId: 'c1', error: expect.stringMatching(/^timed_out/) } },
      { seq: 4, type: 'agent_completed', payload: { status: 'timed_out' } },
    ]);
    expect(b.server.metrics().timedOut).toBe(1);
    await settle(600);
    expect(alice.events).toHaveLength(4);
  });

  it('can still cancel open runs on close() when asked to', async () => {
    const a = await node({ closeOpenRuns: 'cancel' });
    const alice = await client(a.url, 'alice');
    await a.server.forRun(runOf('alice', 'run-cancel')).agentStarted({ agentName: 'a' });
    await a.stop();
    await waitFor(() => alice.events.length === 2, 'the cancellation');
    expect(alice.events[1]).toMatchObject({ type: 'agent_completed', payload: { status: 'cancelled' } });
  });
});
