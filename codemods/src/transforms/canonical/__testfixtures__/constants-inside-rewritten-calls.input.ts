// A legacy constant inside an argument that moves into the canonical call is renamed there too.
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import { CRITICAL_EVENTS, type CriticalEventType } from '../websocket-core/unified-emitter.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function announce(ctx: UserExecutionContext, first: CriticalEventType): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'capabilities', events: CRITICAL_EVENTS, first });
  await manager.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: CRITICAL_EVENTS[0] });
}
