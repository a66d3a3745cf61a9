// A module object, and imports already retargeted by a compat run (entry and root).
import * as factory from '../websocket-core/websocket-manager-factory.js';
import { getWebSocketManager } from '@unified-ws/legacy-compat/websocket-manager';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function both(ctx: UserExecutionContext, manager: factory.IsolatedWebSocketManager): Promise<void> {
  const fresh = await factory.createWebSocketManager({ userContext: ctx });
  await fresh.sendToUser(ctx.userId, { type: 'ping' });
  const other = await getWebSocketManager(ctx);
  await other.emitCriticalEvent(ctx.userId, 'agent_thinking', { agent_name: 'x', reasoning: 'y' });
  await manager.sendToUser(ctx.userId, { type: 'pong' });
}
