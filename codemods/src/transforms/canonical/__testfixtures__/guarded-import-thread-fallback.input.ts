// d.4 agents/synthetic-data-progress-tracker: lazy import in try, thread/user fallback.
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function reportProgress(ctx: UserExecutionContext, threadId: string | undefined, userId: string | undefined, percent: number): Promise<void> {
  try {
    const { createWebSocketManager } = await import('../websocket-core/websocket-manager-factory.js');
    const manager = await createWebSocketManager({ userContext: ctx });
    const message = { type: 'generation_progress', percent };
    if (threadId) {
      await manager.sendToThread(threadId, message);
    } else if (userId && !userId.startsWith('run_')) {
      await manager.sendToUser(userId, { type: 'generation_progress', percent });
    }
  } catch (error) {
    console.info('websocket layer unavailable; progress kept locally', error);
  }
}
