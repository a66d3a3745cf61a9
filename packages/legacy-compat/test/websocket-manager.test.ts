import { describe, expect, it } from 'vitest';
import { getLegacyFailures } from '../src/index.js';
import { UnifiedWebSocketManager as ManagerFromManagerModule, WebSocketManager as ManagerEntry } from '../src/manager.js';
import type { WebSocketManagerProtocol } from '../src/protocols.js';
import {
  FactoryBypassDetected,
  UnifiedWebSocketManagerImplementation,
  WebSocketManagerMode,
  type WebSocketConnection,
} from '../src/unified-manager.js';
import { UnifiedWebSocketEmitter } from '../src/unified-emitter.js';
import {
  UnifiedWebSocketManager,
  WebSocketConnectionManager,
  WebSocketEventEmitter,
  WebSocketManager,
  getWebSocketManager,
} from '../src/websocket-manager.js';
import { freshRun, recordingSocket, settle, types, useHarness, waitFor } from './support.js';

const harness = useHarness();

function failures(api: string) {
  return getLegacyFailures().filter((failure) => failure.api === api);
}

describe('getWebSocketManager and the manager names', () => {
  it('returns a delivering handle; every legacy name is the one class', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const manager = await getWebSocketManager(ctx, { mode: WebSocketManagerMode.ISOLATED });
    expect(manager.mode).toBe('unified');
    for (const alias of [UnifiedWebSocketManager, WebSocketConnectionManager, UnifiedWebSocketManagerImplementation, ManagerEntry, ManagerFromManagerModule]) {
      expect(alias).toBe(WebSocketManager);
    }
    expect(WebSocketEventEmitter).toBe(UnifiedWebSocketEmitter);
    expect(Object.values(WebSocketManagerMode)).toEqual(['unified', 'unified', 'unified', 'unified']);
    expect(new FactoryBypassDetected()).toBeInstanceOf(Error);
    const protocol: WebSocketManagerProtocol = manager;
    await protocol.sendToUser(ctx.userId, { type: 'welcome', text: 'hi' });
    await waitFor(() => client.userEvents.length === 1, 'the welcome');
    expect(client.userEvents[0]).toMatchObject({ type: 'welcome', data: { text: 'hi' } });
  });

  it('a handle made without a context still delivers to the user a call names', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const manager = await getWebSocketManager();
    await manager.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'a', run_id: ctx.runId, thread_id: ctx.threadId });
    await waitFor(() => client.events.length === 1, 'the start');
    expect(client.events[0]).toMatchObject({ runId: ctx.runId, threadId: ctx.threadId, userId: ctx.userId });
  });
});

describe('connection registry (bookkeeping shared by every handle)', () => {
  it('registers, queries and removes connections, across handles, without ever writing to a legacy socket', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const first = new WebSocketManager({ userContext: ctx, ssotAuthorizationToken: 'ignored' });
    const second = new WebSocketManager({ userContext: ctx });
    const [socketA, socketB, socketC] = [recordingSocket('a'), recordingSocket('b'), recordingSocket('c')];
    const connection: WebSocketConnection = { connectionId: `${ctx.userId}-c1`, userId: ctx.userId, socket: socketA, connectedAt: new Date(), threadId: ctx.threadId };

    await first.addConnection(connection);
    const c2 = await first.connectUser(ctx.userId, socketB, undefined, 'other-thread');
    expect(c2).toMatch(/^conn_/);
    const c3 = await first.addConnectionByUser(ctx.userId, socketC, `${ctx.userId}-c3`);
    first.registerConnection(`${ctx.userId}-c4`, ctx.userId, recordingSocket('d'));
    const c5 = await first.handleConnection(recordingSocket('e'));

    expect(second.getUserConnections(ctx.userId)).toEqual(new Set([connection.connectionId, c2, c3, `${ctx.userId}-c4`, c5]));
    expect(second.getConnection(connection.connectionId)).toBe(connection);
    expect(second.findConnection(ctx.userId, socketB)?.connectionId).toBe(c2);
    expect(second.getConnectionIdBySocket(socketC)).toBe(c3);
    expect(second.getUserConnectionsByThread(ctx.userId, ctx.threadId)).toEqual(new Set([connection.connectionId]));
    expect(second.updateConnectionThread(c2, ctx.threadId)).toBe(true);
    expect(second.updateConnectionThread('missing', ctx.threadId)).toBe(false);
    expect(second.getConnectionThreadId(c2)).toBe(ctx.threadId);

    await second.sendToUser(ctx.userId, { type: 'ping' });
    await waitFor(() => client.userEvents.length === 1, 'the ping');
    for (const socket of [socketA, socketB, socketC]) expect(socket.sent).toEqual([]);

    await second.removeConnection(connection.connectionId);
    await second.disconnectUser(ctx.userId, socketB);
    await second.removeConnectionByUser(ctx.userId, socketC);
    second.unregisterConnection(`${ctx.userId}-c4`);
    await second.handleDisconnection(ctx.userId);
    expect(first.getUserConnections(ctx.userId)).toEqual(new Set());
  });
});

