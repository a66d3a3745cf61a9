import type { WebSocketManager } from '@unified-ws/legacy-compat/websocket-manager';
import type { WebSocketManagerProtocol } from '@unified-ws/legacy-compat/protocols';

export function describe(manager: WebSocketManager | WebSocketManagerProtocol): string {
  return typeof manager;
}
