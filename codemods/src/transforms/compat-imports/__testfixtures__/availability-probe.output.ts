// F17: the import itself is the probe.
import { WebSocketManagerFactory } from '@unified-ws/legacy-compat/websocket-manager-factory';

export function websocketStatus(): string {
  return WebSocketManagerFactory !== undefined ? 'factory_available' : 'missing';
}
