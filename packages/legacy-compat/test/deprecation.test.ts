import { afterEach, describe, expect, it } from 'vitest';
import * as compat from '../src/index.js';
import { LEGACY_SYMBOLS, LegacyStrictModeError, getLegacyUsage, warningCode, type LegacySymbol } from '../src/index.js';
import { freshRun, useHarness, waitFor } from './support.js';

/**
 * Runs in its own file (vitest isolates module state per file), so "once per process" starts
 * here from zero: no symbol has warned before these tests.
 */
const harness = useHarness();

const warnings: Error[] = [];
process.on('warning', (warning) => warnings.push(warning));

/** `process.emitWarning` emits on the next tick. */
async function warningsOf(call: () => unknown): Promise<Array<{ code: string; message: string }>> {
  // Warnings of earlier calls still on their way would land in this call's window.
  await new Promise((resolve) => setImmediate(resolve));
  const start = warnings.length;
  await call();
  await new Promise((resolve) => setImmediate(resolve));
  return warnings
    .slice(start)
    .filter((warning) => warning.name === 'DeprecationWarning')
    .map((warning) => ({ code: (warning as Error & { code: string }).code, message: warning.message }));
}

/** The usage counts that changed since `before`. */
function usageSince(before: Record<string, number>): Record<string, number> {
  const after = getLegacyUsage();
  return Object.fromEntries(
    Object.keys(after)
      .map((key) => [key, (after[key] ?? 0) - (before[key] ?? 0)] as const)
      .filter(([, delta]) => delta !== 0),
  );
}

afterEach(() => {
  delete process.env['UNIFIED_WS_LEGACY'];
});

describe('warn once per symbol per process', () => {
  it('warns on the first call of a symbol, with its documented code and canonical replacement, and never again', async () => {
    const ctx = freshRun();
    const first = await warningsOf(() => compat.createWebSocketManager(ctx));
    expect(first).toEqual([
      {
        code: 'UNIFIED_WS_DEP_CREATE_WEBSOCKET_MANAGER',
        message: expect.stringContaining('getDefaultEmitterServer().forRun({ userId, threadId, runId })'),
      },
    ]);
    expect(first[0]!.message).toContain('@unified-ws/legacy-compat/websocket-manager-factory');
    expect(await warningsOf(() => compat.createWebSocketManager(ctx))).toEqual([]);
  });

  it('warns for the class once, whichever member or alias is used first', async () => {
    const manager = await compat.createWebSocketManager(freshRun());
    const first = await warningsOf(() => manager.getUserConnections('nobody'));
    expect(first.map((warning) => warning.code)).toEqual(['UNIFIED_WS_DEP_WEBSOCKET_MANAGER']);
    expect(await warningsOf(() => new compat.UnifiedWebSocketManager())).toEqual([]);
    expect(await warningsOf(() => manager.isConnectionActive('nobody'))).toEqual([]);
  });

  it('derives every code from the symbol name', () => {
    expect(warningCode('AgentWebSocketBridge')).toBe('UNIFIED_WS_DEP_AGENT_WEBSOCKET_BRIDGE');
    expect(warningCode('validateSsotUserContextStagingSafe')).toBe('UNIFIED_WS_DEP_VALIDATE_SSOT_USER_CONTEXT_STAGING_SAFE');
    expect(new Set(Object.keys(LEGACY_SYMBOLS).map((symbol) => warningCode(symbol as LegacySymbol))).size).toBe(Object.keys(LEGACY_SYMBOLS).length);
  });
});

describe('getLegacyUsage', () => {
  it('counts calls per symbol and member, and not the constructors a shim factory calls for you', async () => {
    const before = getLegacyUsage();
    const ctx = freshRun();
    const manager = await compat.createWebSocketManager(ctx);
    await compat.createWebSocketManager(ctx);
    manager.getUserConnections(ctx.userId);
    compat.WebSocketEmitterFactory.createScopedEmitter(manager, ctx);
    const after = getLegacyUsage();
    const delta = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
    expect(delta('createWebSocketManager')).toBe(2);
    expect(delta('WebSocketManager.getUserConnections')).toBe(1);
    expect(delta('WebSocketEmitterFactory.createScopedEmitter')).toBe(1);
    expect(delta('WebSocketManager')).toBe(0);
    expect(delta('UnifiedWebSocketEmitter')).toBe(0);
    expect(Object.keys(after)).toEqual([...Object.keys(after)].sort((a, b) => a.localeCompare(b)));
  });
});

