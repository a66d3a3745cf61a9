/** Entry point for `websocket-core/unified-manager`. */
export { FactoryBypassDetected, WebSocketManagerMode } from './legacy/websocket-connection.js';
export type { ConnectionSocket, WebSocketConnection } from './legacy/websocket-connection.js';
export { UnifiedWebSocketManager, UnifiedWebSocketManagerImplementation, WebSocketManager } from './legacy/websocket-manager.js';
export type { ConnectionHealth, EventListener } from './legacy/websocket-manager.js';
export type { LegacyMessage } from './core/payload-mapping.js';
