import { CRITICAL_EVENTS as CANONICAL_CRITICAL_EVENTS } from '@unified-ws/emitter';
import { describe, expect, it } from 'vitest';
import { getLegacyFailures } from '../src/index.js';
import {
  TransparentWebSocketEmitter as TransparentFromModule,
  TransparentWebSocketEvents,
  WebSocketEmitterFactory as FactoryFromTransparent,
  WebSocketEventType,
  createTransparentEmitter,
} from '../src/transparent-websocket-events.js';
import {
  AUTHENTICATION_CRITICAL_EVENTS,
  AuthenticationWebSocketEmitter,
  CRITICAL_EVENTS,
  IsolatedWebSocketEventEmitter,
  MAX_RETRIES,
  TransparentWebSocketEmitter,
  UnifiedWebSocketEmitter,
  UserWebSocketEmitter,
  WebSocketEmitterFactory,
  WebSocketEmitterPool,
  WebSocketEventEmitter,
} from '../src/unified-emitter.js';
import { createWebSocketManager } from '../src/websocket-manager-factory.js';
import { freshRun, settle, types, useHarness, waitFor } from './support.js';

const harness = useHarness();

describe('UnifiedWebSocketEmitter', () => {
  it('emit* map legacy data (shape F, N, D; snake_case) onto the five events and resolve true', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const emitter = new UnifiedWebSocketEmitter(await createWebSocketManager(ctx), { context: ctx });
    expect(await emitter.emitAgentStarted({ agent_name: 'analyst', metadata: { ticket: 7 } })).toBe(true);
    expect(await emitter.emitAgentThinking({ type: 'reasoning', reasoning: 'look at the numbers', metadata: { step_number: 2 } })).toBe(true);
    expect(await emitter.emitToolExecuting({ payload: { tool_name: 'sql', parameters: { q: 'select 1' } } })).toBe(true);
    expect(await emitter.emitToolCompleted({ data: { tool_name: 'sql', result: [1], execution_time_ms: 5 } })).toBe(true);
    expect(await emitter.emitAgentCompleted({ agent_name: 'analyst', status: 'completed', result: { rows: 1 } })).toBe(true);
    await waitFor(() => client.events.length === 5, 'five events');
    expect(client.events.map((event) => [event.type, event.payload])).toEqual([
      ['agent_started', { agentName: 'analyst', context: { ticket: 7 } }],
      ['agent_thinking', { agentName: 'analyst', reasoning: 'look at the numbers', stepNumber: 2 }],
      ['tool_executing', { agentName: 'analyst', toolName: 'sql', toolCallId: expect.stringMatching(/^call_/), parameters: { q: 'select 1' } }],
      ['tool_completed', { agentName: 'analyst', toolName: 'sql', toolCallId: (client.events[2]!.payload as { toolCallId: string }).toolCallId, result: [1], durationMs: 5 }],
      ['agent_completed', { agentName: 'analyst', status: 'succeeded', result: { rows: 1 } }],
    ]);
    expect(emitter.getStats()).toMatchObject({ userId: ctx.userId, eventsSent: 5, eventsFailed: 0, retries: 0, userTier: 'free' });
  });

  it('emit routes the five types to the run and any other type to the user', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const emitter = new UnifiedWebSocketEmitter(null, { context: ctx });
    expect(await emitter.emit('agent_started', { agent_name: 'a' })).toBe(true);
    expect(await emitter.emit('queue_position', { position: 2 })).toBe(true);
    await waitFor(() => client.events.length === 1 && client.userEvents.length === 1, 'both');
    expect(client.userEvents[0]).toMatchObject({ type: 'queue_position', data: { position: 2 } });
  });

  it('notify* build the events from the legacy keyword options', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const emitter = new UnifiedWebSocketEmitter(null, { context: ctx });
    await emitter.notifyAgentStarted('planner', { metadata: { source: 'chat' }, context: { locale: 'en' } });
    await emitter.notifyAgentThinking({ thought: 'plan the trip', stepNumber: 1 });
    await emitter.notifyProgressUpdate(40, 'Booking flights');
    await emitter.notifyToolExecuting('flights', { metadata: { parameters: { to: 'OSL' } } });
    await emitter.notifyToolCompleted('flights', { metadata: { result: { price: 99 }, execution_time_ms: 30 } });
    await emitter.notifyCustom('itinerary_ready', { pages: 2 });
    await emitter.notifyAgentCompleted('planner', { result: { booked: true }, executionTimeMs: 120 });
    await waitFor(() => client.events.length === 6 && client.userEvents.length === 1, 'the run and the custom message');
    expect(client.events.map((event) => [event.type, event.payload])).toEqual([
      ['agent_started', { agentName: 'planner', context: { source: 'chat', locale: 'en' } }],
      ['agent_thinking', { agentName: 'planner', reasoning: 'plan the trip', stepNumber: 1 }],
      ['agent_thinking', { agentName: 'planner', reasoning: 'Booking flights', progress: 40 }],
      ['tool_executing', { agentName: 'planner', toolName: 'flights', toolCallId: expect.any(String), parameters: { to: 'OSL' } }],
      ['tool_completed', { agentName: 'planner', toolName: 'flights', toolCallId: expect.any(String), result: { price: 99 }, durationMs: 30 }],
      ['agent_completed', { agentName: 'planner', status: 'succeeded', result: { booked: true }, durationMs: 120 }],
    ]);
    expect(client.userEvents[0]).toMatchObject({ type: 'itinerary_ready', data: { pages: 2 } });
  });

  it('notifyAgentError ends the run as failed (protocol v1 has no agent_error)', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const emitter = new UnifiedWebSocketEmitter(null, { context: ctx });
    await emitter.notifyAgentStarted('a');
    expect(await emitter.notifyAgentError('quota exceeded')).toBe(true);
    await waitFor(() => client.events.length === 2, 'start and failure');
    expect(client.events[1]).toMatchObject({ type: 'agent_completed', payload: { agentName: 'a', status: 'failed', error: 'quota exceeded' } });
  });

  it('outside any run, notifyAgentError and notifyProgressUpdate still reach the user, as user events', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const emitter = new UnifiedWebSocketEmitter(null, { userId: ctx.userId });
    expect(await emitter.notifyAgentError(new Error('no quota'), { agent_name: 'a' })).toBe(true);
    expect(await emitter.notifyProgressUpdate(50, 'half way')).toBe(true);
    await waitFor(() => client.userEvents.length === 2, 'both');
    expect(client.userEvents.map((event) => [event.type, event.data])).toEqual([
      ['agent_error', { agent_name: 'a', error: 'no quota' }],
      ['progress_update', { progress: 50, message: 'half way' }],
    ]);
    expect(client.events).toEqual([]);
  });

  it('counts tokens and sends those since the last completion as its usage', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const emitter = new UnifiedWebSocketEmitter(null, { context: ctx });
    emitter.updateTokenMetrics(100, 20, 0.01, 'plan');
    emitter.updateTokenMetrics(50, 10, 0.005);
    expect(emitter.getTokenMetrics()).toMatchObject({
      totalOperations: 2,
      totalInputTokens: 150,
      totalOutputTokens: 30,
      averageInputTokens: 75,
    });
    expect(emitter.getTokenMetrics().totalCost).toBeCloseTo(0.015);
    await emitter.notifyAgentStarted('a');
    await emitter.notifyAgentCompleted('a');
    await waitFor(() => client.events.length === 2, 'the run');
    expect(client.events[1]!.payload).toMatchObject({ usage: { inputTokens: 150, outputTokens: 30 } });
  });

  it('keeps tiers, and announces a tier that was set in agent_started.context', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const emitter = new UnifiedWebSocketEmitter(null, { context: ctx });
    expect(emitter.getUserTier()).toBe('free');
    expect(emitter.isPriorityUser()).toBe(false);
    emitter.setUserTier('enterprise');
    expect(emitter.isPriorityUser()).toBe(true);
    expect(() => emitter.setUserTier('gold' as never)).toThrow(RangeError);
    await emitter.notifyAgentStarted('a');
    await waitFor(() => client.events.length === 1, 'the start');
    expect(client.events[0]!.payload).toEqual({ agentName: 'a', context: { userTier: 'enterprise', isPriorityQueue: true } });
  });

  it('without a run context it refuses run events (counted, false) yet sends custom messages; setContext points it at a run', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const emitter = new UnifiedWebSocketEmitter(null, { userId: ctx.userId });
    expect(emitter.getContext()).toBeUndefined();
    expect(await emitter.notifyAgentStarted('a')).toBe(false);
    expect(getLegacyFailures().find((failure) => failure.api === 'UnifiedWebSocketEmitter.notifyAgentStarted')).toMatchObject({
      reason: 'no_run_context',
    });
    expect(await emitter.notifyCustom('hello', {})).toBe(true);
    emitter.setContext(ctx);
    expect(emitter.getContext()).toBe(ctx);
    expect(await emitter.notifyAgentStarted('a')).toBe(true);
    await waitFor(() => client.events.length === 1 && client.userEvents.length === 1, 'both');
    expect(emitter.getStats()).toMatchObject({ eventsSent: 2, eventsFailed: 1 });
    expect(() => new UnifiedWebSocketEmitter(null, {})).toThrow(TypeError);
  });

  it('acquire/release/cleanup only flip its in-use mark: nothing to leak', () => {
    const emitter = new UnifiedWebSocketEmitter(null, { userId: 'someone' });
    expect(emitter.acquire()).toBe(emitter);
    expect(emitter.inUse).toBe(true);
    emitter.release();
    expect(emitter.inUse).toBe(false);
    emitter.acquire();
    emitter.cleanup();
    expect(emitter.inUse).toBe(false);
  });

  it('its classmethods build emitters for a context or a user', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const manager = await createWebSocketManager(ctx);
    const built = [
      UnifiedWebSocketEmitter.createUserEmitter(manager, ctx),
      UnifiedWebSocketEmitter.createForUser(manager, ctx),
      UnifiedWebSocketEmitter.forUser(manager, ctx.userId),
      UnifiedWebSocketEmitter.createAuthEmitter(manager, { userId: ctx.userId }),
    ];
    for (const emitter of built) expect(emitter).toBeInstanceOf(UnifiedWebSocketEmitter);
    expect(built[3]).not.toBeInstanceOf(AuthenticationWebSocketEmitter);
    // forUser has no context of its own: it uses the manager's run.
    expect(await built[2]!.notifyAgentStarted('a')).toBe(true);
    expect(await built[0]!.notifyAgentThinking({ reasoning: 'same run' })).toBe(true);
    await waitFor(() => client.events.length === 2, 'two events');
    expect(client.events.map((event) => event.runId)).toEqual([ctx.runId, ctx.runId]);
  });

  it('has the legacy aliases and constants', () => {
    for (const alias of [WebSocketEventEmitter, UserWebSocketEmitter, IsolatedWebSocketEventEmitter, TransparentWebSocketEmitter, TransparentFromModule, TransparentWebSocketEvents]) {
      expect(alias).toBe(UnifiedWebSocketEmitter);
    }
    expect(CRITICAL_EVENTS).toBe(CANONICAL_CRITICAL_EVENTS);
    expect(AUTHENTICATION_CRITICAL_EVENTS).toEqual(['auth_started', 'auth_validating', 'auth_completed', 'auth_failed']);
    expect(MAX_RETRIES).toBe(3);
  });
});

