// A path the user added in unified-ws.config.json.
import { createWebSocketManager } from '@chat/ws-factory';

export async function ping(userId: string): Promise<void> {
  const manager = await createWebSocketManager({ userId });
  await manager.sendToUser(userId, { type: 'ping' });
}
