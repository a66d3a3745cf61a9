// Event types outside the five become user events; a type only known at run time cannot be mapped.
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function forward(ctx: UserExecutionContext, eventType: string, data: Record<string, unknown>): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.emitCriticalEvent(ctx.userId, 'connection_error', { message: 'reconnecting', severity: 'low' });
  await manager.emitCriticalEvent(ctx.userId, eventType, data);
}