describe('WebSocketEmitterFactory', () => {
  it('builds emitters that deliver on their context, a performance emitter, and the auth subclass', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const manager = await createWebSocketManager(ctx);
    const plain = WebSocketEmitterFactory.createEmitter(manager, ctx.userId, { context: ctx });
    const scoped = WebSocketEmitterFactory.createScopedEmitter(manager, ctx);
    const fast = WebSocketEmitterFactory.createPerformanceEmitter(manager, ctx.userId, { context: ctx });
    const auth = WebSocketEmitterFactory.createAuthEmitter(manager, ctx.userId, { context: ctx });
    expect(fast.performanceMode).toBe(true);
    expect(auth).toBeInstanceOf(AuthenticationWebSocketEmitter);
    expect(FactoryFromTransparent).toBe(WebSocketEmitterFactory);
    await plain.notifyAgentStarted('a');
    await scoped.notifyAgentThinking({ reasoning: 'scoped' });
    await fast.notifyAgentCompleted('a');
    await waitFor(() => client.events.length === 3, 'the run');
    expect(types(client.events)).toEqual(['agent_started', 'agent_thinking', 'agent_completed']);
  });
});

describe('AuthenticationWebSocketEmitter', () => {
  it('sends each auth event once as a user event and reports connection health', async () => {
    const ctx = freshRun();
    const auth = new AuthenticationWebSocketEmitter(null, { userId: ctx.userId });
    expect(await auth.ensureAuthConnectionHealth()).toBe(false);
    const client = await harness.client(ctx.userId);
    expect(await auth.ensureAuthConnectionHealth()).toBe(true);
    expect(await auth.emitAuthEvent('auth_completed', { method: 'token' })).toBe(true);
    await waitFor(() => client.userEvents.length === 1, 'the auth event');
    await settle();
    expect(client.userEvents).toHaveLength(1);
    expect(client.userEvents[0]).toMatchObject({ type: 'auth_completed', data: { method: 'token' } });
    expect(auth.getAuthStats()).toEqual({ userId: ctx.userId, authEventsSent: 1 });
    expect(await auth.emitAuthEvent('agent_started', {})).toBe(false); // a run event is no auth event
    expect(auth.getAuthStats().authEventsSent).toBe(1);
  });
});

