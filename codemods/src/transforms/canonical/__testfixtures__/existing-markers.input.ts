// A second run over code an earlier run marked: the marker is found, not added again.
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function thread(ctx: UserExecutionContext): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  // @unified-ws-migrate-todo(manager-send-to-thread): sendToThread() treated the thread id as a user id; send to the run's user with getDefaultEmitterServer().notifyUser(userId, type, data) or forRun(...)
  await manager.sendToThread(ctx.threadId, { type: 'x' });
}