describe('warnings and counts name what the caller used', () => {
  it('the members of getWebSocketManagerFactory() count under it; the WebSocketManagerFactory class behind it never warns', async () => {
    const ctx = freshRun();
    const before = getLegacyUsage();
    const warned = await warningsOf(async () => {
      const factory = compat.getWebSocketManagerFactory();
      await factory.createManager(ctx);
      factory.getFactoryStats();
    });
    expect(warned.map((warning) => warning.code)).toEqual(['UNIFIED_WS_DEP_GET_WEBSOCKET_MANAGER_FACTORY']);
    expect(usageSince(before)).toEqual({
      getWebSocketManagerFactory: 1,
      'getWebSocketManagerFactory.createManager': 1,
      'getWebSocketManagerFactory.getFactoryStats': 1,
    });
  });

  it('LegacyStandardBridgeAdapter counts and warns the members it inherits as its own, and delivers', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const emitter = compat.WebSocketEmitterFactory.createScopedEmitter(null, ctx);
    const before = getLegacyUsage();
    let sent: boolean | undefined;
    const warned = await warningsOf(async () => {
      const adapter = new compat.LegacyStandardBridgeAdapter(emitter, ctx);
      sent = await adapter.notifyAgentStarted(ctx.runId, 'planner');
      adapter.getBridgeMetrics();
    });
    expect(sent).toBe(true);
    expect(warned.map((warning) => warning.code)).toEqual(['UNIFIED_WS_DEP_LEGACY_STANDARD_BRIDGE_ADAPTER']);
    expect(usageSince(before)).toEqual({
      LegacyStandardBridgeAdapter: 1,
      'LegacyStandardBridgeAdapter.notifyAgentStarted': 1,
      'LegacyStandardBridgeAdapter.getBridgeMetrics': 1,
    });
    await waitFor(() => client.events.length === 1, 'the start');
    expect(client.events[0]).toMatchObject({ type: 'agent_started', runId: ctx.runId, payload: { agentName: 'planner' } });
  });

  it('AuthenticationWebSocketEmitter counts and warns the members it inherits as its own, and delivers', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const before = getLegacyUsage();
    let sent: boolean | undefined;
    const warned = await warningsOf(async () => {
      const emitter = new compat.AuthenticationWebSocketEmitter(null, { context: ctx });
      sent = await emitter.notifyAgentStarted('auth');
      await emitter.emitAuthEvent('auth_completed', { ok: true });
      emitter.getStats();
    });
    expect(sent).toBe(true);
    expect(warned.map((warning) => warning.code)).toEqual(['UNIFIED_WS_DEP_AUTHENTICATION_WEBSOCKET_EMITTER']);
    expect(usageSince(before)).toEqual({
      AuthenticationWebSocketEmitter: 1,
      'AuthenticationWebSocketEmitter.notifyAgentStarted': 1,
      'AuthenticationWebSocketEmitter.emitAuthEvent': 1,
      'AuthenticationWebSocketEmitter.getStats': 1,
    });
    await waitFor(() => client.events.length === 1 && client.userEvents.length === 1, 'the start and the auth event');
    expect(client.events[0]).toMatchObject({ type: 'agent_started', runId: ctx.runId, payload: { agentName: 'auth' } });
    expect(client.userEvents[0]).toMatchObject({ type: 'auth_completed', data: { ok: true } });
  });
});

