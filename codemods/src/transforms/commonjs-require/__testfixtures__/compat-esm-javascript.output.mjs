import { createWebSocketManager } from '@unified-ws/legacy-compat/websocket-manager-factory';

export async function open(ctx) {
  return createWebSocketManager({ userContext: ctx });
}
