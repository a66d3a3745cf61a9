// d.1 routes/utils/thread-title-generator: a fresh manager per call, then sendToUser.
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function announceTitle(ctx: UserExecutionContext | undefined, userId: string, threadId: string, newTitle: string): Promise<void> {
  if (ctx) {
    try {
      const manager = await createWebSocketManager({ userContext: ctx });
      await manager.sendToUser(String(userId), {
        type: 'thread_renamed',
        threadId,
        newTitle,
        timestamp: new Date().toISOString(),
      });
    } catch (error) {
      console.error('could not announce the new title', error);
    }
  }
}
