import { randomUUID } from 'node:crypto';
import { learn } from '../core/context-registry.js';
import { deliverToThread, deliverToUser, typeOf } from '../core/delivery.js';
import { deprecated, type LegacyApi } from '../core/deprecation.js';
import { currentRunId, currentRunIds } from '../core/fallback-run.js';
import { inRunOrder } from '../core/run-tracker.js';
import { LegacyDeliveryError } from '../core/errors.js';
import { recordFailure, swallowing } from '../core/failures.js';
import { readIds, type ContextIds, type LegacyContextInput } from '../core/legacy-context.js';
import { isRecord, type LegacyMessage } from '../core/payload-mapping.js';
import { localSocketCount } from '../core/presence.js';
import * as connections from './connection-registry.js';
import type { WebSocketManagerProtocol } from './protocols.js';
import { WebSocketManagerMode, type ConnectionSocket, type WebSocketConnection } from './websocket-connection.js';

export interface WebSocketManagerOptions {
  /** The user execution context this handle speaks for: its user, thread and run fill in what a call leaves out. */
  userContext?: LegacyContextInput | undefined;
  mode?: WebSocketManagerMode | undefined;
  /** The legacy factory's authorization token: accepted and ignored (any code may make a handle). */
  ssotAuthorizationToken?: string | undefined;
}

/** Called after each critical event the manager delivered (the legacy test hook). */
export type EventListener = (userId: string, eventType: string, message: LegacyMessage) => void;

/** The legacy health dict, snake_case keys as legacy callers read them. */
export type ConnectionHealth = {
  user_id: string;
  /** a registered legacy connection or a live socket on this node's EmitterServer */
  has_active_connections: boolean;
  /** connections registered through legacy manager calls */
  active_connections: number;
  connections: Array<{ connection_id: string; thread_id: string | null }>;
  /** always 0: nothing is queued in the shim, run events replay from the emitter's log */
  queued_for_recovery: number;
};

const contexts = new WeakMap<object, ContextIds>();

/** @internal the ids of the context a manager handle was made for (empty for none or a foreign manager). */
export function managerIds(manager: WebSocketManagerProtocol | null | undefined): ContextIds {
  return (manager && contexts.get(manager)) ?? {};
}

/**
 * The legacy manager, as a handle onto the process-wide EmitterServer. It owns no sockets:
 * every send resolves the default server at call time, so a manager created per call
 * delivers exactly like a long-lived one (the legacy "fresh manager loses the message" bug
 * cannot happen). Also exported as `UnifiedWebSocketManager`, `WebSocketConnectionManager`
 * and `IsolatedWebSocketManager`.
 *
 * Failure behaviour follows the legacy methods: `sendToUser`/`emitCriticalEvent`/`broadcast*`
 * return normally and `send*` methods that returned a boolean return `false`; each such
 * failure is counted in `getLegacyFailures()`.
 */
export class WebSocketManager implements WebSocketManagerProtocol {
  readonly userContext: LegacyContextInput | undefined;
  readonly mode: WebSocketManagerMode;
  readonly #ids: ContextIds;
  /** connections registered through this handle: the recipients of its `broadcast` */
  readonly #own = new Set<string>();
  readonly #listeners = new Set<EventListener>();

