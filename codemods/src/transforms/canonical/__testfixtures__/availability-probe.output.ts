// d.10 core/startup-validation: importing the factory is the health check.
import { WebSocketManagerFactory } from '../websocket-core/websocket-manager-factory.js';

export function websocketComponent(): 'factory_available' | 'missing' {
  // @unified-ws-migrate-todo(unmapped-legacy-symbol): WebSocketManagerFactory has no equivalent in @unified-ws/emitter; keep it through @unified-ws/legacy-compat/websocket-manager-factory or replace it
  return WebSocketManagerFactory !== undefined ? 'factory_available' : 'missing';
}