describe('strict mode: UNIFIED_WS_LEGACY=throw', () => {
  const ctx = freshRun();
  /** One call of every catalog symbol, made while strict mode is on. */
  const calls: Record<LegacySymbol, () => unknown> = {
    createWebSocketManager: () => compat.createWebSocketManager(ctx),
    createWebSocketManagerSync: () => compat.createWebSocketManagerSync({ userContext: ctx }),
    getWebSocketManagerFactory: () => compat.getWebSocketManagerFactory(),
    WebSocketManagerFactory: () => new compat.WebSocketManagerFactory(),
    createDefensiveUserExecutionContext: () => compat.createDefensiveUserExecutionContext(ctx.userId),
    createTestUserContext: () => compat.createTestUserContext(),
    ConnectionLifecycleManager: () => new compat.ConnectionLifecycleManager(null),
    validateWebSocketComponentHealth: () => compat.validateWebSocketComponentHealth(),
    validateSsotUserContext: () => compat.validateSsotUserContext(ctx),
    validateSsotUserContextStagingSafe: () => compat.validateSsotUserContextStagingSafe(ctx),
    getWebSocketManager: () => compat.getWebSocketManager(ctx),
    WebSocketManager: () => new compat.WebSocketManager({ userContext: ctx }),
    UnifiedWebSocketEmitter: () => new compat.UnifiedWebSocketEmitter(null, { context: ctx }),
    WebSocketEmitterFactory: () => compat.WebSocketEmitterFactory.createEmitter(null, ctx.userId),
    WebSocketEmitterPool: () => new compat.WebSocketEmitterPool(null),
    AuthenticationWebSocketEmitter: () => new compat.AuthenticationWebSocketEmitter(null, { userId: ctx.userId }),
    ErrorHandler: () => new compat.ErrorHandler(),
    AuthHandler: () => new compat.AuthHandler(),
    AgentWebSocketBridge: () => new compat.AgentWebSocketBridge({ userContext: ctx }),
    createAgentWebSocketBridge: () => compat.createAgentWebSocketBridge({ userContext: ctx }),
    getAgentWebSocketBridge: () => compat.getAgentWebSocketBridge({ userContext: ctx }),
    WebSocketNotifier: () => new compat.WebSocketNotifier(undefined, ctx),
    AgentWebSocketBridgeAdapter: () => new compat.WebSocketBridgeAdapter(),
    StandardWebSocketBridge: () => new compat.StandardWebSocketBridge(ctx),
    createStandardWebSocketBridge: () => compat.createStandardWebSocketBridge(ctx),
    createAgentBridgeAdapter: () => compat.createAgentBridgeAdapter(null as never, ctx),
    createEmitterBridgeAdapter: () => compat.createEmitterBridgeAdapter(null as never, ctx),
    createManagerBridgeAdapter: () => compat.createManagerBridgeAdapter(null as never, ctx),
    LegacyStandardBridgeAdapter: () => new compat.LegacyStandardBridgeAdapter(null, ctx),
    createTransparentEmitter: () => compat.createTransparentEmitter(ctx),
    emitWebSocketEvent: () => compat.emitWebSocketEvent(ctx, 'agent_started', {}),
    notifyPhaseStart: () => compat.notifyPhaseStart({ name: 'p' }, ctx),
    notifyPhaseComplete: () => compat.notifyPhaseComplete({ name: 'p' }, ctx),
    notifyPhaseError: () => compat.notifyPhaseError({ name: 'p' }, ctx, 'e'),
  };

  it('covers every symbol of the catalog', () => {
    expect(Object.keys(calls).sort()).toEqual(Object.keys(LEGACY_SYMBOLS).sort());
  });

  for (const [symbol, call] of Object.entries(calls)) {
    it(`${symbol} throws a clear error naming the canonical replacement`, async () => {
      process.env['UNIFIED_WS_LEGACY'] = 'throw';
      const error = await Promise.resolve()
        .then(call)
        .then(
          () => undefined,
          (failure: unknown) => failure,
        );
      expect(error).toBeInstanceOf(LegacyStrictModeError);
      expect(error).toMatchObject({ code: 'ERR_UWS_LEGACY_STRICT', replacement: LEGACY_SYMBOLS[symbol as LegacySymbol].replacement });
      expect((error as LegacyStrictModeError).api.split('.')[0]).toBe(symbol);
      expect((error as Error).message).toContain('UNIFIED_WS_LEGACY=throw');
    });
  }

  it('also stops members, even those that used to swallow every error, and is read at each call', async () => {
    const manager = await compat.createWebSocketManager(ctx);
    const notifier = new compat.WebSocketNotifier(undefined, ctx);
    const factory = compat.getWebSocketManagerFactory();
    const adapter = new compat.LegacyStandardBridgeAdapter(null, ctx);
    process.env['UNIFIED_WS_LEGACY'] = 'throw';
    await expect(factory.createManager(ctx)).rejects.toMatchObject({ api: 'getWebSocketManagerFactory.createManager' });
    expect(() => factory.getFactoryStats()).toThrow(LegacyStrictModeError);
    await expect(adapter.notifyAgentStarted(ctx.runId, 'a')).rejects.toMatchObject({ api: 'LegacyStandardBridgeAdapter.notifyAgentStarted' });
    expect(() => manager.getUserConnections(ctx.userId)).toThrow(LegacyStrictModeError);
    await expect(manager.sendToUser(ctx.userId, { type: 'x' })).rejects.toMatchObject({ api: 'WebSocketManager.sendToUser' });
    await expect(notifier.sendAgentStarted(ctx)).rejects.toBeInstanceOf(LegacyStrictModeError);
    delete process.env['UNIFIED_WS_LEGACY'];
    expect(manager.getUserConnections(ctx.userId)).toEqual(new Set());
  });
});
