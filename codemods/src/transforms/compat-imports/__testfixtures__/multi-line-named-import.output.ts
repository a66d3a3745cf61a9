import {
  WebSocketManagerFactory,
  createWebSocketManager,
  // the stale name eleven legacy files still import
  type IsolatedWebSocketManager,
} from "@unified-ws/legacy-compat/websocket-manager-factory";

export const factory = new WebSocketManagerFactory();
export async function open(): Promise<IsolatedWebSocketManager> {
  return createWebSocketManager();
}