  constructor(options: WebSocketManagerOptions = {}) {
    deprecated('WebSocketManager');
    this.userContext = options.userContext;
    this.mode = options.mode ?? WebSocketManagerMode.UNIFIED;
    this.#ids = readIds(options.userContext);
    learn(this.#ids);
    contexts.set(this, this.#ids);
  }

  // --- connection registry (bookkeeping shared by every handle) ---

  async addConnection(connection: WebSocketConnection): Promise<void> {
    deprecated('WebSocketManager.addConnection');
    this.#register(connection);
  }

  async removeConnection(connectionId: string): Promise<void> {
    deprecated('WebSocketManager.removeConnection');
    this.#unregister(connectionId);
  }

  async connectUser(userId: string, socket: ConnectionSocket, connectionId?: string, threadId?: string): Promise<string> {
    deprecated('WebSocketManager.connectUser');
    return this.#connect(userId, socket, connectionId, threadId);
  }

  async disconnectUser(userId: string, socket?: ConnectionSocket): Promise<void> {
    deprecated('WebSocketManager.disconnectUser');
    this.#disconnect(userId, socket);
  }

  findConnection(userId: string, socket?: ConnectionSocket): WebSocketConnection | undefined {
    deprecated('WebSocketManager.findConnection');
    return connections.connectionsOf(userId).find((connection) => socket === undefined || connection.socket === socket);
  }

  /** Without a user id: this handle's user, else a generated `anonymous_…` id, as legacy did. */
  async handleConnection(socket: ConnectionSocket, userId?: string): Promise<string> {
    deprecated('WebSocketManager.handleConnection');
    return this.#connect(userId ?? this.#ids.userId ?? `anonymous_${randomUUID()}`, socket);
  }

  async handleDisconnection(userId: string, socket?: ConnectionSocket): Promise<void> {
    deprecated('WebSocketManager.handleDisconnection');
    this.#disconnect(userId, socket);
  }

  async addConnectionByUser(userId: string, socket: ConnectionSocket, connectionId?: string): Promise<string> {
    deprecated('WebSocketManager.addConnectionByUser');
    return this.#connect(userId, socket, connectionId);
  }

  async removeConnectionByUser(userId: string, socket?: ConnectionSocket): Promise<void> {
    deprecated('WebSocketManager.removeConnectionByUser');
    this.#disconnect(userId, socket);
  }

  /** The legacy synchronous test API. */
  registerConnection(connectionId: string, userId: string, socket: ConnectionSocket): void {
    deprecated('WebSocketManager.registerConnection');
    this.#register({ connectionId, userId, socket, connectedAt: new Date() });
  }

  unregisterConnection(connectionId: string): void {
    deprecated('WebSocketManager.unregisterConnection');
    this.#unregister(connectionId);
  }

  getConnection(connectionId: string): WebSocketConnection | undefined {
    deprecated('WebSocketManager.getConnection');
    return connections.connectionById(connectionId);
  }

  /** Connection ids of `userId`; without an argument, of this handle's user (the 09-10 per-user manager form). */
  getUserConnections(userId?: string): Set<string> {
    deprecated('WebSocketManager.getUserConnections');
    const user = userId ?? this.#ids.userId;
    return new Set(user ? connections.connectionsOf(user).map((connection) => connection.connectionId) : []);
  }

  getUserConnectionsByThread(userId: string, threadId: string): Set<string> {
    deprecated('WebSocketManager.getUserConnectionsByThread');
    return new Set(
      connections
        .connectionsOf(userId)
        .filter((connection) => connection.threadId === threadId)
        .map((connection) => connection.connectionId),
    );
  }

  getConnectionThreadId(connectionId: string): string | undefined {
    deprecated('WebSocketManager.getConnectionThreadId');
    return connections.connectionById(connectionId)?.threadId;
  }

  updateConnectionThread(connectionId: string, threadId: string): boolean {
    deprecated('WebSocketManager.updateConnectionThread');
    const connection = connections.connectionById(connectionId);
    if (!connection) return false;
    connection.threadId = threadId;
    learn({ userId: connection.userId, threadId });
    return true;
  }

  getConnectionIdBySocket(socket: ConnectionSocket): string | undefined {
    deprecated('WebSocketManager.getConnectionIdBySocket');
    return connections.connectionBySocket(socket)?.connectionId;
  }

  // --- health ---

  /** True when the user has a registered legacy connection or a live socket on this node's EmitterServer. */
  isConnectionActive(userId: string): boolean {
    deprecated('WebSocketManager.isConnectionActive');
    return this.#active(userId);
  }

  isUserConnected(userId: string): boolean {
    deprecated('WebSocketManager.isUserConnected');
    return this.#active(userId);
  }

  getConnectionHealth(userId: string): ConnectionHealth {
    deprecated('WebSocketManager.getConnectionHealth');
    const registered = connections.connectionsOf(userId);
    return {
      user_id: userId,
      has_active_connections: this.#active(userId),
      active_connections: registered.length,
      connections: registered.map((connection) => ({
        connection_id: connection.connectionId,
        thread_id: connection.threadId ?? null,
      })),
      queued_for_recovery: 0,
    };
  }

  /** Polls until the user is connected; resolves `false` after `timeoutMs`. */
  async waitForConnection(
    userId: string,
    options: { timeoutMs?: number; checkIntervalMs?: number } = {},
  ): Promise<boolean> {
    deprecated('WebSocketManager.waitForConnection');
    return this.#waitFor(userId, options.timeoutMs ?? 5000, options.checkIntervalMs ?? 100);
  }

  // --- sending ---

  /**
   * The legacy write primitive. A message of one of the five run events (or a legacy alias
   * such as `agent_error`) goes to its run; any other message is the caller's own and goes
   * out as `notifyUser(userId, message.type, rest)`. The one-argument form (a legacy bug
   * that raised TypeError) sends to this handle's user.
   */
  sendToUser(userId: string, message: LegacyMessage): Promise<void>;
  sendToUser(message: LegacyMessage): Promise<void>;
  async sendToUser(userOrMessage: string | LegacyMessage, message?: LegacyMessage): Promise<void> {
    deprecated('WebSocketManager.sendToUser');
    const [userId, body] = typeof userOrMessage === 'string' ? [userOrMessage, message] : [this.#ids.userId, userOrMessage];
    await swallowing('WebSocketManager.sendToUser', undefined, () =>
      this.#deliverToUser(this.#recipient(userId), userId, typeOf(body), body),
    );
  }

  /**
   * Delivers to the user who owns `threadId` (learned from contexts, or the
   * `resolveThreadOwner` hook) — never to a "user" named like the thread. Resolves `false`
   * when the owner is unknown or the event was refused.
   */
  async sendToThread(threadId: string, message: LegacyMessage): Promise<boolean> {
    deprecated('WebSocketManager.sendToThread');
    return swallowing('WebSocketManager.sendToThread', false, async () => {
      const owner = threadId === this.#ids.threadId ? this.#ids.userId : undefined;
      const context = this.#context(owner, typeOf(message), message);
      await (context instanceof Promise ? context.then((ids) => deliverToThread(threadId, message, 'manager', ids)) : deliverToThread(threadId, message, 'manager', context));
      return true;
    });
  }

  /**
   * The main legacy event API, `(userId, eventType, data)`; the 2-argument
   * `(eventType, data)` form of the old per-user manager uses this handle's user. The event
   * type always comes from `eventType`: a `type` inside `data` cannot overwrite it.
   */
  emitCriticalEvent(userId: string, eventType: string, data: LegacyMessage): Promise<void>;
  emitCriticalEvent(eventType: string, data: LegacyMessage): Promise<void>;
  async emitCriticalEvent(first: string, second: string | LegacyMessage, third?: LegacyMessage): Promise<void> {
    deprecated('WebSocketManager.emitCriticalEvent');
    await this.#emitCritical('WebSocketManager.emitCriticalEvent', first, second, third);
  }

  sendAgentEvent(userId: string, eventType: string, data: LegacyMessage): Promise<void>;
  sendAgentEvent(eventType: string, data: LegacyMessage): Promise<void>;
  async sendAgentEvent(first: string, second: string | LegacyMessage, third?: LegacyMessage): Promise<void> {
    deprecated('WebSocketManager.sendAgentEvent');
    await this.#emitCritical('WebSocketManager.sendAgentEvent', first, second, third);
  }

  /** Waits up to `waitTimeoutMs` for the user to connect, then sends; `true` when connected and sent. */
  async sendToUserWithWait(userId: string, message: LegacyMessage, waitTimeoutMs = 3000): Promise<boolean> {
    deprecated('WebSocketManager.sendToUserWithWait');
    const connected = await this.#waitFor(userId, waitTimeoutMs, 100);
    return swallowing('WebSocketManager.sendToUserWithWait', false, async () => {
      await this.#deliverToUser(userId, userId, typeOf(message), message);
      return connected;
    });
  }

  /** Sends to the user of a registered connection (every socket of that user receives it). */
  async sendMessage(connectionId: string, message: LegacyMessage): Promise<boolean> {
    deprecated('WebSocketManager.sendMessage');
    return swallowing('WebSocketManager.sendMessage', false, async () => {
      const userId = this.#connectionUser(connectionId);
      await this.#deliverToUser(userId, userId, typeOf(message), message);
      return true;
    });
  }

  /**
   * `(connectionId, eventType, eventData)`; the 2-argument `(eventType, eventData)` that
   * legacy callers (the data agent, the standard bridge) wrongly used sends to this handle's user.
   */
  sendEvent(connectionId: string, eventType: string, eventData: LegacyMessage): Promise<boolean>;
  sendEvent(eventType: string, eventData: LegacyMessage): Promise<boolean>;
  async sendEvent(first: string, second: string | LegacyMessage, third?: LegacyMessage): Promise<boolean> {
    deprecated('WebSocketManager.sendEvent');
    return swallowing('WebSocketManager.sendEvent', false, async () => {
      const [userId, eventType, data] =
        typeof second === 'string'
          ? [this.#connectionUser(first), second, third ?? {}]
          : [this.#recipient(this.#ids.userId), first, second];
      await this.#deliverToUser(userId, userId, eventType, data);
      return true;
    });
  }

  /**
   * Legacy broadcasts reached only the connections of one per-connection manager. The shim
   * keeps that scope, and never messages users the handle does not speak for: its context's
   * user and the users of connections registered through it.
   */
  async broadcast(message: LegacyMessage): Promise<void> {
    deprecated('WebSocketManager.broadcast');
    await this.#broadcast('WebSocketManager.broadcast', message);
  }

  async broadcastMessage(message: LegacyMessage): Promise<void> {
    deprecated('WebSocketManager.broadcastMessage');
    await this.#broadcast('WebSocketManager.broadcastMessage', message);
  }

  /** Marked `system: true`, as legacy did. */
  async broadcastSystemMessage(message: LegacyMessage): Promise<void> {
    deprecated('WebSocketManager.broadcastSystemMessage');
    await this.#broadcast('WebSocketManager.broadcastSystemMessage', { ...message, system: true });
  }

  async broadcastToAll(message: LegacyMessage, options: { excludeUsers?: Iterable<string> } = {}): Promise<void> {
    deprecated('WebSocketManager.broadcastToAll');
    await this.#broadcast('WebSocketManager.broadcastToAll', message, new Set(options.excludeUsers ?? []));
  }

  // --- hooks and recovery ---

  addEventListener(listener: EventListener): void {
    deprecated('WebSocketManager.addEventListener');
    this.#listeners.add(listener);
  }

  removeEventListener(listener: EventListener): void {
    deprecated('WebSocketManager.removeEventListener');
    this.#listeners.delete(listener);
  }

  /** Nothing is queued in the shim: run events replay from the emitter's log when a client resumes. Resolves 0. */
  async processRecoveryQueue(userId: string): Promise<number> {
    deprecated('WebSocketManager.processRecoveryQueue');
    void userId;
    return 0;
  }

  /**
   * Acknowledgements are the client SDK's cumulative `ack {runId, seq}`; a legacy one is
   * accepted (`true` when it names an `event_id`) and changes nothing, as in legacy.
   */
  async handleEventConfirmation(userId: string, message: LegacyMessage): Promise<boolean> {
    deprecated('WebSocketManager.handleEventConfirmation');
    void userId;
    return typeof message['event_id'] === 'string';
  }

  /** Sends now, tagged `transaction_id`: the commit hook was never wired in legacy either (commit first, then call it). */
  async sendEventAfterCommit(transactionId: string, userId: string, message: LegacyMessage): Promise<void> {
    deprecated('WebSocketManager.sendEventAfterCommit');
    const tagged = { ...message, transaction_id: transactionId };
    await swallowing('WebSocketManager.sendEventAfterCommit', undefined, () =>
      this.#deliverToUser(userId, userId, typeOf(tagged), tagged),
    );
  }

  // --- internals ---

  async #emitCritical(api: LegacyApi, first: string, second: string | LegacyMessage, third?: LegacyMessage): Promise<void> {
    const [userId, eventType, data] =
      typeof second === 'string' ? [first, second, third ?? {}] : [this.#ids.userId, first, second];
    // Legacy validated these and raised: a programming error, not a delivery failure.
    if (!userId) throw new TypeError(`${api}: userId must be a non-empty string`);
    if (typeof eventType !== 'string' || eventType.length === 0) {
      throw new TypeError(`${api}: eventType must be a non-empty string`);
    }
    const delivered = await swallowing(api, false, async () => {
      await this.#deliverToUser(userId, userId, eventType, data);
      return true;
    });
    if (delivered) for (const listener of this.#listeners) listener(userId, eventType, isRecord(data) ? data : {});
  }

  async #broadcast(api: LegacyApi, message: LegacyMessage, exclude = new Set<string>()): Promise<void> {
    const recipients = new Set<string>();
    if (this.#ids.userId) recipients.add(this.#ids.userId);
    for (const id of this.#own) {
      const connection = connections.connectionById(id);
      if (connection) recipients.add(connection.userId);
    }
    for (const user of exclude) recipients.delete(user);
    if (recipients.size === 0) {
      recordFailure(api, new LegacyDeliveryError('no_recipient', 'this manager has no user context and no registered connection'));
      return;
    }
    for (const userId of recipients) {
      await swallowing(api, undefined, () =>
        this.#deliverToUser(userId, userId, typeOf(message), message),
      );
    }
  }

  /**
   * The context a send to `userId` of `eventType` falls back on: this handle's, or for a
   * fallback handle its user's current run. Only a send that can fall back on this handle's
   * run (its own user, no run id of its own) may move that run on.
   */
  #context(userId: string | undefined, eventType: string, data: unknown): ContextIds | Promise<ContextIds> {
    if (userId !== this.#ids.userId || readIds(data).runId !== undefined) return this.#ids;
    return currentRunIds(this.#ids, eventType);
  }

  /**
   * Delivers with this handle's context, taking the call's place in its run's order now, when
   * the legacy call is made: at once when the context is known (an `await` of it would let a
   * call made right after it on another path go first), else in the run the handle speaks for
   * now while a fallback handle's start looks its run up (kept if the run stays the same).
   */
  #deliverToUser(recipient: string, contextUser: string | undefined, type: string, data: unknown): Promise<void> {
    const context = this.#context(contextUser, type, data);
    if (!(context instanceof Promise)) return deliverToUser(recipient, type, data, 'manager', context);
    return inRunOrder(currentRunId(this.#ids), async (turn) => {
      const ids = await context;
      return deliverToUser(recipient, type, data, 'manager', ids, turn?.runId === ids.runId ? turn : undefined);
    });
  }

  #register(connection: WebSocketConnection): void {
    connections.register(connection);
    this.#own.add(connection.connectionId);
  }

  #unregister(connectionId: string): void {
    connections.unregister(connectionId);
    this.#own.delete(connectionId);
  }

  #connect(userId: string, socket: ConnectionSocket, connectionId?: string, threadId?: string): string {
    const id = connectionId ?? `conn_${randomUUID()}`;
    this.#register({ connectionId: id, userId, socket, connectedAt: new Date(), threadId });
    return id;
  }

  #disconnect(userId: string, socket: ConnectionSocket | undefined): void {
    for (const connection of connections.connectionsOf(userId)) {
      if (socket === undefined || connection.socket === socket) this.#unregister(connection.connectionId);
    }
  }

  #active(userId: string): boolean {
    return connections.connectionsOf(userId).length > 0 || localSocketCount(userId) > 0;
  }

  async #waitFor(userId: string, timeoutMs: number, intervalMs: number): Promise<boolean> {
    const deadline = Date.now() + Math.max(0, timeoutMs);
    for (;;) {
      if (this.#active(userId)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(intervalMs, deadline - Date.now()))));
    }
  }

  #recipient(userId: string | undefined): string {
    if (userId) return userId;
    throw new LegacyDeliveryError('no_recipient', 'no user id given and this manager has no user context');
  }

  #connectionUser(connectionId: string): string {
    const connection = connections.connectionById(connectionId);
    if (connection) return connection.userId;
    throw new LegacyDeliveryError('unknown_connection', `no connection ${connectionId} is registered`);
  }
}

/** Every legacy name of the manager class. */
export const UnifiedWebSocketManager = WebSocketManager;
export type UnifiedWebSocketManager = WebSocketManager;
/** The legacy implementation class name (`_UnifiedWebSocketManagerImplementation`). */
export const UnifiedWebSocketManagerImplementation = WebSocketManager;
export type UnifiedWebSocketManagerImplementation = WebSocketManager;
export const WebSocketConnectionManager = WebSocketManager;
export type WebSocketConnectionManager = WebSocketManager;
/** Removed from the legacy factory before the baseline, yet still imported: now the same handle. */
export const IsolatedWebSocketManager = WebSocketManager;
export type IsolatedWebSocketManager = WebSocketManager;
