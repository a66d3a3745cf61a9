import { afterEach, expect, it } from 'vitest';
import { runFixture } from './run-fixture.js';
import { connectClient, runOf, startServer, waitFor, type TestClient, type TestServer } from './support.js';

let started: TestServer | undefined;
let alice: TestClient | undefined;
afterEach(async () => {
  alice?.client.close();
  await started?.server.close();
});

it('delivers the rest of a frame, acks and finishes the run when the app’s onEvent throws', async () => {
  started = await startServer();
  const seen: number[] = [];
  const errors: unknown[] = [];
  alice = await connectClient(started.url, 'alice', {
    onEvent: (event) => {
      seen.push(event.seq);
      if (event.seq === 2 || event.seq === 3) throw new Error(`app bug at seq ${event.seq}`);
    },
    onError: (error) => errors.push(error),
  });
  const run = started.server.forRun(runOf('alice', 'run-throws'));
  await run.agentStarted({ agentName: 'a' });
  // One frame of three: the throw at seq 2 must not cut seq 3 and 4 off.
  await run.emitBatch([
    { type: 'agent_thinking', payload: { agentName: 'a', reasoning: 'one' } },
    { type: 'agent_thinking', payload: { agentName: 'a', reasoning: 'two' } },
    { type: 'agent_thinking', payload: { agentName: 'a', reasoning: 'three' } },
  ]);
  await run.agentCompleted({ agentName: 'a', status: 'succeeded' });

  await waitFor(() => seen.length === 5, 'every event handed to the app');
  expect(seen).toEqual([1, 2, 3, 4, 5]);
  expect(errors.map((error) => (error as Error).message)).toEqual(['app bug at seq 2', 'app bug at seq 3']);
  // The run was settled as usual: acked up to its terminal event, and retired.
  await waitFor(() => started!.server.metrics().acked === 5, 'the acks of all five events');
  expect(alice.client.stats()).toMatchObject({ delivered: 5, runsFollowed: 0, runsFinished: 1 });
});

it('without onError, rethrows the app’s error as an uncaught one, after delivering the rest of the frame', async () => {
  expect(await runFixture('throwing-callback.ts')).toEqual({ code: 0, signal: null, output: 'delivered 1,2,3,4 uncaught app bug at seq 2' });
}, 30_000);
