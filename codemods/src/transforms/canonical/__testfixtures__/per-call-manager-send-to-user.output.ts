// d.1 routes/utils/thread-title-generator: a fresh manager per call, then sendToUser.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function announceTitle(ctx: UserExecutionContext | undefined, userId: string, threadId: string, newTitle: string): Promise<void> {
  if (ctx) {
    try {
      getDefaultEmitterServer().notifyUser(String(userId), 'thread_renamed', {
        threadId,
        newTitle,
        timestamp: new Date().toISOString(),
      });
    } catch (error) {
      console.error('could not announce the new title', error);
    }
  }
}
