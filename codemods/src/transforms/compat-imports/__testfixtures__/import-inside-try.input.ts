import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function report(ctx: UserExecutionContext, message: Record<string, unknown>): Promise<boolean> {
  try {
    const factory = await import(`../websocket-core/websocket-manager-factory.js`);
    const manager = await factory.createWebSocketManager({ userContext: ctx });
    await manager.sendToThread(ctx.threadId, message);
    return true;
  } catch (error) {
    console.warn('websocket layer unavailable', error);
    return false;
  }
}
