import type { WebSocketManager } from '../websocket-core/websocket-manager.js';
import type { WebSocketManagerProtocol } from '../websocket-core/protocols.js';

export function describe(manager: WebSocketManager | WebSocketManagerProtocol): string {
  return typeof manager;
}
