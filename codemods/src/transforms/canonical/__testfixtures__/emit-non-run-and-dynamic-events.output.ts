// Event types outside the five become user events; a type only known at run time cannot be mapped.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function forward(ctx: UserExecutionContext, eventType: string, data: Record<string, unknown>): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  getDefaultEmitterServer().notifyUser(ctx.userId, 'connection_error', { message: 'reconnecting', severity: 'low' });
  // @unified-ws-migrate-todo(manager-emit-critical-event): the event type is only known at run time; call forRun(...).emit(type, payload) with a payload the emitter accepts
  await manager.emitCriticalEvent(ctx.userId, eventType, data);
}
