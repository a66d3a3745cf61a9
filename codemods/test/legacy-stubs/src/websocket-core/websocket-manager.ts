import type { UserExecutionContext } from './user-execution-context.js';

export declare class WebSocketManager {
  sendToUser(userId: string, message: Record<string, unknown>): Promise<void>;
  sendToThread(threadId: string, message: Record<string, unknown>): Promise<boolean>;
  emitCriticalEvent(userId: string, eventType: string, data: Record<string, unknown>): Promise<void>;
  sendAgentEvent(userId: string, eventType: string, data: Record<string, unknown>): Promise<void>;
  broadcast(message: Record<string, unknown>): Promise<void>;
  addConnection(connection: unknown): Promise<void>;
  getUserConnections(userId: string): Set<string>;
  isConnectionActive(userId: string): boolean;
}
export { WebSocketManager as UnifiedWebSocketManager, WebSocketManager as WebSocketConnectionManager };
export declare function getWebSocketManager(userContext?: UserExecutionContext): Promise<WebSocketManager>;