describe('WebSocketEmitterPool', () => {
  it('hands out one emitter per user, evicts the oldest when full, and cleans up idle ones', async () => {
    const [a, b, c] = [freshRun(), freshRun(), freshRun()];
    const client = await harness.client(a.userId);
    const pool = new WebSocketEmitterPool(null, { maxSize: 2 });
    const first = await pool.acquire(a.userId, a);
    expect(await pool.acquire(a.userId)).toBe(first);
    expect(first.inUse).toBe(true);
    await pool.acquire(b.userId, b);
    await pool.acquire(c.userId, c);
    expect(pool.getStatistics()).toEqual({ size: 2, maxSize: 2, users: [b.userId, c.userId] });
    expect(await first.notifyAgentStarted('pooled')).toBe(true);
    await waitFor(() => client.events.length === 1, 'the start');
    expect(client.events[0]).toMatchObject({ runId: a.runId });

    const idle = await pool.acquire(b.userId);
    await pool.release(idle);
    expect(idle.inUse).toBe(false);
    expect(await pool.cleanupInactiveEmitters(0)).toBe(1);
    expect(pool.getStatistics().users).toEqual([c.userId]);
    await pool.shutdown();
    expect(pool.getStatistics().size).toBe(0);
  });
});

describe('transparent events', () => {
  it('createTransparentEmitter delivers on the context run with the context tier', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const emitter = await createTransparentEmitter({ ...ctx, userTier: 'mid', websocketManager: await createWebSocketManager(ctx) });
    expect(emitter.getUserTier()).toBe('mid');
    await emitter.emit(WebSocketEventType.AGENT_STARTED, { agent_name: 'transparent' });
    await emitter.emit(WebSocketEventType.USER_QUEUE_POSITION, { position: 1 });
    await waitFor(() => client.events.length === 1 && client.userEvents.length === 1, 'both');
    expect(client.events[0]!.payload).toEqual({ agentName: 'transparent', context: { userTier: 'mid', isPriorityQueue: false } });
    expect(client.userEvents[0]!.type).toBe('user_queue_position');
    expect(Object.values(WebSocketEventType)).toHaveLength(13);
  });
});
