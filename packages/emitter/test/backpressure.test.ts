import { EventEmitter } from 'node:events';
import type { Socket as NetSocket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { watchOutboundBudget } from '../src/outbound-budget.js';
import { connectClient, runOf, startServer, waitFor, type TestClient, type TestServer } from './support.js';

/**
 * An engine.io connection as the budget sees it: packet events, and a transport that is busy
 * writing (not writable) with a WebSocket buffer.
 */
function fakeConnection(bufferedAmount = 0) {
  const conn = new EventEmitter() as EventEmitter & {
    transport: { writable: boolean; socket: { bufferedAmount: number; terminate(): void } };
  };
  conn.transport = { writable: false, socket: { bufferedAmount, terminate: () => undefined } };
  return conn;
}

describe('outbound budget', () => {
  it('counts unflushed packets plus the WebSocket buffer, and fires once past the budget', () => {
    const conn = fakeConnection();
    const overflows: number[] = [];
    const stop = watchOutboundBudget(conn as never, 100, (bytes) => overflows.push(bytes));
    conn.emit('packetCreate', { data: 'x'.repeat(500) });
    expect(overflows).toEqual([]); // one large packet is not a backlog yet
    conn.emit('flush');
    conn.emit('packetCreate', { data: 'x'.repeat(60) });
    expect(overflows).toEqual([]); // the 500 bytes reached the transport, which wrote them out
    conn.transport.socket.bufferedAmount = 30;
    conn.emit('packetCreate', { data: Buffer.alloc(10) }); // backlog 60 + 30
    conn.emit('packetCreate', { data: 'more' }); // backlog 70 + 30: at the budget, not past it
    expect(overflows).toEqual([]);
    conn.emit('packetCreate', { data: 'again' }); // backlog 74 + 30
    expect(overflows).toEqual([104]);
    conn.emit('packetCreate', { data: 'and again' });
    expect(overflows).toHaveLength(1);
    stop();
    expect(conn.listenerCount('packetCreate') + conn.listenerCount('flush')).toBe(0);
  });

  it('finds no backlog on a transport that has written everything out, and one as soon as it is busy again', () => {
    const conn = fakeConnection();
    const overflows: number[] = [];
    watchOutboundBudget(conn as never, 100, (bytes) => overflows.push(bytes));
    // Writable means the last write's callback came: what the WebSocket reports was written out.
    conn.transport.writable = true;
    conn.transport.socket.bufferedAmount = 1000;
    conn.emit('packetCreate', { data: 'x'.repeat(10) });
    conn.emit('flush');
    expect(overflows).toEqual([]);
    // Busy writing: the next packet finds the client still sitting on the buffer.
    conn.transport.writable = false;
    conn.emit('packetCreate', { data: 'y' });
    expect(overflows).toEqual([1000]);
  });
});

describe('slow consumers', () => {
  let started: TestServer | undefined;
  let alice: TestClient | undefined;
  afterEach(async () => {
    alice?.client.close();
    await started?.server.close();
  });

  it('drops a client that stops reading, bounded by maxBufferedBytes, and the client recovers everything by resume', async () => {
    started = await startServer({ maxBufferedBytes: 256 * 1024, replayLimit: 1000 });
    alice = await connectClient(started.url, 'alice');
    const run = started.server.forRun(runOf('alice', 'run-slow'));
    await run.agentStarted({ agentName: 'a' });
    await waitFor(() => alice!.events.length === 1, 'the start');

    // Stop reading the socket: the kernel buffers fill, then the server's buffers grow.
    const tcp = (alice.client.socket.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket;
    tcp.pause();
    const reasoning = 'x'.repeat(64 * 1024);
    let sent = 1;
    while (started.server.metrics().slowConsumerDisconnects === 0 && sent < 800) {
      await run.agentThinking({ agentName: 'a', reasoning, stepNumber: sent++ });
      // A producer streaming over time: each event leaves in its own frame.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(started.server.metrics().slowConsumerDisconnects).toBe(1);
    // The server holds nothing for the dropped connection any more.
    await waitFor(() => started!.server.metrics().connections === 0, 'the connection to be gone');

    tcp.resume();
    await waitFor(() => alice!.client.socket.connected && started!.server.metrics().connections === 1, 'the reconnect');
    await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
    const total = sent + 1;
    await waitFor(() => alice!.events.length === total, `all ${total} events`, 20_000);
    expect(alice.events.map((event) => event.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(alice.failures).toEqual([]);
    console.log(`slow consumer: dropped after ${sent} events of 64 KiB (budget 256 KiB), recovered all ${total} by resume`);
  }, 60_000);
});

describe('coalescing agent_thinking (opt-in)', () => {
  let started: TestServer | undefined;
  let alice: TestClient | undefined;
  afterEach(async () => {
    alice?.client.close();
    await started?.server.close();
  });

  it('sends only the newest of the thinking events that queue up together, gapless, and says so', async () => {
    started = await startServer({ coalesceThinking: true });
    alice = await connectClient(started.url, 'alice');
    const run = started.server.forRun(runOf('alice', 'run-coalesce'));
    await run.agentStarted({ agentName: 'a' });
    const progress = await Promise.all([10, 20, 30, 40].map((percent) => run.agentThinking({ agentName: 'a', reasoning: `${percent}%`, progress: percent })));
    await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
    await waitFor(() => alice!.events.length === 3, 'three events');
    expect(alice.events.map((event) => [event.seq, event.type])).toEqual([
      [1, 'agent_started'],
      [2, 'agent_thinking'],
      [3, 'agent_completed'],
    ]);
    expect(alice.events[1]!.payload).toMatchObject({ progress: 40 });
    expect(new Set(progress.map((event) => event.id))).toEqual(new Set(['run-coalesce:2']));
    expect(started.server.metrics()).toMatchObject({ coalesced: 3, emitted: { agent_thinking: 1 } });
  });
});
