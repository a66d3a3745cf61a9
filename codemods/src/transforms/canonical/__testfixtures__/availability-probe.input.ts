// d.10 core/startup-validation: importing the factory is the health check.
import { WebSocketManagerFactory } from '../websocket-core/websocket-manager-factory.js';

export function websocketComponent(): 'factory_available' | 'missing' {
  return WebSocketManagerFactory !== undefined ? 'factory_available' : 'missing';
}
