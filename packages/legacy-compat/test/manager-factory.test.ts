import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConnectionLifecycleManager,
  FactoryInitializationError,
  FactoryMetrics,
  IsolatedWebSocketManager,
  ManagerMetrics,
  WebSocketComponentError,
  WebSocketManagerFactory,
  createDefensiveUserExecutionContext,
  createTestUserContext,
  createWebSocketManager,
  createWebSocketManagerSync,
  getWebSocketManagerFactory,
  validateSsotUserContext,
  validateSsotUserContextStagingSafe,
  validateWebSocketComponentHealth,
} from '../src/websocket-manager-factory.js';
import { WebSocketManager } from '../src/websocket-manager.js';
import { configureLegacyCompat, getLegacyFailures, type LegacyFailureCount } from '../src/index.js';
import { freshRun, recordingSocket, settle, types, useHarness, waitFor } from './support.js';

const harness = useHarness();

function failureCount(failures: readonly LegacyFailureCount[], reason: string): number {
  return failures.filter((failure) => failure.reason === reason).reduce((sum, failure) => sum + failure.count, 0);
}

describe('createWebSocketManager', () => {
  it('returns a handle per call that delivers: a run driven through two fresh managers reaches the user in order', async () => {
    const ctx = freshRun();
    const alice = await harness.client(ctx.userId);
    const first = await createWebSocketManager(ctx);
    await first.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'triage' });
    const second = await createWebSocketManager({ userContext: ctx });
    expect(second).not.toBe(first);
    await second.emitCriticalEvent(ctx.userId, 'agent_thinking', { reasoning: 'checking the calendar', step_number: 1 });
    await (await createWebSocketManager(ctx)).sendToUser(ctx.userId, { type: 'thread_renamed', thread_id: ctx.threadId, new_title: 'Plans' });

    await waitFor(() => alice.events.length === 2 && alice.userEvents.length === 1, 'two run events and a user event');
    expect(alice.events.map((event) => [event.seq, event.type, event.payload])).toEqual([
      [1, 'agent_started', { agentName: 'triage' }],
      [2, 'agent_thinking', { agentName: 'triage', reasoning: 'checking the calendar', stepNumber: 1 }],
    ]);
    expect(alice.events[0]).toMatchObject({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId, critical: true });
    expect(alice.userEvents[0]).toMatchObject({
      type: 'thread_renamed',
      userId: ctx.userId,
      data: { thread_id: ctx.threadId, new_title: 'Plans' },
    });
  });

  it('a {userId} fallback handle opens a new run when the user\'s last one has completed, so every agent is delivered', async () => {
    const { userId } = freshRun();
    const bob = await harness.client(userId);
    const failuresBefore = getLegacyFailures();
    const first = await createWebSocketManager({ userId });
    await first.emitCriticalEvent(userId, 'agent_started', { agent_name: 'first' });
    await first.emitCriticalEvent(userId, 'agent_completed', { agent_name: 'first', status: 'completed' });

    // Legacy made a new manager per call, each named run_<userId>: the next agent is a new run.
    const second = await createWebSocketManager({ userId });
    await second.emitCriticalEvent(userId, 'agent_started', { agent_name: 'second' });
    // Another path announcing the same start while it runs is still one start, on the same run.
    await (await createWebSocketManager({ userId })).emitCriticalEvent(userId, 'agent_started', { agent_name: 'second' });
    await (await createWebSocketManager({ userId })).emitCriticalEvent(userId, 'agent_thinking', { reasoning: 'second run' });
    await second.emitCriticalEvent(userId, 'agent_completed', { agent_name: 'second', status: 'completed' });
    // A long-lived handle follows too.
    await first.emitCriticalEvent(userId, 'agent_started', { agent_name: 'third' });

    await waitFor(() => bob.events.length === 6, 'three runs');
    expect(bob.events.map((event) => [event.type, event.payload.agentName])).toEqual([
      ['agent_started', 'first'],
      ['agent_completed', 'first'],
      ['agent_started', 'second'],
      ['agent_thinking', 'second'],
      ['agent_completed', 'second'],
      ['agent_started', 'third'],
    ]);
    const [run1, run2, run3] = [bob.events[0]!.runId, bob.events[2]!.runId, bob.events[5]!.runId];
    expect(run1).toBe(`run_${userId}`);
    expect(bob.events.slice(2, 5).map((event) => event.runId)).toEqual([run2, run2, run2]);
    expect(new Set([run1, run2, run3]).size).toBe(3);
    expect(bob.events.every((event) => event.threadId === `thread_${userId}`)).toBe(true);
    expect(getLegacyFailures()).toEqual(failuresBefore);

    // Only a start opens a new run: anything else after the terminal event is refused, and counted.
    await first.emitCriticalEvent(userId, 'agent_completed', { agent_name: 'third', status: 'completed' });
    await first.emitCriticalEvent(userId, 'agent_thinking', { reasoning: 'late' });
    await settle();
    expect(types(bob.events.slice(6))).toEqual(['agent_completed']);
    expect(failureCount(getLegacyFailures(), 'run_closed') - failureCount(failuresBefore, 'run_closed')).toBe(1);
  });

  it('builds the legacy fallback context from a user id alone', async () => {
    const { userId } = freshRun();
    const bob = await harness.client(userId);
    const manager = await createWebSocketManager({ userId });
    expect(manager.userContext).toMatchObject({ userId, threadId: `thread_${userId}`, runId: `run_${userId}` });
    await manager.emitCriticalEvent(userId, 'agent_started', { agent_name: 'a' });
    await waitFor(() => bob.events.length === 1, 'the start');
    expect(bob.events[0]).toMatchObject({ runId: `run_${userId}`, threadId: `thread_${userId}` });
  });
});

