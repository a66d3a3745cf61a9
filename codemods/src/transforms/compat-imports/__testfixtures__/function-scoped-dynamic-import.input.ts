import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function sendProgress(ctx: UserExecutionContext, percent: number): Promise<void> {
  const { createWebSocketManager } = await import('../websocket-core/websocket-manager-factory.js');
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'progress', percent });
}
