import { afterEach, describe, expect, it } from 'vitest';
import {
  AgentEventSchema,
  EventValidationError,
  LifecycleError,
  RunClosedError,
  getDefaultEmitterServer,
  setDefaultEmitterServer,
  type AgentEvent,
} from '../src/index.js';
import { connectClient, runOf, settle, startServer, waitFor, type TestClient, type TestServer } from './support.js';

const open: Array<TestServer | TestClient> = [];
async function server(options?: Parameters<typeof startServer>[0]) {
  const started = await startServer(options);
  open.push(started);
  return started;
}
async function client(url: string, userId: string) {
  const connected = await connectClient(url, userId);
  open.push(connected);
  return connected;
}
afterEach(async () => {
  for (const item of open.splice(0).reverse()) {
    if ('client' in item) item.client.close();
    else await item.server.close();
  }
});

describe('golden path', () => {
  it('delivers a full run in order with the documented envelope', async () => {
    const { server: emitter, url } = await server();
    const alice = await client(url, 'alice');
    const run = emitter.forRun(runOf('alice', 'run-1'));

    await run.agentStarted({ agentName: 'triage', message: 'working on it', context: { ticket: 7 } });
    await run.agentThinking({ agentName: 'triage', reasoning: 'need the weather', stepNumber: 1, progress: 10 });
    const executing = await run.toolExecuting({ agentName: 'triage', toolName: 'weather', parameters: { city: 'Oslo' } });
    await run.toolCompleted({
      agentName: 'triage',
      toolName: 'weather',
      toolCallId: executing.payload.toolCallId,
      result: { celsius: -3 },
      durationMs: 12,
    });
    await run.agentCompleted({
      agentName: 'triage',
      status: 'succeeded',
      result: 'It is cold',
      usage: { inputTokens: 10, outputTokens: 5, costUsd: 0.001 },
    });

    await waitFor(() => alice.events.length === 5, 'five events');
    expect(alice.events.map((event) => event.type)).toEqual([
      'agent_started',
      'agent_thinking',
      'tool_executing',
      'tool_completed',
      'agent_completed',
    ]);
    alice.events.forEach((event, index) => {
      expect(AgentEventSchema.parse(event)).toEqual(event);
      expect(event).toMatchObject({
        v: 1,
        id: `run-1:${index + 1}`,
        seq: index + 1,
        userId: 'alice',
        threadId: 'thread-alice',
        runId: 'run-1',
        critical: true,
      });
      expect(Date.parse(event.ts)).not.toBeNaN();
    });
    expect(executing.payload.toolCallId).toMatch(/^call_/);
    expect(alice.events[3]!.payload).toMatchObject({ toolCallId: executing.payload.toolCallId, result: { celsius: -3 } });
  });

  it('keeps concurrent emits on one run gapless and in call order', async () => {
    const { server: emitter, url } = await server();
    const alice = await client(url, 'alice');
    const run = emitter.forRun(runOf('alice', 'run-concurrent'));
    await run.agentStarted({ agentName: 'a' });
    await waitFor(() => alice.events.length === 1, 'the start');
    const sent = await Promise.all(
      Array.from({ length: 10 }, (_, step) => run.agentThinking({ agentName: 'a', reasoning: `step ${step}`, stepNumber: step })),
    );
    expect(sent.map((event) => event.seq)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(sent.map((event) => event.payload.stepNumber)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await waitFor(() => alice.events.length === 11, 'eleven events');
    expect(alice.events.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // Ten emits in one tick leave as one `agent_events` frame, not ten packets.
    expect(emitter.metrics().framesSent).toBe(2);
  });

  it('sends emitBatch as one frame, in order, all or nothing', async () => {
    const { server: emitter, url } = await server();
    const alice = await client(url, 'alice');
    const run = emitter.forRun(runOf('alice', 'run-batch'));
    const events = await run.emitBatch([
      { type: 'agent_started', payload: { agentName: 'a' } },
      { type: 'tool_executing', payload: { agentName: 'a', toolName: 'search', toolCallId: 't1' } },
      { type: 'tool_completed', payload: { agentName: 'a', toolName: 'search', toolCallId: 't1', result: [] } },
    ]);
    expect(events.map((event) => event.seq)).toEqual([1, 2, 3]);
    await expect(
      run.emitBatch([
        { type: 'agent_thinking', payload: { agentName: 'a', reasoning: 'fine' } },
        { type: 'tool_completed', payload: { agentName: 'a', toolName: 'search', toolCallId: 'nope' } },
      ]),
    ).rejects.toBeInstanceOf(LifecycleError);
    await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
    await waitFor(() => alice.events.length === 4, 'four events');
    expect(alice.events.map((event) => [event.seq, event.type])).toEqual([
      [1, 'agent_started'],
      [2, 'tool_executing'],
      [3, 'tool_completed'],
      [4, 'agent_completed'],
    ]);
  });
});

describe('lifecycle enforcement', () => {
  const cases: Array<{ name: string; rule: string; steps: (run: ReturnType<TestServer['server']['forRun']>) => Promise<unknown> }> = [
    { name: 'an event before agent_started', rule: 'not_started', steps: (run) => run.agentThinking({ agentName: 'a', reasoning: 'x' }) },
    {
      name: 'a second agent_started',
      rule: 'already_started',
      steps: async (run) => {
        await run.agentStarted({ agentName: 'a' });
        return run.agentStarted({ agentName: 'a' });
      },
    },
    {
      name: 'tool_completed without its tool_executing',
      rule: 'tool_not_executing',
      steps: async (run) => {
        await run.agentStarted({ agentName: 'a' });
        return run.toolCompleted({ agentName: 'a', toolName: 'x', toolCallId: 'never' });
      },
    },
    {
      name: 'a toolCallId executed twice',
      rule: 'tool_call_reused',
      steps: async (run) => {
        await run.agentStarted({ agentName: 'a' });
        await run.toolExecuting({ agentName: 'a', toolName: 'x', toolCallId: 'c1' });
        return run.toolExecuting({ agentName: 'a', toolName: 'x', toolCallId: 'c1' });
      },
    },
    {
      name: 'success while a tool call is executing',
      rule: 'tools_still_executing',
      steps: async (run) => {
        await run.agentStarted({ agentName: 'a' });
        await run.toolExecuting({ agentName: 'a', toolName: 'x', toolCallId: 'c1' });
        return run.agentCompleted({ agentName: 'a', status: 'succeeded' });
      },
    },
  ];

  for (const { name, rule, steps } of cases) {
    it(`rejects ${name} with LifecycleError(${rule}) and sends nothing for it`, async () => {
      const { server: emitter, url } = await server();
      const alice = await client(url, 'alice');
      const run = emitter.forRun(runOf('alice', `run-${rule}`));
      const error = await steps(run).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(LifecycleError);
      expect(error).toMatchObject({ code: 'ERR_UWS_LIFECYCLE', rule });
      const accepted = Object.values(emitter.metrics().emitted).reduce((sum, count) => sum + count, 0);
      await settle();
      expect(alice.events).toHaveLength(accepted);
      expect(emitter.metrics().rejected.lifecycle).toBe(1);
    });
  }

  it('rejects anything after agent_completed with RunClosedError', async () => {
    const { server: emitter, url } = await server();
    const alice = await client(url, 'alice');
    const run = emitter.forRun(runOf('alice', 'run-closed'));
    await run.agentStarted({ agentName: 'a' });
    await run.agentCompleted({ agentName: 'a', status: 'failed', error: 'boom' });
    await expect(run.agentThinking({ agentName: 'a', reasoning: 'late' })).rejects.toMatchObject({
      code: 'ERR_UWS_RUN_CLOSED',
      reason: 'completed',
    });
    await expect(run.agentCompleted({ agentName: 'a', status: 'succeeded' })).rejects.toBeInstanceOf(RunClosedError);
    await settle();
    expect(alice.events.map((event) => event.type)).toEqual(['agent_started', 'agent_completed']);
  });
});

describe('validation', () => {
  it.each([
    ['agent_started', { agentName: '' }, 'payload.agentName'],
    ['agent_thinking', { agentName: 'a' }, 'payload.reasoning'],
    ['agent_thinking', { agentName: 'a', reasoning: 'r', progress: 140 }, 'payload.progress'],
    ['tool_executing', { agentName: 'a', toolName: 7 }, 'payload.toolName'],
    ['agent_completed', { agentName: 'a', status: 'done' }, 'payload.status'],
    ['agent_completed', { agentName: 'a', status: 'succeeded', usage: { inputTokens: -1, outputTokens: 0, costUsd: 0 } }, 'payload.usage.inputTokens'],
    ['agent_started', { agentName: 'a', type: 'reasoning' }, 'payload.type'],
  ] as const)('rejects a bad %s payload naming %s', async (type, payload, field) => {
    const { server: emitter } = await server();
    const run = emitter.forRun(runOf('alice', 'run-v'));
    if (type !== 'agent_started') await run.agentStarted({ agentName: 'a' });
    const error = await run.emit(type, payload as never).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(EventValidationError);
    expect(error).toMatchObject({ code: 'ERR_UWS_VALIDATION', field, eventType: type });
    expect(emitter.metrics().rejected.validation).toBe(1);
  });

  it('refuses a payload JSON cannot carry before it takes a seq, in every free-form field', async () => {
    const { server: emitter, url } = await server();
    const alice = await client(url, 'alice');
    const run = emitter.forRun(runOf('alice', 'run-json'));
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle['self'] = cycle;
    const unserializable = [10n, cycle, { nested: [1, { deep: 2n }] }, { toJSON: () => { throw new Error('no JSON here'); } }];
    const cases = [
      ['agent_started', (value: unknown) => ({ agentName: 'a', context: { value } }), 'payload.context'],
      ['tool_executing', (value: unknown) => ({ agentName: 'a', toolName: 't', toolCallId: 'c1', parameters: { value } }), 'payload.parameters'],
      ['tool_completed', (value: unknown) => ({ agentName: 'a', toolName: 't', toolCallId: 'c1', result: value }), 'payload.result'],
      ['agent_completed', (value: unknown) => ({ agentName: 'a', status: 'succeeded', result: value }), 'payload.result'],
    ] as const;
    let refused = 0;
    for (const [type, payloadWith, field] of cases) {
      for (const value of unserializable) {
        const error = await run.emit(type, payloadWith(value) as never).catch((failure: unknown) => failure);
        expect(error).toBeInstanceOf(EventValidationError);
        expect(error).toMatchObject({ field, eventType: type, detail: expect.stringMatching(/^expected JSON-serializable data: /) });
        refused++;
      }
      // The same event with a plain value goes through: the run moves on with no gap.
      await run.emit(type, payloadWith('plain') as never);
    }
    expect(emitter.metrics().rejected.validation).toBe(refused);
    await waitFor(() => alice.events.length === cases.length, 'the four plain events');
    expect(alice.events.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
  });

  it('carries free-form fields as their JSON: the same data resolved, live and replayed', async () => {
    const { server: emitter, url } = await server();
    const alice = await client(url, 'alice');
    const run = emitter.forRun(runOf('alice', 'run-json-form'));
    await run.agentStarted({ agentName: 'a' });
    await run.toolExecuting({ agentName: 'a', toolName: 't', toolCallId: 'c1' });
    const result = { bytes: Buffer.from([1, 2, 3]), at: new Date(0), skipped: undefined, n: 1 };
    const sent = await run.toolCompleted({ agentName: 'a', toolName: 't', toolCallId: 'c1', result });
    const asJson = { bytes: { type: 'Buffer', data: [1, 2, 3] }, at: '1970-01-01T00:00:00.000Z', n: 1 };
    expect(sent.payload.result).toStrictEqual(asJson);
    expect(result.bytes).toBeInstanceOf(Buffer); // the caller's object is left alone

    await waitFor(() => alice.events.length === 3, 'the live events');
    const late = await client(url, 'alice');
    await late.client.follow('run-json-form');
    for (const received of [alice.events[2]!, late.events[2]!]) {
      // The replay used to carry the Buffer as a binary attachment, the live frame as its JSON.
      expect(received.payload).toMatchObject({ result: asJson });
      expect((received.payload as { result: { bytes: unknown } }).result.bytes).not.toBeInstanceOf(Uint8Array);
    }
  });

  it('rejects an unknown event type and a bad run identity', async () => {
    const { server: emitter } = await server();
    const run = emitter.forRun(runOf('alice', 'run-t'));
    await expect(run.emit('agent_exploded' as never, { agentName: 'a' } as never)).rejects.toMatchObject({ field: 'type' });
    expect(() => emitter.forRun({ userId: '', threadId: 't', runId: 'r' })).toThrow(EventValidationError);
    expect(() => emitter.forRun({ userId: 'u', threadId: 't' } as never)).toThrow(/runId/);
  });
});

describe('idempotency', () => {
  it('returns the original event for a repeated key and sends nothing', async () => {
    const { server: emitter, url } = await server();
    const alice = await client(url, 'alice');
    const run = emitter.forRun(runOf('alice', 'run-idem'));
    const first = await run.agentStarted({ agentName: 'a' }, { idempotencyKey: 'start' });
    // A second legacy path announcing the same start, through another handle of the same run.
    const again = await emitter.forRun(runOf('alice', 'run-idem')).agentStarted({ agentName: 'other' }, { idempotencyKey: 'start' });
    expect(again).toEqual(first);
    const thought = await run.agentThinking({ agentName: 'a', reasoning: 'once' }, { idempotencyKey: 'think-1' });
    expect(await run.agentThinking({ agentName: 'a', reasoning: 'once' }, { idempotencyKey: 'think-1' })).toEqual(thought);
    await settle();
    expect(alice.events.map((event) => event.seq)).toEqual([1, 2]);
    expect(emitter.metrics().deduplicated).toBe(2);
  });

  it('refuses to reuse a key for another event type', async () => {
    const { server: emitter } = await server();
    const run = emitter.forRun(runOf('alice', 'run-idem-type'));
    await run.agentStarted({ agentName: 'a' }, { idempotencyKey: 'k' });
    await expect(run.agentThinking({ agentName: 'a', reasoning: 'r' }, { idempotencyKey: 'k' })).rejects.toMatchObject({
      rule: 'idempotency_key_reused',
    });
  });
});

describe('connections and users', () => {
  it('refuses an unauthenticated connection with a clear error', async () => {
    const { url } = await server();
    await expect(connectClient(url, 'x', { auth: {} })).rejects.toThrow('invalid token');
    await expect(connectClient(url, 'x', { auth: { token: 42 } })).rejects.toMatchObject({
      data: { code: 'ERR_UWS_AUTHORIZATION' },
    });
  });

  it('hides the reason of an unexpected authenticate() failure', async () => {
    const { url } = await server({
      authenticate: () => {
        throw new Error('db password is hunter2');
      },
    });
    const error = await connectClient(url, 'x').catch((failure: unknown) => failure as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('authentication failed');
  });

  it('delivers to every socket of the user, run events and notifyUser alike', async () => {
    const { server: emitter, url } = await server();
    const tabs = await Promise.all([client(url, 'alice'), client(url, 'alice'), client(url, 'alice')]);
    const bob = await client(url, 'bob');
    emitter.notifyUser('alice', 'thread_renamed', { threadId: 't1', title: 'Weather' });
    const run = emitter.forRun(runOf('alice', 'run-tabs'));
    await run.agentStarted({ agentName: 'a' });
    await waitFor(() => tabs.every((tab) => tab.events.length === 1 && tab.userEvents.length === 1), 'all tabs');
    for (const tab of tabs) {
      expect(tab.userEvents[0]).toMatchObject({ v: 1, type: 'thread_renamed', userId: 'alice', data: { title: 'Weather' } });
      expect(tab.events[0]!.id).toBe('run-tabs:1');
    }
    await settle();
    expect(bob.events).toEqual([]);
    expect(bob.userEvents).toEqual([]);
    expect(() => emitter.notifyUser('alice', 'agent_started', {})).toThrow(/forRun/);
  });

  it('refuses to emit on a run that belongs to another user', async () => {
    const { server: emitter } = await server();
    await emitter.forRun(runOf('alice', 'shared-id')).agentStarted({ agentName: 'a' });
    await expect(emitter.forRun(runOf('mallory', 'shared-id', 'thread-alice')).agentThinking({ agentName: 'a', reasoning: 'x' })).rejects.toMatchObject({
      code: 'ERR_UWS_AUTHORIZATION',
    });
  });
});

describe('terminal guarantee', () => {
  it('completes an idle run as timed_out, closing its open tool call first', async () => {
    const { server: emitter, url } = await server({ runTimeoutMs: 200 });
    const alice = await client(url, 'alice');
    const run = emitter.forRun(runOf('alice', 'run-idle'));
    await run.agentStarted({ agentName: 'slow' });
    await run.toolExecuting({ agentName: 'slow', toolName: 'crawl', toolCallId: 'c1' });
    await waitFor(() => alice.events.length === 4, 'timeout events');
    expect(alice.events.slice(2)).toMatchObject([
      { type: 'tool_completed', payload: { toolCallId: 'c1', toolName: 'crawl', error: expect.stringMatching(/^timed_out/) } },
      { type: 'agent_completed', payload: { agentName: 'slow', status: 'timed_out' } },
    ]);
    expect(emitter.metrics()).toMatchObject({ timedOut: 1, openRuns: 0 });
    await expect(run.agentThinking({ agentName: 'slow', reasoning: 'too late' })).rejects.toBeInstanceOf(RunClosedError);
  });

  it('keeps an active run alive past runTimeoutMs', async () => {
    const { server: emitter, url } = await server({ runTimeoutMs: 300 });
    const alice = await client(url, 'alice');
    const run = emitter.forRun(runOf('alice', 'run-busy'));
    await run.agentStarted({ agentName: 'a' });
    for (let step = 0; step < 6; step++) {
      await settle(100);
      await run.agentThinking({ agentName: 'a', reasoning: `step ${step}` });
    }
    await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
    await waitFor(() => alice.events.length === 8, 'eight events');
    expect(alice.events.at(-1)!.payload).toMatchObject({ status: 'succeeded' });
    expect(emitter.metrics().timedOut).toBe(0);
  });

  it('close() completes open runs as cancelled, delivers them, and rejects later emits', async () => {
    const started = await startServer();
    const alice = await client(started.url, 'alice');
    const run = started.server.forRun(runOf('alice', 'run-cancel'));
    await run.agentStarted({ agentName: 'a' });
    setDefaultEmitterServer(started.server);
    await started.server.close();
    await waitFor(() => alice.events.length === 2, 'cancel event');
    expect(alice.events[1]).toMatchObject({ type: 'agent_completed', seq: 2, payload: { status: 'cancelled' } });
    expect(started.server.metrics()).toMatchObject({ cancelled: 1, openRuns: 0 });
    await expect(run.agentThinking({ agentName: 'a', reasoning: 'x' })).rejects.toMatchObject({ reason: 'server_closed' });
    expect(() => getDefaultEmitterServer()).toThrow(/setDefaultEmitterServer/);
  });
});

describe('resume', () => {
  it('replays what a late client missed, and refuses other users and unknown runs', async () => {
    const { server: emitter, url } = await server();
    const run = emitter.forRun(runOf('alice', 'run-replay'));
    await run.agentStarted({ agentName: 'a' });
    await run.agentThinking({ agentName: 'a', reasoning: 'r' });
    await run.agentCompleted({ agentName: 'a', status: 'succeeded' });

    const alice = await client(url, 'alice');
    await alice.client.follow('run-replay');
    await waitFor(() => alice.events.length === 3, 'replayed events');
    expect(alice.events.map((event: AgentEvent) => event.seq)).toEqual([1, 2, 3]);

    const mallory = await client(url, 'mallory');
    await mallory.client.follow('run-replay');
    await mallory.client.follow('no-such-run');
    await waitFor(() => mallory.failures.length === 2, 'two failures');
    expect(mallory.failures).toEqual([
      { runId: 'run-replay', reason: 'forbidden' },
      { runId: 'no-such-run', reason: 'unknown_run' },
    ]);
    expect(mallory.events).toEqual([]);
    expect(emitter.metrics().resumeFailed).toMatchObject({ forbidden: 1, unknown_run: 1 });
  });

  it('serializes no frame for a user with no socket on a single node, and replays it later', async () => {
    const { server: emitter, url } = await server();
    const bob = await client(url, 'bob');
    const run = emitter.forRun(runOf('alice', 'run-nobody'));
    await run.agentStarted({ agentName: 'a' });
    await run.agentThinking({ agentName: 'a', reasoning: 'r' });
    await settle();
    expect(emitter.metrics().framesSent).toBe(0);
    expect(emitter.metrics().eventsDelivered).toBe(0);

    const alice = await client(url, 'alice');
    await alice.client.follow('run-nobody');
    await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
    await waitFor(() => alice.events.length === 3, 'replay and the live terminal event');
    expect(alice.events.map((event: AgentEvent) => event.seq)).toEqual([1, 2, 3]);
    expect(emitter.metrics().framesSent).toBe(1);
    expect(bob.events).toEqual([]);
  });

  it('answers expired when the replay window no longer holds the range', async () => {
    const { server: emitter, url } = await server({ replayLimit: 3 });
    const run = emitter.forRun(runOf('alice', 'run-window'));
    await run.agentStarted({ agentName: 'a' });
    for (let step = 0; step < 5; step++) await run.agentThinking({ agentName: 'a', reasoning: `r${step}` });
    const alice = await client(url, 'alice');
    await alice.client.follow('run-window', 1);
    await waitFor(() => alice.failures.length === 1, 'expired');
    expect(alice.failures[0]).toEqual({ runId: 'run-window', reason: 'expired' });
    // All or nothing: not even the part of the range that is still held.
    expect(alice.events).toEqual([]);
    await alice.client.follow('run-window', 3);
    await waitFor(() => alice.events.length === 3, 'tail');
    expect(alice.events.map((event) => event.seq)).toEqual([4, 5, 6]);
  });

  it('catches up after a reconnect with nothing lost or repeated', async () => {
    const { server: emitter, url } = await server();
    const alice = await client(url, 'alice');
    const run = emitter.forRun(runOf('alice', 'run-reconnect'));
    await run.agentStarted({ agentName: 'a' });
    await waitFor(() => alice.events.length === 1, 'first event');
    alice.client.socket.io.engine.close();
    await run.agentThinking({ agentName: 'a', reasoning: 'while away 1' });
    await run.agentThinking({ agentName: 'a', reasoning: 'while away 2' });
    await waitFor(() => alice.client.socket.connected, 'reconnect');
    await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
    await waitFor(() => alice.events.length === 4, 'all four');
    await settle();
    expect(alice.events.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    expect(emitter.metrics().acks).toBeGreaterThan(0);
  });
});
