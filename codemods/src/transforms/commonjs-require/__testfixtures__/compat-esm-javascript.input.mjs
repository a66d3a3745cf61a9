import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';

export async function open(ctx) {
  return createWebSocketManager({ userContext: ctx });
}
