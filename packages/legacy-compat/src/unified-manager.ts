/** Entry point for `websocket-core/unified-manager`. */
export { WebSocketConnection, WebSocketManagerMode } from './legacy/websocket-connection.js';
export type { WebSocketConnectionInit } from './legacy/websocket-connection.js';
export { UnifiedWebSocketManager, WebSocketManager } from './legacy/websocket-manager.js';
