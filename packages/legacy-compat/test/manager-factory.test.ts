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
import { freshRun, recordingSocket, settle, types, useHarness, waitFor } from './support.js';

const harness = useHarness();

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
