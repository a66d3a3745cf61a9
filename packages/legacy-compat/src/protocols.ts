/** Entry point for `websocket-core/protocols`. */
export type { WebSocketManagerProtocol, WebSocketProtocol } from './legacy/protocols.js';