describe('createWebSocketManagerSync', () => {
  it('returns a delivering handle synchronously', async () => {
    const ctx = freshRun();
    const carol = await harness.client(ctx.userId);
    const manager = createWebSocketManagerSync({ userContext: ctx });
    expect(manager).toBeInstanceOf(WebSocketManager);
    await manager.sendToUser(ctx.userId, { type: 'quality_update', score: 0.9 });
    await waitFor(() => carol.userEvents.length === 1, 'the user event');
    expect(carol.userEvents[0]).toMatchObject({ type: 'quality_update', data: { score: 0.9 } });
  });

  it('throws TypeError without a context or a user id, as legacy raised', () => {
    expect(() => createWebSocketManagerSync()).toThrow(TypeError);
    expect(() => createWebSocketManagerSync({})).toThrow(TypeError);
  });
});

describe('getWebSocketManagerFactory and WebSocketManagerFactory', () => {
  it('returns one process factory that is callable and has the 09-10 methods', async () => {
    const factory = getWebSocketManagerFactory();
    expect(getWebSocketManagerFactory()).toBe(factory);
    const ctx = freshRun();
    const dave = await harness.client(ctx.userId);

    const called = await factory(ctx);
    const created = await factory.createManager(ctx);
    expect(await factory.createManager(ctx)).toBe(created);
    const key = factory.generateIsolationKey(ctx);
    expect(key).toBe(`${ctx.userId}:${ctx.threadId}`);
    expect(factory.getManager(key)).toBe(created);
    expect(factory.getFactoryStats()).toMatchObject({ managersActive: expect.any(Number), isolationKeys: [key] });

    await called.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'a' });
    await created.emitCriticalEvent(ctx.userId, 'agent_completed', { agent_name: 'a', result: 'ok' });
    await waitFor(() => dave.events.length === 2, 'start and completion');
    expect(types(dave.events)).toEqual(['agent_started', 'agent_completed']);
    expect(dave.events[1]!.payload).toEqual({ agentName: 'a', status: 'succeeded', result: 'ok' });

    expect(await factory.cleanupManager(key)).toBe(true);
    expect(factory.getManager(key)).toBeUndefined();
    await factory.createManager(ctx);
    expect(await factory.forceCleanupUserManagers(ctx.userId)).toBe(1);
    expect(await factory.enforceResourceLimits()).toBe(true);
    const isolated = await factory.createIsolatedManager(ctx.userId, 'conn-9');
    expect(isolated.userContext).toMatchObject({ userId: ctx.userId, websocketClientId: 'conn-9' });
    expect(factory.getManager(`${ctx.userId}:thread_${ctx.userId}`)).toBe(isolated);
    factory.resetState();
    expect(factory.getFactoryStats()).toEqual({ managersCreated: 0, managersActive: 0, managersCleaned: 0, isolationKeys: [] });
  });

  it('createManager gives the next run on the same user and thread its own handle, so run 2 is delivered', async () => {
    const factory = getWebSocketManagerFactory();
    const run1 = freshRun();
    const run2 = { ...run1, runId: `${run1.runId}-2` };
    const alice = await harness.client(run1.userId);
    const failuresBefore = getLegacyFailures();

    const m1 = await factory.createManager(run1);
    await m1.emitCriticalEvent(run1.userId, 'agent_started', { agent_name: 'a' });
    await m1.emitCriticalEvent(run1.userId, 'agent_completed', { agent_name: 'a', status: 'completed' });
    const m2 = await factory.createManager(run2);
    expect(m2).not.toBe(m1);
    expect(m2.userContext).toMatchObject({ runId: run2.runId });
    expect(await factory.createManager(run2)).toBe(m2);
    // The legacy key stays `userId:threadId`; it now names the handle of the thread's latest run.
    expect(factory.getManager(factory.generateIsolationKey(run1))).toBe(m2);
    await m2.emitCriticalEvent(run2.userId, 'agent_started', { agent_name: 'b' });
    await m2.emitCriticalEvent(run2.userId, 'agent_thinking', { reasoning: 'second run' });
    await m2.emitCriticalEvent(run2.userId, 'agent_completed', { agent_name: 'b', status: 'completed' });

    await waitFor(() => alice.run(run2.runId).length === 3, 'run 2');
    expect(alice.run(run2.runId).map((event) => [event.type, event.payload.agentName])).toEqual([
      ['agent_started', 'b'],
      ['agent_thinking', 'b'],
      ['agent_completed', 'b'],
    ]);
    expect(getLegacyFailures()).toEqual(failuresBefore);
  });

  it('keeps at most registryLimit handles, whatever the number of runs', async () => {
    const factory = getWebSocketManagerFactory();
    factory.resetState();
    configureLegacyCompat({ registryLimit: 3 });
    try {
      const { userId, threadId } = freshRun();
      // Ten runs on one thread: one handle, that of the latest run.
      for (let run = 0; run < 10; run++) await factory.createManager({ userId, threadId, runId: `run-${run}` });
      expect(factory.getFactoryStats()).toMatchObject({ managersCreated: 10, managersActive: 1 });
      expect(factory.getManager(`${userId}:${threadId}`)?.userContext).toMatchObject({ runId: 'run-9' });
      // Ten threads: the three latest.
      for (let thread = 0; thread < 10; thread++) await factory.createManager({ userId, threadId: `t-${thread}`, runId: `r-${thread}` });
      expect(factory.getFactoryStats().isolationKeys).toEqual([7, 8, 9].map((thread) => `${userId}:t-${thread}`));
    } finally {
      configureLegacyCompat({ registryLimit: undefined });
      factory.resetState();
    }
  });

  it('WebSocketManagerFactory.createWebSocketManager ignores redisClient and environment and delivers', async () => {
    const ctx = freshRun();
    const erin = await harness.client(ctx.userId);
    const factory = new WebSocketManagerFactory();
    const manager = await factory.createWebSocketManager({ userContext: ctx, redisClient: {}, environment: 'staging' });
    await manager.sendToUser(ctx.userId, { type: 'corpus:created', payload: { corpus_id: 'c1' } });
    await waitFor(() => erin.userEvents.length === 1, 'the user event');
    expect(erin.userEvents[0]).toMatchObject({ type: 'corpus:created', data: { payload: { corpus_id: 'c1' } } });
  });
});

