import { io, type Socket } from 'socket.io-client';
import { afterEach, expect, it } from 'vitest';
import { runOf, startServer, waitFor, type TestServer } from './support.js';

// What a non-TypeScript client sees: nothing but socket.io and the documented protocol.
let started: TestServer | undefined;
let socket: Socket | undefined;
afterEach(async () => {
  socket?.disconnect();
  await started?.server.close();
});

it('speaks protocol v1 to a plain socket.io client: envelopes, batches, ack and resume', async () => {
  started = await startServer();
  socket = io(`${started.url}/agent-events`, { auth: { token: 'user:carol' }, transports: ['websocket'] });
  const frames: Array<{ name: string; args: unknown[] }> = [];
  socket.onAny((name: string, ...args: unknown[]) => frames.push({ name, args }));
  await new Promise<void>((resolve) => socket!.once('connect', () => resolve()));

  const run = started.server.forRun(runOf('carol', 'run-plain'));
  await run.agentStarted({ agentName: 'a' });
  await waitFor(() => frames.length === 1, 'single event frame');
  await Promise.all([run.agentThinking({ agentName: 'a', reasoning: 'x' }), run.agentThinking({ agentName: 'a', reasoning: 'y' })]);
  await waitFor(() => frames.length === 2, 'batched frame');

  expect(frames[0]!.name).toBe('agent_event');
  expect(frames[0]!.args).toHaveLength(1); // one object argument, never a trailing string
  expect(frames[0]!.args[0]).toMatchObject({ v: 1, id: 'run-plain:1', seq: 1, type: 'agent_started', critical: true });
  expect(frames[1]!.name).toBe('agent_events');
  expect((frames[1]!.args[0] as Array<{ seq: number }>).map((event) => event.seq)).toEqual([2, 3]);

  // Malformed acks are ignored (they only ever feed metrics); the server reads them in order.
  for (const junk of [{ runId: 'run-plain', seq: 2.5 }, { seq: 3 }, 'junk', { runId: 'run-plain', seq: 3, extra: 1 }, { runId: '', seq: 3 }]) {
    socket.emit('ack', junk);
  }
  socket.emit('ack', { runId: 'run-plain', seq: 3 });
  const replay = await socket.timeout(5000).emitWithAck('resume', { runId: 'run-plain', afterSeq: 1 });
  expect(replay.recovered).toBe(true);
  expect(replay.events.map((event: { seq: number }) => event.seq)).toEqual([2, 3]);
  expect(await socket.timeout(5000).emitWithAck('resume', { runId: 'run-plain', afterSeq: -1 })).toEqual({
    recovered: false,
    reason: 'invalid_request',
  });
  // The resumes were answered after every ack before them was read.
  expect(started.server.metrics()).toMatchObject({ acks: 1, acked: 3 });
});

it('counts an ack only up to what this node sent: a client cannot inflate acked', async () => {
  started = await startServer();
  socket = io(`${started.url}/agent-events`, { auth: { token: 'user:dave' }, transports: ['websocket'] });
  const frames: unknown[] = [];
  socket.onAny((...args: unknown[]) => frames.push(args));
  await new Promise<void>((resolve) => socket!.once('connect', () => resolve()));
  const run = started.server.forRun(runOf('dave', 'run-claims'));
  await run.agentStarted({ agentName: 'a' });
  await run.agentThinking({ agentName: 'a', reasoning: 'x' });
  await waitFor(() => frames.length === 1, 'one frame of two events');

  socket.emit('ack', { runId: 'run-claims', seq: 1_000_000 }); // more than was ever sent
  socket.emit('ack', { runId: 'never-sent-here', seq: 50 }); // a run this node sent nothing of
  await waitFor(() => started!.server.metrics().acks === 2, 'both acks read');
  expect(started.server.metrics().acked).toBe(2);

  // The claim did not stick: the next real ack of the run counts what was sent since.
  await run.agentThinking({ agentName: 'a', reasoning: 'y' });
  await waitFor(() => frames.length === 2, 'the third event');
  socket.emit('ack', { runId: 'run-claims', seq: 3 });
  await waitFor(() => started!.server.metrics().acks === 3, 'the third ack read');
  expect(started.server.metrics().acked).toBe(3);
});

it("keeps socket.io's connection-state recovery working: frames sent while a socket was away reach it when it is restored", async () => {
  started = await startServer({ socketOptions: { connectionStateRecovery: { maxDisconnectionDuration: 10_000 } } });
  socket = io(`${started.url}/agent-events`, {
    auth: { token: 'user:erin' },
    transports: ['websocket'],
    reconnectionDelay: 50,
    reconnectionDelayMax: 100,
  });
  const seqs: number[] = [];
  socket.on('agent_event', (event: { seq: number }) => seqs.push(event.seq));
  socket.on('agent_events', (events: Array<{ seq: number }>) => seqs.push(...events.map((event) => event.seq)));
  await new Promise<void>((resolve) => socket!.once('connect', () => resolve()));
  const run = started.server.forRun(runOf('erin', 'run-recovered'));
  await run.agentStarted({ agentName: 'a' });
  await waitFor(() => seqs.length === 1, 'the start');

  // The transport drops (not a disconnect the client asked for), so the server keeps the session.
  const away = new Promise<void>((resolve) => socket!.once('disconnect', () => resolve()));
  socket.io.engine.close();
  await away;
  await waitFor(() => started!.server.metrics().connections === 0, 'the server to see the socket go');
  await run.agentThinking({ agentName: 'a', reasoning: 'while away' });

  await waitFor(() => seqs.length === 2, 'the frame sent while the socket was away');
  expect(socket.recovered).toBe(true);
  expect(seqs).toEqual([1, 2]);
});