describe('health', () => {
  it('counts a live socket on the EmitterServer or a registered connection as active', async () => {
    const ctx = freshRun();
    const manager = new WebSocketManager({ userContext: ctx });
    expect(manager.isConnectionActive(ctx.userId)).toBe(false);
    expect(await manager.waitForConnection(ctx.userId, { timeoutMs: 30, checkIntervalMs: 10 })).toBe(false);
    const waiting = manager.waitForConnection(ctx.userId, { timeoutMs: 10_000, checkIntervalMs: 10 });
    await harness.client(ctx.userId);
    expect(await waiting).toBe(true);
    expect(manager.isUserConnected(ctx.userId)).toBe(true);
    manager.registerConnection(`${ctx.userId}-c`, ctx.userId, recordingSocket());
    expect(manager.getConnectionHealth(ctx.userId)).toEqual({
      user_id: ctx.userId,
      has_active_connections: true,
      active_connections: 1,
      connections: [{ connection_id: `${ctx.userId}-c`, thread_id: null }],
      queued_for_recovery: 0,
    });
  });
});

describe('sending', () => {
  it('sendToUser: custom messages become user events, run events go to their run, and the one-argument form uses the handle user', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const manager = new WebSocketManager({ userContext: ctx });
    await manager.sendToUser(ctx.userId, { type: 'agent_started', agent_name: 'router' });
    await manager.sendToUser({ type: 'quality_update', score: 3 });
    await manager.sendToUser(ctx.userId, { text: 'no type' });
    await waitFor(() => client.events.length === 1 && client.userEvents.length === 2, 'one run event and two user events');
    expect(client.events[0]).toMatchObject({ type: 'agent_started', runId: ctx.runId, payload: { agentName: 'router' } });
    expect(client.userEvents.map((event) => [event.type, event.data])).toEqual([
      ['quality_update', { score: 3 }],
      ['message', { text: 'no type' }],
    ]);
  });

  it('emitCriticalEvent and sendAgentEvent deliver, call the listeners, and validate their arguments as legacy did', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const manager = new WebSocketManager({ userContext: ctx });
    const heard: unknown[] = [];
    const listener = (userId: string, eventType: string, data: Record<string, unknown>) => heard.push([userId, eventType, data]);
    manager.addEventListener(listener);
    await manager.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'a' });
    await manager.sendAgentEvent(ctx.userId, 'agent_thinking', { thought: 'hmm' });
    manager.removeEventListener(listener);
    await manager.sendAgentEvent(ctx.userId, 'agent_completed', { agent_name: 'a' });
    await waitFor(() => client.events.length === 3, 'three events');
    expect(types(client.events)).toEqual(['agent_started', 'agent_thinking', 'agent_completed']);
    expect(client.events[1]!.payload).toEqual({ agentName: 'a', reasoning: 'hmm' });
    expect(heard).toEqual([
      [ctx.userId, 'agent_started', { agent_name: 'a' }],
      [ctx.userId, 'agent_thinking', { thought: 'hmm' }],
    ]);
    await expect(manager.emitCriticalEvent('', 'agent_started', {})).rejects.toThrow(TypeError);
    await expect(manager.emitCriticalEvent(ctx.userId, '', {})).rejects.toThrow(TypeError);
  });

  it('sendToUserWithWait answers whether the user was connected', async () => {
    const ctx = freshRun();
    const manager = new WebSocketManager({ userContext: ctx });
    expect(await manager.sendToUserWithWait(ctx.userId, { type: 'late' }, 20)).toBe(false);
    const client = await harness.client(ctx.userId);
    expect(await manager.sendToUserWithWait(ctx.userId, { type: 'hello' }, 5000)).toBe(true);
    await waitFor(() => client.userEvents.length === 1, 'hello');
    expect(client.userEvents[0]!.type).toBe('hello');
  });

  it('sendMessage and sendEvent reach the user of a registered connection, or answer false', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const manager = new WebSocketManager({ userContext: ctx });
    const socket = recordingSocket();
    manager.registerConnection(`${ctx.userId}-conn`, ctx.userId, socket);
    expect(await manager.sendMessage(`${ctx.userId}-conn`, { type: 'direct', n: 1 })).toBe(true);
    expect(await manager.sendEvent(`${ctx.userId}-conn`, 'agent_started', { agent_name: 'a' })).toBe(true);
    // The arity legacy callers wrongly used: (eventType, data) on the handle's own user.
    expect(await manager.sendEvent('agent_thinking', { thought: 'two-argument form' })).toBe(true);
    const before = failures('WebSocketManager.sendMessage').length;
    expect(await manager.sendMessage('no-such-connection', { type: 'x' })).toBe(false);
    expect(failures('WebSocketManager.sendMessage')).toHaveLength(before + 1);
    expect(failures('WebSocketManager.sendMessage').at(-1)).toMatchObject({ reason: 'unknown_connection' });
    await waitFor(() => client.events.length === 2 && client.userEvents.length === 1, 'two run events and a message');
    expect(client.userEvents[0]).toMatchObject({ type: 'direct', data: { n: 1 } });
    expect(client.events.map((event) => event.payload)).toEqual([
      { agentName: 'a' },
      { agentName: 'a', reasoning: 'two-argument form' },
    ]);
    expect(socket.sent).toEqual([]);
  });

  it('broadcast* reach the handle user and the users of its registered connections, nobody else', async () => {
    const ctx = freshRun();
    const guest = freshRun();
    const stranger = freshRun();
    const [owner, guestClient, strangerClient] = await Promise.all([
      harness.client(ctx.userId),
      harness.client(guest.userId),
      harness.client(stranger.userId),
    ]);
    const manager = new WebSocketManager({ userContext: ctx });
    manager.registerConnection(`${guest.userId}-conn`, guest.userId, recordingSocket());
    await manager.broadcast({ type: 'maintenance', at: 'noon' });
    await manager.broadcastMessage({ type: 'notice' });
    await manager.broadcastSystemMessage({ type: 'system_status', ok: true });
    await manager.broadcastToAll({ type: 'only_owner' }, { excludeUsers: new Set([guest.userId]) });
    await waitFor(() => owner.userEvents.length === 4 && guestClient.userEvents.length === 3, 'the broadcasts');
    await settle();
    expect(owner.userEvents.map((event) => event.type)).toEqual(['maintenance', 'notice', 'system_status', 'only_owner']);
    expect(owner.userEvents[2]!.data).toEqual({ ok: true, system: true });
    expect(guestClient.userEvents.map((event) => event.type)).toEqual(['maintenance', 'notice', 'system_status']);
    expect(strangerClient.userEvents).toEqual([]);

    const before = failures('WebSocketManager.broadcast').length;
    await new WebSocketManager().broadcast({ type: 'to nobody' });
    expect(failures('WebSocketManager.broadcast')).toHaveLength(before + 1);
    expect(failures('WebSocketManager.broadcast').at(-1)).toMatchObject({ reason: 'no_recipient' });
  });
});

describe('hooks and recovery', () => {
  it('has nothing to recover, records confirmations, and sends after-commit events at once', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const manager = new WebSocketManager({ userContext: ctx });
    expect(await manager.processRecoveryQueue(ctx.userId)).toBe(0);
    expect(await manager.handleEventConfirmation(ctx.userId, { event_id: 'e1' })).toBe(true);
    expect(await manager.handleEventConfirmation(ctx.userId, {})).toBe(false);
    await manager.sendEventAfterCommit('txn-7', ctx.userId, { type: 'order_saved', order: 3 });
    await waitFor(() => client.userEvents.length === 1, 'the after-commit event');
    expect(client.userEvents[0]).toMatchObject({ type: 'order_saved', data: { order: 3, transaction_id: 'txn-7' } });
  });
});