describe('user contexts', () => {
  it('createDefensiveUserExecutionContext keeps the legacy fields and teaches the shim the thread owner', async () => {
    const { userId, threadId, runId } = freshRun();
    const fallback = { thread_id: threadId, run_id: runId };
    const ctx = createDefensiveUserExecutionContext(userId, { websocketClientId: 'conn-1', fallbackContext: fallback });
    expect(ctx).toEqual({
      userId,
      threadId,
      runId,
      requestId: `defensive_auth_${userId}_conn-1`,
      websocketClientId: 'conn-1',
      agentContext: fallback,
    });
    const generated = createDefensiveUserExecutionContext(userId);
    expect(generated.requestId).toBe(`defensive_auth_${userId}_no_ws`);
    expect(generated.threadId).toMatch(/^thread_/);
    expect(generated.agentContext).toEqual({});

    const frank = await harness.client(userId);
    const manager = await createWebSocketManager({ userId: 'someone-else' });
    expect(await manager.sendToThread(threadId, { type: 'thread_updated', title: 'x' })).toBe(true);
    await waitFor(() => frank.userEvents.length === 1, 'the thread message');
    expect(frank.userEvents[0]).toMatchObject({ type: 'thread_updated', userId, data: { title: 'x' } });
  });

  it('createTestUserContext is a whole context that can drive a run', async () => {
    const ctx = createTestUserContext();
    expect(ctx).toMatchObject({ isTest: true, sessionId: expect.any(String), requestId: expect.any(String) });
    const client = await harness.client(ctx.userId);
    await (await createWebSocketManager(ctx)).emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'probe' });
    await waitFor(() => client.events.length === 1, 'the start');
    expect(client.events[0]).toMatchObject({ runId: ctx.runId, threadId: ctx.threadId, type: 'agent_started' });
  });

  it.each([
    ['a valid context', { userId: 'u', requestId: 'r' }, true, true],
    ['snake_case', { user_id: 'u', request_id: 'r' }, true, true],
    ['no request id', { userId: 'u' }, false, false],
    ['a non-string user id', { userId: 7, requestId: 'r' }, false, false],
    ['shared state', { userId: 'u', requestId: 'r', _shared_state: { x: 1 } }, false, false],
    ['production', { userId: 'u', requestId: 'r', environment: 'production' }, true, false],
    ['a production-only feature', { userId: 'u', requestId: 'r', features: ['external_apis'] }, true, false],
    ['null', null, false, false],
  ])('validates %s', (_name, context, ssot, stagingSafe) => {
    expect(validateSsotUserContext(context as never)).toBe(ssot);
    expect(validateSsotUserContextStagingSafe(context as never)).toBe(stagingSafe);
  });
});

