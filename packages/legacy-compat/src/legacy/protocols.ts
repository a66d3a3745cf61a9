import type { LegacyMessage } from '../core/payload-mapping.js';
import type { ConnectionSocket, WebSocketConnection } from './websocket-connection.js';

/**
 * The formal manager interface. Legacy bound this name at run time to another, plain class
 * (`instanceof WebSocketManagerProtocol` was false for every manager); here it is only the
 * interface, which `WebSocketManager` implements.
 */
export interface WebSocketManagerProtocol {
  sendToUser(userId: string, message: LegacyMessage): Promise<void>;
  emitCriticalEvent(userId: string, eventType: string, data: LegacyMessage): Promise<void>;
  sendToThread(threadId: string, message: LegacyMessage): Promise<boolean>;
  addConnection(connection: WebSocketConnection): Promise<void>;
  removeConnection(connectionId: string): Promise<void>;
  getUserConnections(userId: string): Set<string>;
  isConnectionActive(userId: string): boolean;
  getConnectionHealth(userId: string): Record<string, unknown>;
  updateConnectionThread(connectionId: string, threadId: string): boolean;
  getConnectionIdBySocket(socket: ConnectionSocket): string | undefined;
}

/** The protocol's older name. */
export type WebSocketProtocol = WebSocketManagerProtocol;
