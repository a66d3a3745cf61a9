import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function sendProgress(ctx: UserExecutionContext, percent: number): Promise<void> {
  const { createWebSocketManager } = await import('@unified-ws/legacy-compat/websocket-manager-factory');
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'progress', percent });
}