describe('data holders, errors and health', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ConnectionLifecycleManager keeps its own table, drops stale entries after an hour, and sends nothing', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-09-14T10:00:00Z'));
    const manager = await createWebSocketManager(ctx);
    const lifecycle = new ConnectionLifecycleManager(manager);
    expect(lifecycle.websocketManager).toBe(manager);
    expect(await lifecycle.registerConnection('c1', ctx.userId)).toBe(true);
    expect(await lifecycle.registerConnection('c2', ctx.userId)).toBe(true);
    expect(await lifecycle.unregisterConnection('c2')).toBe(true);
    expect(Object.keys(lifecycle.getActiveConnections())).toEqual(['c1']);
    expect(await lifecycle.cleanupStaleConnections()).toBe(0);
    vi.setSystemTime(new Date('2025-09-14T11:00:01Z'));
    expect(await lifecycle.cleanupStaleConnections()).toBe(1);
    expect(lifecycle.getActiveConnections()).toEqual({});
    vi.useRealTimers();
    await settle();
    expect(client.events).toEqual([]);
    expect(client.userEvents).toEqual([]);
  });

  it('FactoryMetrics and ManagerMetrics read legacy snake_case and stay instanceof-checkable', () => {
    const metrics = FactoryMetrics.fromJSON({ emitters_created: 3, events_sent_total: 10, ssot_redirect: true });
    expect(metrics).toBeInstanceOf(FactoryMetrics);
    expect(metrics.toJSON()).toMatchObject({ emittersCreated: 3, eventsSentTotal: 10, emittersActive: 0, ssotRedirect: true });
    const managers = ManagerMetrics.fromJSON({ managers_created: 2, connections_active: 1 });
    expect(managers).toBeInstanceOf(ManagerMetrics);
    expect(JSON.parse(JSON.stringify(managers))).toMatchObject({ managersCreated: 2, connectionsActive: 1, managersActive: 0 });
  });

  it('keeps the marker errors', () => {
    const init = new FactoryInitializationError('boom');
    expect(init).toBeInstanceOf(Error);
    expect(init).toMatchObject({ name: 'FactoryInitializationError', message: 'boom' });
    expect(new WebSocketComponentError()).toMatchObject({ name: 'WebSocketComponentError' });
  });

  it('validateWebSocketComponentHealth answers from the registered server and its metrics', async () => {
    const ctx = freshRun();
    await (await createWebSocketManager(ctx)).emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'a' });
    const health = validateWebSocketComponentHealth();
    expect(health).toMatchObject({
      status: 'healthy',
      mode: 'compatibility',
      components: { websocketManager: 'available', factoryFunctions: 'available', userContextValidation: 'working', ssotCompliance: 'redirect' },
    });
    expect(health.metrics?.emitted.agent_started).toBeGreaterThanOrEqual(1);
  });
});

describe('IsolatedWebSocketManager', () => {
  it('is the manager handle, with the 09-10 two-argument emitCriticalEvent and no-argument getUserConnections', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const manager: IsolatedWebSocketManager = await createWebSocketManager(ctx);
    expect(manager).toBeInstanceOf(IsolatedWebSocketManager);
    expect(IsolatedWebSocketManager).toBe(WebSocketManager);
    manager.registerConnection('conn_0', ctx.userId, recordingSocket());
    expect(manager.getUserConnections()).toEqual(new Set(['conn_0']));
    await manager.emitCriticalEvent('agent_started', { agent_name: 'isolated' });
    await waitFor(() => client.events.length === 1, 'the start');
    expect(client.events[0]).toMatchObject({ type: 'agent_started', userId: ctx.userId, payload: { agentName: 'isolated' } });
    manager.unregisterConnection('conn_0');
    expect(manager.getUserConnections()).toEqual(new Set());
  });
});
