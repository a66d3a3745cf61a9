import { BoundedMap } from '../core/bounded-map.js';
import { learn } from '../core/context-registry.js';
import type { WebSocketConnection } from './websocket-connection.js';

/** Connections registered through any legacy manager handle; oldest forgotten beyond this. */
const CONNECTION_LIMIT = 100_000;

/**
 * One process-wide registry behind every manager handle, so a manager made per call sees
 * the connections another registered. Bookkeeping only: it answers the legacy registry
 * queries and teaches the shim who owns a connection's thread.
 */
const connections = new BoundedMap<string, WebSocketConnection>(
  () => CONNECTION_LIMIT,
  (connectionId, connection) => unindex(connectionId, connection.userId),
);
const byUser = new Map<string, Set<string>>();

export function register(connection: WebSocketConnection): void {
  if (typeof connection.connectionId !== 'string' || connection.connectionId.length === 0) {
    throw new TypeError('a connection needs a non-empty connectionId');
  }
  if (typeof connection.userId !== 'string' || connection.userId.length === 0) {
    throw new TypeError('a connection needs a non-empty userId');
  }
  const previous = connections.get(connection.connectionId);
  if (previous) unindex(previous.connectionId, previous.userId);
  connections.set(connection.connectionId, connection);
  let ids = byUser.get(connection.userId);
  if (!ids) byUser.set(connection.userId, (ids = new Set()));
  ids.add(connection.connectionId);
  if (connection.threadId) learn({ userId: connection.userId, threadId: connection.threadId });
}

export function unregister(connectionId: string): WebSocketConnection | undefined {
  const connection = connections.get(connectionId);
  if (!connection) return undefined;
  connections.delete(connectionId);
  unindex(connectionId, connection.userId);
  return connection;
}

export function connectionById(connectionId: string): WebSocketConnection | undefined {
  return connections.get(connectionId);
}

export function connectionsOf(userId: string): WebSocketConnection[] {
  return [...(byUser.get(userId) ?? [])].flatMap((id) => connections.get(id) ?? []);
}

export function connectionBySocket(socket: unknown): WebSocketConnection | undefined {
  for (const [, connection] of connections.entries()) if (connection.socket === socket) return connection;
  return undefined;
}

function unindex(connectionId: string, userId: string): void {
  const ids = byUser.get(userId);
  ids?.delete(connectionId);
  if (ids?.size === 0) byUser.delete(userId);
}
