// d.4 agents/synthetic-data-progress-tracker: lazy import in try, thread/user fallback.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function reportProgress(ctx: UserExecutionContext, threadId: string | undefined, userId: string | undefined, percent: number): Promise<void> {
  try {
    const { createWebSocketManager } = await import('../websocket-core/websocket-manager-factory.js');
    const manager = await createWebSocketManager({ userContext: ctx });
    const message = { type: 'generation_progress', percent };
    if (threadId) {
      // @unified-ws-migrate-todo(manager-send-to-thread): sendToThread() treated the thread id as a user id; send to the run's user with getDefaultEmitterServer().notifyUser(userId, type, data) or forRun(...)
      await manager.sendToThread(threadId, message);
    } else if (userId && !userId.startsWith('run_')) {
      getDefaultEmitterServer().notifyUser(userId, 'generation_progress', { percent });
    }
  } catch (error) {
    console.info('websocket layer unavailable; progress kept locally', error);
  }
}
