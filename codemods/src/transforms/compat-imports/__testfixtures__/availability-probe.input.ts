// F17: the import itself is the probe.
import { WebSocketManagerFactory } from '../websocket-core/websocket-manager-factory.js';

export function websocketStatus(): string {
  return WebSocketManagerFactory !== undefined ? 'factory_available' : 'missing';
}
