import * as factoryModule from '../websocket-core/websocket-manager-factory.js';

export function health(): Record<string, unknown> {
  return factoryModule.validateWebSocketComponentHealth();
}
