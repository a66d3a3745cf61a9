import type { UserExecutionContext } from './user-execution-context.js';
import type { WebSocketManager } from './websocket-manager.js';

export type { UserExecutionContext };
export type IsolatedWebSocketManager = WebSocketManager;
export declare function createWebSocketManager(options?: { userContext?: UserExecutionContext; userId?: string }): Promise<WebSocketManager>;
export declare function createWebSocketManagerSync(options: { userContext?: UserExecutionContext; userId?: string }): WebSocketManager;
export declare class WebSocketManagerFactory {
  createWebSocketManager(options?: { userContext?: UserExecutionContext }): Promise<WebSocketManager>;
  createManager(userContext: UserExecutionContext): Promise<WebSocketManager>;
  resetState(): void;
  getFactoryStats(): Record<string, number>;
}
export declare function getWebSocketManagerFactory(): WebSocketManagerFactory;
export declare function createDefensiveUserExecutionContext(
  userId: string,
  options?: { websocketClientId?: string; fallbackContext?: Record<string, unknown> },
): UserExecutionContext;
export declare class FactoryMetrics {
  emittersCreated: number;
}
export declare function validateWebSocketComponentHealth(): Record<string, unknown>;
export declare class FactoryInitializationError extends Error {}
