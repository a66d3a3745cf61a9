import { createWebSocketManager } from '@unified-ws/legacy-compat/websocket-manager-factory';

export async function renamed(userId: string, title: string): Promise<void> {
  const manager = await createWebSocketManager({ userId });
  await manager.sendToUser(userId, { type: 'thread_renamed', title });
}
