import { afterEach, expect, it } from 'vitest';
import { PROTOCOL_VERSION, userRoom, WIRE, type AgentEvent } from '../src/index.js';
import { connectClient, runOf, startServer, waitFor, type TestClient, type TestServer } from './support.js';

let started: TestServer | undefined;
let alice: TestClient | undefined;
afterEach(async () => {
  alice?.client.close();
  await started?.server.close();
});

/** An envelope as another node or a replay could send it, out of the emit path's control. */
function envelope(runId: string, seq: number, type: AgentEvent['type'] = 'agent_thinking'): AgentEvent {
  const payload =
    type === 'agent_thinking'
      ? { agentName: 'a', reasoning: `${runId} ${seq}` }
      : type === 'agent_completed'
        ? { agentName: 'a', status: 'succeeded' }
        : { agentName: 'a' };
  return {
    v: PROTOCOL_VERSION,
    id: `${runId}:${seq}`,
    type,
    seq,
    userId: 'alice',
    threadId: 'thread-1',
    runId,
    ts: new Date().toISOString(),
    critical: true,
    payload,
  } as AgentEvent;
}

it('reads a frame that interleaves runs: each run in seq order, early events held, copies and a finished run’s late events dropped', async () => {
  started = await startServer();
  alice = await connectClient(started.url, 'alice');
  const done = started.server.forRun(runOf('alice', 'run-done'));
  await done.agentStarted({ agentName: 'a' });
  await done.agentCompleted({ agentName: 'a', status: 'succeeded' });
  await waitFor(() => alice!.events.length === 2, 'the finished run');

  started.server.namespace
    .to(userRoom('alice'))
    .emit(WIRE.events, [
      envelope('run-a', 1, 'agent_started'),
      envelope('run-b', 1, 'agent_started'),
      envelope('run-a', 3),
      envelope('run-done', 2, 'agent_completed'),
      envelope('run-b', 2),
      envelope('run-a', 2),
      envelope('run-b', 2),
    ]);
  await waitFor(() => alice!.events.length === 7, 'the frame’s five new events');

  expect(alice.events.slice(2).map((event) => event.id)).toEqual(['run-a:1', 'run-b:1', 'run-b:2', 'run-a:2', 'run-a:3']);
  expect(alice.client.stats()).toMatchObject({ delivered: 7, duplicatesDropped: 2, runsFollowed: 2, runsFinished: 1 });
  expect([alice.client.lastSeq('run-a'), alice.client.lastSeq('run-b')]).toEqual([3, 2]);
});
