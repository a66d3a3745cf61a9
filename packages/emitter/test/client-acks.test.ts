import { afterEach, expect, it } from 'vitest';
import { connectClient, runOf, settle, startServer, waitFor, type TestClient, type TestServer } from './support.js';

let started: TestServer | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const { client } of clients.splice(0)) client.close();
  await started?.server.close();
});

it('acks the first release at once, holds the next ones for ackDelayMs, and a terminal event at once', async () => {
  started = await startServer();
  const { server, url } = started;
  // An interval longer than the test: after the first ack, only the terminal event can trigger one.
  const alice = await connectClient(url, 'alice', { ackDelayMs: 60_000 });
  clients.push(alice);
  const run = server.forRun(runOf('alice', 'run-acks'));
  await run.agentStarted({ agentName: 'a' });
  await waitFor(() => server.metrics().acks === 1, 'the first frame acked at once');
  for (const reasoning of ['one', 'two', 'three']) {
    await run.agentThinking({ agentName: 'a', reasoning });
    await settle(); // each event in its own frame
  }
  await waitFor(() => alice.events.length === 4, 'four frames delivered');
  await settle();
  expect(server.metrics().framesSent).toBe(4);
  expect(server.metrics()).toMatchObject({ acks: 1, acked: 1 });

  await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
  await waitFor(() => server.metrics().acked === 5, 'the terminal ack covering all five');
  expect(server.metrics().acks).toBe(2);
  // Each ack timed by the newest event it covered: the held thinking events add no sample.
  expect(server.metrics().ackLatencyMs.count).toBe(2);
});

it('acks what was held at the end of the interval, in one ack', async () => {
  started = await startServer();
  const { server, url } = started;
  // Long enough that the three frames below land inside it on a slow machine too.
  const carol = await connectClient(url, 'carol', { ackDelayMs: 1_000 });
  clients.push(carol);
  const run = server.forRun(runOf('carol', 'run-held'));
  await run.agentStarted({ agentName: 'c' });
  await settle();
  for (const reasoning of ['one', 'two']) {
    await run.agentThinking({ agentName: 'c', reasoning });
    await settle();
  }
  await waitFor(() => server.metrics().acked === 3, 'the held frames acked at the end of the interval');
  expect(server.metrics().acks).toBe(2);
});

it('acks a run that is still going once its delay passes', async () => {
  started = await startServer();
  const { server, url } = started;
  const bob = await connectClient(url, 'bob', { ackDelayMs: 5 });
  const quiet = await connectClient(url, 'bob', { ack: false });
  clients.push(bob, quiet);
  const run = server.forRun(runOf('bob', 'run-open'));
  await run.agentStarted({ agentName: 'b' });
  await run.agentThinking({ agentName: 'b', reasoning: 'still working' });
  await waitFor(() => server.metrics().acked === 2, 'the delayed ack');
  await waitFor(() => quiet.events.length === 2, 'the quiet tab got both');
  await settle();
  // Acked counts per connection: bob's two; the tab with `ack: false` added none.
  expect(server.metrics().acked).toBe(2);
});
