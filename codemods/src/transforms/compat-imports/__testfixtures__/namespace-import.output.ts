import * as factoryModule from '@unified-ws/legacy-compat/websocket-manager-factory';

export function health(): Record<string, unknown> {
  return factoryModule.validateWebSocketComponentHealth();
}
