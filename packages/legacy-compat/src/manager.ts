/** Entry point for `websocket-core/manager` (a legacy re-export of the manager). */
export { UnifiedWebSocketManager, WebSocketManager } from './legacy/websocket-manager.js';
