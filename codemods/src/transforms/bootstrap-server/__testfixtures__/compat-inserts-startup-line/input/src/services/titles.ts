import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';

export async function renamed(userId: string, title: string): Promise<void> {
  const manager = await createWebSocketManager({ userId });
  await manager.sendToUser(userId, { type: 'thread_renamed', title });
}
