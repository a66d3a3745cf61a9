import type { LegacyMessage } from '../core/payload-mapping.js';
import type { WebSocketConnection } from './websocket-connection.js';
import type { ConnectionHealth } from './websocket-manager.js';

/**
 * The formal manager interface. Legacy bound this name to the wrong class (a later plain
 * class reused the name); here it is the interface `WebSocketManager` implements.
 */
export interface WebSocketManagerProtocol {
  sendToUser(userId: string, message: LegacyMessage): Promise<void>;
  emitCriticalEvent(userId: string, eventType: string, data: LegacyMessage): Promise<void>;
  sendToThread(threadId: string, message: LegacyMessage): Promise<boolean>;
  addConnection(connection: WebSocketConnection): Promise<void>;
  removeConnection(connectionId: string): Promise<void>;
  getUserConnections(userId?: string): Set<string>;
  isConnectionActive(userId: string): boolean;
  getConnectionHealth(userId: string): ConnectionHealth;
  updateConnectionThread(connectionId: string, threadId: string): boolean;
  getConnectionIdBySocket(socket: unknown): string | undefined;
}

/** The protocol's older name. */
export type WebSocketProtocol = WebSocketManagerProtocol;
