/** Entry point for `websocket-core/websocket-manager`. */
export { getWebSocketManager } from './legacy/manager-factory.js';
export {
  IsolatedWebSocketManager,
  UnifiedWebSocketManager,
  WebSocketConnectionManager,
  WebSocketManager,
} from './legacy/websocket-manager.js';
export type { ConnectionHealth, EventListener, WebSocketManagerOptions } from './legacy/websocket-manager.js';
export {
  CRITICAL_EVENTS,
  IsolatedWebSocketEventEmitter,
  UserWebSocketEmitter,
  WebSocketEventEmitter,
} from './legacy/unified-websocket-emitter.js';
export type { LegacyContextInput, LegacyUserContext } from './core/legacy-context.js';
export type { LegacyMessage } from './core/payload-mapping.js';
